import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { luhnValid } from '../../validators/checksums.js';

/**
 * French NIR (numéro d'inscription au répertoire, the "numéro de sécurité sociale", INSEE): sex (1 or 2;
 * 3, 4, 7 and 8 for people registered without full civil status), year and month of birth, department
 * (two digits, 2A or 2B for Corsica), commune, order number, then a two-digit key equal to
 * 97 - (the 13-digit number mod 97). For Corsica the computation replaces 2A by 19 and 2B by 18 (INSEE;
 * python-stdnum `fr.nir`). Written grouped `1 84 12 76 451 089 46` or as 15 characters.
 */
export function nirValid(value: string): boolean {
  const v = value.replace(/ /g, '').toUpperCase();
  const m = /^([1-478])(\d{2})(\d{2})(\d{2}|2[AB])(\d{6})(\d{2})$/.exec(v);
  if (m === null) return false;
  const month = Number(m[3]);
  // Months 01-12; 20-42 and 50-99 are used when the month is unknown or for provisional numbers.
  if (month === 0 || (month > 12 && month < 20) || (month > 42 && month < 50)) return false;
  const dept = (m[4] as string).replace('2A', '19').replace('2B', '18');
  const number = `${m[1]}${m[2]}${m[3]}${dept}${m[5]}`;
  let rem = 0;
  for (let i = 0; i < number.length; i++) rem = (rem * 10 + number.charCodeAt(i) - 48) % 97;
  return 97 - rem === Number(m[6]);
}

export function validateNir(value: string): ValidationResult {
  if (!nirValid(value)) return 'invalid';
  // Fifteen compact digits starting 34 or 37 that pass Luhn are American Express card numbers (one in 97
  // of them also passes the NIR key).
  const compact = value.replace(/ /g, '');
  if (/^3[47]\d{13}$/.test(compact) && luhnValid(compact)) return 'invalid';
  // A mod-97 key passes one random number in 97 and the structure narrows it further.
  return { validation: 'valid', score: value.includes(' ') ? 1 : 0.85 };
}

export const frNir: RecognizerSpec = Object.freeze({
  id: 'fr-nir',
  entity: 'FR_NIR',
  version: '1.0.0',
  description: 'French NIR / social security numbers (15 characters, Corsica 2A/2B, mod-97 key)',
  patterns: [
    {
      name: 'nir',
      // Grouped 1-2-2-2-3-3-2 with single spaces, or compact.
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /[1-478](?<![\w.,+/-]\d) ?\d\d ?\d\d ?(?:\d\d|2[ABab]) ?\d\d\d ?\d\d\d ?\d\d(?![\w-]|[.,/]\d)/g,
      score: 0.5,
    },
  ],
  validate: validateNir,
  context: {
    words: [
      'nir',
      'sécurité sociale',
      'securite sociale',
      'sécu',
      'insee',
      'carte vitale',
      'numéro de sécurité sociale',
      'social security',
    ],
  },
});
