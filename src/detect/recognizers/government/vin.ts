import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * Vehicle identification numbers (ISO 3779; 49 CFR Part 565): 17 characters from 0-9 and A-Z without I, O
 * and Q, the last four numeric (ISO 3779, vehicle indicator section). North American VINs carry a check digit in position 9:
 * letters are transliterated (A-H → 1-8, J-N → 1-5, P → 7, R → 9, S-Z → 2-9), weighted 8, 7, 6, 5, 4, 3, 2,
 * 10, 0, 9, 8, 7, 6, 5, 4, 3, 2, and the sum modulo 11 is the check digit (10 is written X) (49 CFR 565.15;
 * its example `1M8GDM9AXKP042788`). Other regions, e.g. most EU VINs, do not use the check digit, so a VIN
 * whose ninth character does not check needs a context word.
 */
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
// Transliteration values for A..Z (I, O and Q never occur: 0 here).
const LETTER_VALUES = [1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 0, 7, 0, 9, 2, 3, 4, 5, 6, 7, 8, 9];

export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin.charCodeAt(i);
    const v = c <= 57 ? c - 48 : (LETTER_VALUES[c - 65] as number);
    sum += v * (WEIGHTS[i] as number);
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function validateVin(value: string): ValidationResult {
  // Long digit runs (timestamps, order numbers) are not VINs: every world manufacturer identifier in use
  // (positions 1-3) contains a letter, and the descriptor section rarely lacks one.
  if (!/[A-Z]/.test(value.slice(0, 3)) || /^(.)\1+$/.test(value)) return 'invalid';
  if (!/[A-Z]/.test(value.slice(3, 11))) return { validation: 'neutral', score: 0.1 };
  if (vinCheckDigit(value) === value[8]) return { validation: 'valid', score: 0.95 };
  return { validation: 'neutral', score: 0.2 };
}

export const vin: RecognizerSpec = Object.freeze({
  id: 'vin',
  entity: 'VIN',
  version: '1.0.0',
  description: 'Vehicle identification numbers (ISO 3779, 17 characters; North American check digit)',
  // A VIN ends in four digits preceded by 13 VIN characters; finding that end first is far cheaper than
  // trying a 17-character class run at every position (and `\d\d\d\d` is several times faster than `\d{4}`
  // in V8, whose Boyer-Moore lookahead sees through unrolled classes only).
  anchor: { pattern: /\d\d\d\d(?![A-Za-z0-9])(?<=[A-HJ-NPR-Z0-9]{13}\d{4})/g, before: 14, after: 1 },
  patterns: [
    {
      name: 'vin',
      regex: /(?<![\w-])[A-HJ-NPR-Z0-9]{13}\d{4}(?![\w-])/g,
      score: 0.2,
    },
  ],
  validate: validateVin,
  context: {
    words: [
      'vin',
      'vins',
      'vehicle identification',
      'vehicle identification number',
      'chassis',
      'chassis number',
      'vehicle',
      'fahrgestellnummer',
      'fahrzeug-identifizierungsnummer',
      'numéro de série',
      'bastidor',
      'telaio',
    ],
    boost: 0.5,
  },
});
