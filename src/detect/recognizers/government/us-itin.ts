import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { digitsOf } from '../../validators/checksums.js';

/**
 * IRS Individual Taxpayer Identification Number: 9XX-GG-SSSS. The IRS issues ITINs with a first digit 9 and
 * a group (digits 4-5) in 50-65, 70-88, 90-92 or 94-99 (IRS, "ITIN" definition and Publication 1915); other
 * groups starting with 9 are used for adoption numbers (ATIN, group 93) or never issued.
 */
export function itinGroupValid(group: number): boolean {
  return (
    (group >= 50 && group <= 65) ||
    (group >= 70 && group <= 88) ||
    (group >= 90 && group <= 92) ||
    group >= 94
  );
}

export function validateItin(value: string): ValidationResult {
  const d = digitsOf(value);
  if (d.length !== 9 || d[0] !== '9') return 'invalid';
  if (!itinGroupValid(Number(d.slice(3, 5)))) return 'invalid';
  if (d.slice(5) === '0000') return 'invalid';
  if (value.length === 9) return { validation: 'neutral', score: 0.05 }; // nine plain digits: needs context
  // Separators must give the 3-2-4 layout and be the same twice ("912-70 1234" is not a written ITIN).
  const m = /^\d{3}([ .-])\d{2}([ .-])\d{4}$/.exec(value);
  if (m === null || m[1] !== m[2]) return 'invalid';
  // The dashed layout is how IRS documents write it; a 9XX-7X-XXXX number is never an SSN (area 9 unissued).
  return { validation: 'neutral', score: m[1] === '-' ? 0.6 : 0.3 };
}

export const usItin: RecognizerSpec = Object.freeze({
  id: 'us-itin',
  entity: 'US_ITIN',
  version: '1.0.0',
  description: 'US Individual Taxpayer Identification Numbers (9XX-GG-SSSS) with the IRS group ranges',
  patterns: [
    {
      name: 'itin',
      // The boundary sits in a lookbehind after the first character. Digits are unrolled (`\d\d\d`, not
      // `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the unrolled form, several times faster.
      regex: /9(?<![\w.-]9)\d\d[ .-]?\d\d[ .-]?\d\d\d\d(?![\w-]|[.,]\d)/g,
      score: 0.3,
    },
  ],
  validate: validateItin,
  context: {
    words: [
      'itin',
      'itins',
      'individual taxpayer',
      'taxpayer identification',
      'taxpayer id',
      'tax id',
      'tin',
      'w-7',
      'irs',
    ],
    boost: 0.4,
    floor: 0.65, // above a bare 9-digit phone candidate that found "number" (0.6)
  },
});
