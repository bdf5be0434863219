import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * JSON Web Tokens (RFC 7519) in compact serialisation (RFC 7515 §7.1, RFC 7516 §7.1): base64url segments
 * separated by dots, the first decoding to a JSON header with an `alg` member (so it starts `eyJ`). JWS
 * has three segments (the signature is empty for `"alg":"none"`, RFC 7519 §6.1); JWE has five.
 *
 * The header must parse as a JSON object with a string `alg`; a JWS payload must parse as JSON; a signed
 * token's signature must be at least 16 characters. The sample token of jwt.io, printed in countless
 * tutorials, is not a secret.
 */
const JWT_IO_SIGNATURE = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function validateJwt(value: string): ValidationResult {
  const parts = value.split('.');
  const header = decodeJson(parts[0] as string);
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return 'invalid';
  const alg = (header as Record<string, unknown>)['alg'];
  if (typeof alg !== 'string') return 'invalid';
  if (parts.length === 5)
    return typeof (header as Record<string, unknown>)['enc'] === 'string' ? 'valid' : 'invalid';
  if (parts.length !== 3) return 'invalid';
  const payload = decodeJson(parts[1] as string);
  if (typeof payload !== 'object' || payload === null) return 'invalid';
  const signature = parts[2] as string;
  if (alg.toLowerCase() === 'none')
    return signature === '' ? { validation: 'valid', score: 0.85 } : 'invalid';
  if (signature.length < 16 || signature === JWT_IO_SIGNATURE) return 'invalid';
  return 'valid';
}

export const jwt: RecognizerSpec = Object.freeze({
  id: 'jwt',
  entity: 'JWT',
  version: '1.0.0',
  description: 'JSON Web Tokens (JWS and JWE compact form) with a decodable JSON header carrying "alg"',
  // `eyJ` at a word start, found by string search for the rare `J` (pivotRegExp) rather than a regex pass.
  // A window must hold the longest token: the segments' bounds below add up to 26,200 characters.
  anchor: {
    pattern: pivotRegExp('J', /J(?<=(?<![A-Za-z0-9_-])eyJ)/, 'g', {
      guard: (t, i) => t.charCodeAt(i - 1) === 121,
    }),
    before: 4,
    after: 26300,
  },
  patterns: [
    {
      // Three segments (JWS; the signature is empty when unsigned) or five (JWE). A trailing dot belongs
      // to an unsigned token; after a signature it ends the sentence.
      name: 'compact',
      regex:
        /eyJ(?<![A-Za-z0-9_-]eyJ)[A-Za-z0-9_-]{8,2000}\.[A-Za-z0-9_-]{0,8000}\.[A-Za-z0-9_-]{0,8000}(?:\.[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{8,200})?(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/g,
      score: 0.5,
    },
  ],
  validate: validateJwt,
});
