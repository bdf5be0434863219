import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * Phone numbers in any country's layout. A candidate is any run of 7-15 digits grouped the way people
 * write phone numbers; how much evidence the layout carries decides the score:
 *  - an international prefix that libphonenumber validates for its country is near-certain;
 *  - a national layout with an area code in parentheses, a NANP 3-3-4 grouping, or an extension is strong;
 *  - other groupings need a context word ("phone", "call", "fax", ...) to pass the default threshold;
 *  - dates, IPv4 addresses, SSNs, decimals and version numbers are rejected.
 */

const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:\d{2}|\d{4}))$/;
const IPV4_LIKE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const SSN_LIKE = /^\d{3}-\d{2}-\d{4}$/;
const NANP = /^(?:\+?1[ .-]?|001[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;
const SLASHED_AREA_CODE = /^0\d{1,5} ?\/ ?\d[\d -]*$/;
const EXTENSION = /\s*(?:x|ext\.?|extension)\s*(\d{1,6})$/i;

function splitExtension(value: string): { main: string; hasExtension: boolean } {
  const m = EXTENSION.exec(value);
  return m ? { main: value.slice(0, m.index), hasExtension: true } : { main: value, hasExtension: false };
}

/** Number of ASCII digits; most candidates in prose are short numbers ("2024", "15") and stop here. */
function countDigits(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) n++;
  }
  return n;
}

export function validatePhone(value: string, _site?: MatchSite): ValidationResult {
  if (countDigits(value) < 7) return 'invalid';
  const { main, hasExtension } = splitExtension(value);
  const digits = main.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return 'invalid';
  if (DATE_LIKE.test(main) || IPV4_LIKE.test(main) || SSN_LIKE.test(main)) return 'invalid';
  // A slash appears in phone numbers only after a trunk-prefixed area code ("030/1234567", DIN 5008's
  // older form); elsewhere it separates other numbers ("16/32/58/64", fractions, ratios).
  if (main.includes('/') && !SLASHED_AREA_CODE.test(main)) return 'invalid';
  if (/^(\d)\1+$/.test(digits)) return 'invalid';
  const international = /^(?:\+|00)/.test(main);
  const separators = main.match(/[ .\-/()]/g)?.length ?? 0;
  // A dotted layout with a single dot is a decimal number, not a phone number.
  if (/^\d+\.\d+$/.test(main)) return 'invalid';

  if (international) {
    const parsed = parsePhoneNumberFromString(main.replace(/^00/, '+').replace(/\(0\)/, ''));
    if (parsed?.isValid()) return { validation: 'valid', score: 0.95 };
    if (parsed?.isPossible()) return { validation: 'neutral', score: 0.75 };
    return { validation: 'neutral', score: 0.6 };
  }
  let score: number;
  if (NANP.test(main)) score = 0.7;
  else if (/^\(\d{1,5}\)/.test(main)) score = 0.65;
  else if (separators === 0) score = digits.length === 10 || digits.length === 11 ? 0.3 : 0.2;
  else if (main.startsWith('0'))
    score = 0.45; // national trunk prefix, grouped
  else score = 0.35;
  if (hasExtension) score += 0.15;
  return { validation: 'neutral', score: Math.min(score, 0.9) };
}

export const phoneNumber: RecognizerSpec = Object.freeze({
  id: 'phone-number',
  entity: 'PHONE_NUMBER',
  version: '1.0.0',
  description: 'Telephone numbers, international (validated with libphonenumber) and national layouts',
  patterns: [
    {
      name: 'grouped-digits',
      // Lookbehind: not inside a word, a number ("1,234") or a longer digit string. Lookahead: not followed by
      // more digits, but a dash before a word is fine ("555-0143-Office").
      regex:
        /(?<![\w+./:-])(?<!\d,)(?:(?:\+|00)\d{1,3}[ .-]?)?(?:\(0\)[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,15}(?:[ .\-/]\d{1,10}){0,6}(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?!\w|-\d|[.,/:]\d)/gi,
      score: 0.3,
    },
  ],
  validate: validatePhone,
  context: {
    words: [
      'phone',
      'telephone',
      'tel',
      'tel.',
      'ph',
      'mobile',
      'mob',
      'cell',
      'cellphone',
      'fax',
      'call',
      'called',
      'calling',
      'contact',
      'reach',
      'dial',
      'ring',
      'sms',
      'text',
      'whatsapp',
      'office',
      'desk',
      'landline',
      'hotline',
      'extension',
      'ext',
      'messages',
      'voicemail',
      'registered',
      'answering',
      'number',
      'home',
      'work',
      'téléphone',
      'teléfono',
      'telefon',
      'telefono',
      'handy',
      'portable',
      'móvil',
    ],
    negative: [
      'order',
      'invoice',
      'account',
      'acct',
      'reference',
      'ref',
      'tracking',
      'ticket',
      'serial',
      'isbn',
      'case',
      'policy',
      'confirmation',
      'mrn',
      'patient id',
      'routing',
      'iban',
      // Identifiers that share phone layouts: "NHS number 943 476 5919", "social security number 536221234".
      'ssn',
      'social security',
      'nhs',
      'sin',
      'social insurance',
      'tfn',
      'tax file',
      'utr',
      'medicare',
      'aadhaar',
      'npi',
      'passport',
      'license',
      'licence',
      'member',
      'subscriber',
      'imei',
      'device',
      'vin',
    ],
    boost: 0.4,
    // A negative word outweighs the generic "number" boost.
    penalty: 0.5,
    before: 40,
    after: 16,
  },
});
