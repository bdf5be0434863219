import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { shannonEntropy } from '../../validators/checksums.js';
import { charClasses, isPlaceholderToken } from '../../validators/secret-values.js';

/**
 * AWS secret access keys: 40 characters of base64 (`A-Z a-z 0-9 / +`). The shape alone is common (base64
 * data, hashes), so a key is reported only next to its label (`aws_secret_access_key = …`,
 * `SecretAccessKey: …`, "AWS secret key …") or within 200 characters of an AWS access key ID (the two are
 * written together in credentials files, CSV exports and environment blocks).
 *
 * Random 40-character base64 strings have Shannon entropy above 4.3 bits per character in 999 of 1000
 * cases (simulated); 4.1 rejects patterned strings. The documentation example
 * `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY` is a placeholder.
 */
const ACCESS_KEY_ID = /(?:AKIA|ASIA)[A-Z2-7]{16}/;

export function validateAwsSecretAccessKey(value: string, site: MatchSite): ValidationResult {
  if (isPlaceholderToken(value)) return 'invalid';
  const c = charClasses(value);
  if (c.upper === 0 || c.lower === 0 || c.digit === 0) return 'invalid';
  if (shannonEntropy(value) < 4.1) return 'invalid';
  const near = site.text.slice(Math.max(0, site.start - 200), Math.min(site.text.length, site.end + 200));
  if (ACCESS_KEY_ID.test(near)) return { validation: 'valid', score: 0.9 };
  return 'neutral';
}

const LABEL = String.raw`(?:secret[_ .-]?access[_ .-]?key|aws[_ .-]?secret(?:[_ .-]?access)?(?:[_ .-]?key)?)`;
const SEPARATOR = String.raw`(?:["'\]]{0,2}[ \t]{0,3}(?:[:=]|=>|is)[ \t]{0,3}["']?|[ \t]{1,3}|["'],[ \t]?["'])`;

export const awsSecretAccessKey: RecognizerSpec = Object.freeze({
  id: 'aws-secret-access-key',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'AWS secret access keys (40 base64 characters) next to their label or an access key ID',
  // Every key sits within 200 characters of "secret" or of an access key ID.
  anchor: { pattern: /ecret|ECRET|A[KS]IA/g, before: 220, after: 260 },
  patterns: [
    {
      name: 'labelled',
      regex: new RegExp(`(?<=${LABEL}${SEPARATOR})[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])`, 'gi'),
      score: 0.9,
    },
    { name: 'near-key-id', regex: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, score: 0.3 },
  ],
  validate: validateAwsSecretAccessKey,
  context: {
    words: [
      'aws',
      'amazon',
      'secret access key',
      'secret key',
      'aws_secret_access_key',
      'secretaccesskey',
      'aws_secret_key',
      'iam',
    ],
    boost: 0.35,
    floor: 0.6,
  },
});
