import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { dniLetter } from './es-nif.js';

/**
 * Spanish foreigner identity numbers (NIE, Número de Identidad de Extranjero): X, Y or Z, seven digits and a
 * control letter. The prefix stands for a leading digit (X=0, Y=1, Z=2) and the letter is the DNI mod-23
 * letter of the resulting eight-digit number (Ministerio del Interior, "Cálculo del dígito de control del
 * NIF/NIE"; Orden INT/2058/2008 introduced the Y and Z series).
 */
export function nieValid(value: string): boolean {
  const v = value.replace(/-/g, '').toUpperCase();
  const m = /^([XYZ])(\d{7})([A-Z])$/.exec(v);
  if (m === null) return false;
  const lead = 'XYZ'.indexOf(m[1] as string);
  return dniLetter(Number(`${lead}${m[2] as string}`)) === m[3];
}

export function validateNie(value: string): ValidationResult {
  if (!nieValid(value) || /^.-?(\d)\1{6}/.test(value)) return 'invalid';
  // A prefix letter, seven digits and the right letter (one in 23 by chance): a specific shape.
  return { validation: 'valid', score: /^[XYZ]/.test(value) ? 0.85 : 0.6 };
}

export const esNie: RecognizerSpec = Object.freeze({
  id: 'es-nie',
  entity: 'ES_NIE',
  version: '1.0.0',
  description: 'Spanish NIE numbers (X/Y/Z + 7 digits + mod-23 letter)',
  patterns: [
    {
      name: 'nie',
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /[XYZxyz](?<![\w-][A-Za-z])-?\d\d\d\d\d\d\d-?[A-Za-z](?![\w-])/g,
      score: 0.5,
    },
  ],
  validate: validateNie,
  context: {
    words: [
      'nie',
      'n.i.e',
      'extranjero',
      'identidad de extranjero',
      'número de identidad de extranjero',
      'tie',
      'residencia',
    ],
    boost: 0.4,
  },
});
