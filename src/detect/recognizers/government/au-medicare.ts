import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { digitsOf, weightedSum } from '../../validators/checksums.js';

/**
 * Australian Medicare card numbers (Services Australia): ten digits printed 4-5-1, the first 2-6, the ninth
 * a check digit equal to the first eight weighted 1, 3, 7, 9, 1, 3, 7, 9 modulo 10, the tenth the card's
 * issue number. The individual reference number (IRN, 1-9) that identifies a person on the card is often
 * appended (`2123 45670 1/1` or eleven digits). One random string in ten passes, so context decides.
 */
const MEDICARE_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9] as const;

export function medicareValid(digits: string): boolean {
  if (!/^[2-6]\d{9}$/.test(digits)) return false;
  return weightedSum(digits, MEDICARE_WEIGHTS) % 10 === digits.charCodeAt(8) - 48;
}

export function validateMedicare(value: string): ValidationResult {
  const d = digitsOf(value);
  if (d.length === 11 && d[10] === '0') return 'invalid'; // the IRN is 1-9
  if (!medicareValid(d.slice(0, 10)) || /^(\d)\1+$/.test(d)) return 'invalid';
  const card = value.replace(/[/-]\d$/, '');
  if (/\d{4}[ -]\d{5}[ -]\d/.test(card)) return { validation: 'valid', score: 0.4 };
  return { validation: 'valid', score: 0.2 };
}

export const auMedicare: RecognizerSpec = Object.freeze({
  id: 'au-medicare',
  entity: 'AU_MEDICARE',
  version: '1.0.0',
  description: 'Australian Medicare card numbers (10 digits 4-5-1, weighted modulus-10 check, optional IRN)',
  patterns: [
    {
      name: 'medicare',
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /[2-6](?<![\w.,+/-]\d)\d\d\d( ?)\d\d\d\d\d\1\d(?:[/-][1-9]|(?<=\d{10})[1-9])?(?![\w-]|[.,/]\d)/g,
      score: 0.2,
    },
  ],
  validate: validateMedicare,
  context: {
    words: ['medicare', 'medicare number', 'medicare card', 'medicare no', 'irn'],
    // With context the score beats a phone candidate that found the word "number" (up to 0.75).
    boost: 0.45,
    floor: 0.8,
  },
});
