import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { digitsOf, luhnValid } from '../../validators/checksums.js';

/**
 * Canadian Social Insurance Numbers: nine digits written 3-3-3, Luhn-checked (Employment and Social
 * Development Canada). The first digit is the province or the kind of holder; 0 is used only for
 * fictitious numbers (such as the well-known example 046 454 286) and 8 is not assigned, so both are
 * rejected. One random nine-digit string in ten passes Luhn, so the number needs its context.
 */
export function validateSin(value: string): ValidationResult {
  const d = digitsOf(value);
  if (d.length !== 9 || d[0] === '0' || d[0] === '8' || /^(\d)\1+$/.test(d)) return 'invalid';
  if (!luhnValid(d)) return 'invalid';
  if (value.length === 9) return { validation: 'valid', score: 0.2 };
  const m = /^\d{3}([ -])\d{3}([ -])\d{3}$/.exec(value);
  if (m === null || m[1] !== m[2]) return 'invalid';
  return { validation: 'valid', score: 0.4 };
}

export const caSin: RecognizerSpec = Object.freeze({
  id: 'ca-sin',
  entity: 'CA_SIN',
  version: '1.0.0',
  description: 'Canadian Social Insurance Numbers (3-3-3, Luhn)',
  patterns: [
    {
      name: 'sin',
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /[1-79](?<![\w.,+/-]\d)\d\d[ -]?\d\d\d[ -]?\d\d\d(?![\w-]|[.,/]\d)/g,
      score: 0.2,
    },
  ],
  validate: validateSin,
  context: {
    words: [
      'sin',
      'social insurance',
      'social insurance number',
      "numéro d'assurance sociale",
      'assurance sociale',
    ],
    // With context the score beats a phone candidate that found the word "number" (up to 0.75).
    boost: 0.45,
    floor: 0.8,
  },
});
