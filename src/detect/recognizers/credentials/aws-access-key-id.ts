import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';

/**
 * AWS access key IDs and other IAM unique identifiers: a four-letter resource prefix and 16 characters of
 * RFC 4648 base32 (`A-Z`, `2-7`), as listed in the IAM User Guide ("IAM identifiers: unique identifiers").
 *
 * `AKIA` (long-term access key), `ASIA` (temporary STS key), `ABIA` (STS bearer token) and `ACCA`
 * (context-specific credential) identify credentials and are reported on their own. The other prefixes
 * (`AIDA` user, `AROA` role, `AGPA` group, `ANPA`/`ANVA` managed policy, `AIPA` instance profile, `APKA`
 * public key, `ASCA` certificate) identify resources, and need an AWS context word. The AWS documentation
 * example `AKIAIOSFODNN7EXAMPLE` and `AKIAXXXXXXXXXXXXXXXX` placeholders are not reported.
 */
const CREDENTIAL_PREFIXES = new Set(['AKIA', 'ASIA', 'ABIA', 'ACCA']);

export function validateAwsAccessKeyId(value: string): ValidationResult {
  if (isPlaceholderToken(value.slice(4))) return 'invalid';
  return CREDENTIAL_PREFIXES.has(value.slice(0, 4))
    ? { validation: 'valid', score: 0.95 }
    : { validation: 'valid', score: 0.4 };
}

export const awsAccessKeyId: RecognizerSpec = Object.freeze({
  id: 'aws-access-key-id',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'AWS access key IDs (AKIA/ASIA/ABIA/ACCA) and IAM unique identifiers with their base32 body',
  patterns: [
    {
      name: 'iam-unique-id',
      regex:
        /A(?<![A-Za-z0-9]A)(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|ROA|PKA|SCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g,
      score: 0.4,
    },
  ],
  validate: validateAwsAccessKeyId,
  context: {
    words: [
      'aws',
      'amazon',
      'iam',
      'arn',
      'access key',
      'access key id',
      'aws_access_key_id',
      'accesskeyid',
      'key id',
      'userid',
      'roleid',
      'role id',
      'user id',
      'principal',
      'sts',
      'credentials',
    ],
    boost: 0.45,
    floor: 0.85,
  },
});
