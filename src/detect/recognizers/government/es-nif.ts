import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { luhnValid } from '../../validators/checksums.js';

/**
 * Spanish tax identification numbers (NIF). Three shapes, each with a control character:
 *  - DNI: eight digits and a letter, TRWAGMYFPDXBNJZSQVHLCKE[number mod 23] (Real Decreto 1553/2005, art. 11;
 *    Ministerio del Interior, "Cálculo del dígito de control del NIF/NIE");
 *  - K, L or M followed by seven digits and the same mod-23 letter (NIFs for minors and non-residents,
 *    Orden EHA/451/2008);
 *  - CIF of legal entities: an entity-type letter, seven digits, and a control that is the Luhn check digit
 *    of the seven digits, written as that digit or as the letter JABCDEFGHI[digit] (Orden EHA/451/2008;
 *    python-stdnum `es.cif`). Either form is accepted, as the rules on which types use which are applied
 *    inconsistently.
 * NIEs of foreigners (X/Y/Z) are reported by es-nie.
 */
export const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** The mod-23 control letter of a DNI/NIE number. */
export function dniLetter(num: number): string {
  return DNI_LETTERS[num % 23] as string;
}

export function cifValid(value: string): boolean {
  const m = /^([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])$/.exec(value);
  if (m === null) return false;
  const body = m[2] as string;
  let check = 0;
  while (check < 10 && !luhnValid(body + String(check))) check++;
  const control = m[3] as string;
  return control === String(check) || control === 'JABCDEFGHI'[check];
}

export function validateNif(value: string): ValidationResult {
  const v = value.replace(/-/g, '').toUpperCase();
  if (/^\d{8}[A-Z]$/.test(v)) {
    if (/^(\d)\1{7}/.test(v)) return 'invalid';
    if (dniLetter(Number(v.slice(0, 8))) !== v[8]) return 'invalid';
    // Eight digits and the right letter: one random candidate in 23 passes, and the shape is specific.
    return { validation: 'valid', score: /[a-z]$/.test(value) ? 0.6 : 0.85 };
  }
  if (/^[KLM]\d{7}[A-Z]$/.test(v) && dniLetter(Number(v.slice(1, 8))) === v[8]) {
    return { validation: 'valid', score: 0.6 };
  }
  // A letter, seven digits and a control: shared with passport and licence numbers, so context decides.
  if (cifValid(v)) return { validation: 'valid', score: 0.4 };
  return 'invalid';
}

export const esNif: RecognizerSpec = Object.freeze({
  id: 'es-nif',
  entity: 'ES_NIF',
  version: '1.0.0',
  description: 'Spanish NIF: DNI (8 digits + mod-23 letter), K/L/M NIFs, and CIF of legal entities',
  patterns: [
    {
      name: 'nif',
      // One pass for the three shapes (a digit or an upper-case type letter, seven digits, a control); the
      // validator tells them apart. Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead
      // skips ahead only on the unrolled form, which makes the scan several times faster.
      regex: /[0-9A-HJ-NP-SUVW](?<![\w.,+/-][0-9A-Z])\d\d\d\d\d\d\d-?[0-9A-Za-z](?![\w-])/g,
      score: 0.4,
    },
  ],
  validate: validateNif,
  context: {
    words: [
      'nif',
      'dni',
      'cif',
      'n.i.f',
      'd.n.i',
      'documento nacional de identidad',
      'identificación fiscal',
      'número de identificación fiscal',
      'nº de identificación',
      'tax id',
      'spanish id',
    ],
    boost: 0.4,
  },
});
