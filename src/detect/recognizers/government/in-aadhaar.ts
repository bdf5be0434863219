import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { digitsOf, verhoeffValid } from '../../validators/checksums.js';

/**
 * Indian Aadhaar numbers: twelve digits written 4-4-4, the first 2-9 (0 and 1 are reserved) and the last a
 * Verhoeff check digit (UIDAI, "Aadhaar Numbering Scheme"). Verhoeff catches every single-digit error and
 * every adjacent transposition; one random string in ten passes. UIDAI does not issue palindromic numbers
 * (the same rule python-stdnum applies), which also removes placeholders like 2222 2222 2222.
 */
export function validateAadhaar(value: string): ValidationResult {
  const d = digitsOf(value);
  if (d.length !== 12 || d[0] === '0' || d[0] === '1') return 'invalid';
  if (d === [...d].reverse().join('') || !verhoeffValid(d)) return 'invalid';
  if (value.length === 12) return { validation: 'valid', score: 0.45 };
  const m = /^\d{4}([ -])\d{4}([ -])\d{4}$/.exec(value);
  if (m === null || m[1] !== m[2]) return 'invalid';
  // The printed 4-4-4 grouping with a valid Verhoeff digit is moderately strong on its own.
  return { validation: 'valid', score: 0.6 };
}

export const inAadhaar: RecognizerSpec = Object.freeze({
  id: 'in-aadhaar',
  entity: 'IN_AADHAAR',
  version: '1.0.0',
  description: 'Indian Aadhaar numbers (12 digits, 4-4-4, Verhoeff check digit)',
  patterns: [
    {
      name: 'aadhaar',
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /[2-9](?<![\w.,+/-]\d)\d\d\d[ -]?\d\d\d\d[ -]?\d\d\d\d(?![\w-]|[.,/]\d)/g,
      score: 0.45,
    },
  ],
  validate: validateAadhaar,
  context: {
    words: ['aadhaar', 'aadhar', 'adhaar', 'aadhaar number', 'uid', 'uidai', 'आधार'],
    // Other grouped twelve-digit numbers: one in ten passes Verhoeff by chance.
    negative: [
      'order',
      'invoice',
      'tracking',
      'ref',
      'reference',
      'lot',
      'serial',
      'card',
      'account',
      'transaction',
    ],
    boost: 0.4,
    floor: 0.8,
  },
});
