import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { digitsOf, weightedSum } from '../../validators/checksums.js';

/**
 * Australian Tax File Numbers (Australian Taxation Office): nine digits (older numbers eight) whose weighted
 * sum is divisible by 11, weights 1, 4, 3, 7, 5, 8, 6, 9, 10 for nine digits and 10, 7, 8, 4, 6, 3, 5, 1 for
 * eight (the ATO algorithm as documented on Wikipedia "Tax file number" and implemented by python-stdnum
 * `au.tfn`). One random string in eleven passes, so the number needs "TFN" or "tax file number" nearby.
 */
const TFN9_WEIGHTS = [1, 4, 3, 7, 5, 8, 6, 9, 10] as const;
const TFN8_WEIGHTS = [10, 7, 8, 4, 6, 3, 5, 1] as const;

export function tfnValid(digits: string): boolean {
  if (/^\d{9}$/.test(digits)) return weightedSum(digits, TFN9_WEIGHTS) % 11 === 0;
  if (/^\d{8}$/.test(digits)) return weightedSum(digits, TFN8_WEIGHTS) % 11 === 0;
  return false;
}

export function validateTfn(value: string): ValidationResult {
  const d = digitsOf(value);
  if (!tfnValid(d) || /^(\d)\1+$/.test(d)) return 'invalid';
  if (value.length === d.length) return { validation: 'valid', score: d.length === 9 ? 0.2 : 0.15 };
  // The ATO prints TFNs as 3-3-3 (3-3-2 for old eight-digit numbers), with one kind of separator.
  const m = /^\d{3}([ -])\d{3}([ -])\d{2,3}$/.exec(value);
  if (m === null || m[1] !== m[2]) return 'invalid';
  return { validation: 'valid', score: 0.4 };
}

export const auTfn: RecognizerSpec = Object.freeze({
  id: 'au-tfn',
  entity: 'AU_TFN',
  version: '1.0.0',
  description: 'Australian Tax File Numbers (8 or 9 digits, ATO weighted modulus-11 check)',
  patterns: [
    {
      name: 'tfn',
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /\d(?<![\w.,+/-]\d)\d\d[ -]?\d\d\d[ -]?\d\d\d?(?![\w-]|[.,/]\d)/g,
      score: 0.2,
    },
  ],
  validate: validateTfn,
  context: {
    words: ['tfn', 'tax file number', 'tax file', 'tax file no'],
    // With context the score beats a phone candidate that found the word "number" (up to 0.75).
    boost: 0.45,
    floor: 0.8,
  },
});
