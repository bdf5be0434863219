import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * Italian codice fiscale of a person (DM 23 dicembre 1976; Agenzia delle Entrate): 16 characters, three
 * from the surname, three from the name, the birth year (2 digits), month letter (ABCDEHLMPRST), day
 * (01-31, plus 40 for women), the birthplace code (a letter and three digits) and a check letter.
 * When two people would get the same code, digits are replaced from the right by LMNPQRSTUV ("omocodia",
 * positions 15, 14, 13, 11, 10, 8, 7). The check letter is the sum of the first 15 characters' values,
 * taken from the odd-position table for positions 1, 3, ..., 15 and as 0-25 for even positions, modulo 26.
 */
const ODD_VALUES = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];
const OMOCODIA = 'LMNPQRSTUV';
const MONTHS = 'ABCDEHLMPRST';

/** Value 0-35 of a character: digits 0-9, letters 0-25 (the tables index digits and letters alike). */
function charIndex(ch: string): number {
  const c = ch.charCodeAt(0);
  return c <= 57 ? c - 48 : c - 65;
}

function omocodicDigit(ch: string): number {
  const i = OMOCODIA.indexOf(ch);
  return i >= 0 ? i : Number(ch);
}

export function codiceFiscaleValid(value: string): boolean {
  if (
    !/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(value)
  ) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const idx = charIndex(value[i] as string);
    sum += i % 2 === 0 ? (ODD_VALUES[idx] as number) : idx; // positions are 1-based in the decree
  }
  if (String.fromCharCode(65 + (sum % 26)) !== value[15]) return false;
  // Day of birth 1-31 (men) or 41-71 (women); the month letter is already restricted by the pattern.
  const day = omocodicDigit(value[9] as string) * 10 + omocodicDigit(value[10] as string);
  return MONTHS.includes(value[8] as string) && ((day >= 1 && day <= 31) || (day >= 41 && day <= 71));
}

export function validateCodiceFiscale(value: string): ValidationResult {
  return codiceFiscaleValid(value) ? 'valid' : 'invalid';
}

export const itFiscalCode: RecognizerSpec = Object.freeze({
  id: 'it-fiscal-code',
  entity: 'IT_FISCAL_CODE',
  version: '1.0.0',
  description: 'Italian codice fiscale of persons (16 characters, omocodia, odd/even check letter)',
  // The birth year and month (`83S`) sit at positions 7-9; their digits are the last ones omocodia replaces,
  // so they anchor the windows. A code whose year digits were both replaced (after six homonyms) is missed.
  anchor: { pattern: /\d\d[ABCDEHLMPRST]/g, before: 8, after: 10 },
  patterns: [
    {
      name: 'codice-fiscale',
      regex:
        /(?<![\w-])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![\w-])/g,
      score: 0.5,
    },
  ],
  validate: validateCodiceFiscale,
  context: {
    words: ['codice fiscale', 'cf', 'c.f', 'fiscal code', 'tax code', 'tessera sanitaria'],
  },
});
