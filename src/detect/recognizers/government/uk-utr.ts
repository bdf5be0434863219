import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { digitsOf, weightedSum } from '../../validators/checksums.js';

/**
 * UK Unique Taxpayer Reference: ten digits whose FIRST digit checks the other nine. The nine digits are
 * weighted 6, 7, 8, 9, 10, 5, 4, 3, 2, and the remainder of the sum modulo 11 maps to the check digit through
 * the table 0→2, 1→1, 2→9, 3→8, 4→7, 5→6, 6→5, 7→4, 8→3, 9→2, 10→1 (HMRC's own validator,
 * hmrc/awrs-frontend `UTRValidator.scala`; the same rule in hmrc/reference-checker). Self Assessment UTRs
 * are often written with a trailing K, and in five-five groups (`12345 67890`).
 */
const UTR_WEIGHTS = [6, 7, 8, 9, 10, 5, 4, 3, 2] as const;
const UTR_CHECK = '21987654321';

export function utrValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  return UTR_CHECK[weightedSum(digits.slice(1), UTR_WEIGHTS) % 11] === digits[0];
}

export function validateUtr(value: string): ValidationResult {
  const d = digitsOf(value);
  if (!utrValid(d) || /^(\d)\1+$/.test(d)) return 'invalid';
  // One random ten-digit string in eleven passes; the K suffix is specific to Self Assessment references.
  if (/k$/i.test(value)) return { validation: 'valid', score: 0.5 };
  return { validation: 'valid', score: /\s/.test(value) ? 0.35 : 0.3 };
}

export const ukUtr: RecognizerSpec = Object.freeze({
  id: 'uk-utr',
  entity: 'UK_UTR',
  version: '1.0.0',
  description: 'UK Unique Taxpayer References (10 digits, HMRC modulus-11 check digit first)',
  patterns: [
    {
      name: 'utr',
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /\d(?<![\w.,+/-]\d)\d\d\d\d ?\d\d\d\d\d(?: ?[Kk])?(?![\w-]|[.,/]\d)/g,
      score: 0.3,
    },
  ],
  validate: validateUtr,
  context: {
    words: [
      'utr',
      'unique taxpayer reference',
      'taxpayer reference',
      'tax reference',
      'self assessment',
      'self-assessment',
      'hmrc',
      'corporation tax',
      'sa utr',
      'ct utr',
    ],
    negative: ['phone', 'telephone', 'tel', 'mobile', 'call', 'fax', 'nhs'],
    // With a tax word the score beats a phone candidate that found the word "number" (up to 0.75).
    boost: 0.5,
    floor: 0.8,
    penalty: 0.5,
  },
});
