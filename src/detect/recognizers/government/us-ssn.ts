import type { RecognizerSpec, Validation } from '../../types.js';
import { digitsOf } from '../../validators/checksums.js';

/** Numbers published in advertising and specimens; never issued to a person (SSA). */
const SPECIMENS = new Set(['078051120', '219099999', '123456789', '111111111', '333333333', '987654320']);

/**
 * SSA rules: area 000, 666 and 900-999 are never issued (900-999 are ITINs), group 00 and serial 0000
 * are never issued. Since 2011 areas are randomised, so no other area can be excluded.
 */
export function validateSsn(value: string): Validation {
  const d = digitsOf(value);
  if (d.length !== 9 || SPECIMENS.has(d)) return 'invalid';
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return 'invalid';
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return 'invalid';
  // Mixed separators such as "123-45 6789" are tolerated (obfuscation), but "12-345-6789" is not an SSN layout.
  if (/[ .-]/.test(value) && !/^\d{3}[ .-]\d{2}[ .-]\d{4}$/.test(value)) return 'invalid';
  return 'neutral';
}

export const usSsn: RecognizerSpec = Object.freeze({
  id: 'us-ssn',
  entity: 'US_SSN',
  version: '1.0.0',
  description: 'US Social Security numbers (AAA-GG-SSSS) with SSA area/group/serial rules',
  // Each regex starts by consuming a digit and only then checks the boundary behind it, and spells digit
  // runs out (\d\d\d), which lets V8 skip ahead quickly in prose.
  patterns: [
    { name: 'dashed', regex: /\d(?<![\w.-]\d)\d\d-\d\d-\d\d\d\d(?![\w-]|[.,]\d)/g, score: 0.6 },
    {
      name: 'spaced-or-dotted',
      regex: /\d(?<![\w.-]\d)\d\d(?:[ .]\d\d[ .-]|-\d\d[ .])\d\d\d\d(?![\w-]|[.,]\d)/g,
      score: 0.3,
    },
    { name: 'plain', regex: /\d(?<![\w.-]\d)\d\d\d\d\d\d\d\d(?![\w-]|[.,]\d)/g, score: 0.05 },
  ],
  validate: validateSsn,
  context: {
    words: [
      'ssn',
      'ssns',
      'social security',
      'social security number',
      'social sec',
      'ss#',
      'ss #',
      'ssn#',
      'tax id',
      'taxpayer',
    ],
    boost: 0.4,
    // "SSN" next to nine digits is near-certain; it must beat look-alike layouts (phone, bank account).
    floor: 0.85,
  },
});
