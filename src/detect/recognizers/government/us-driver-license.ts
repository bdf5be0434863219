import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * US driver's license numbers. Every state has its own layout (AAMVA DL/ID Card Design Standard, annex of
 * state formats): 1-13 digits (most states), one letter and 4-14 digits (CA, FL, IL, MD, MI, MN, NJ, WI...),
 * two letters, six digits and a letter (ID), two digits, three letters and five digits (NH), three digits,
 * two letters and four digits (IA), digits followed by one or two letters (ME, MO, VT), and dashed or spaced
 * print layouts such as FL `D123-456-78-901-0` or WI `S123-4567-8901-23`. None has a published check digit,
 * so the value is reported only near a licence word, and the patterns only run around those words.
 */

const DATE_LIKE =
  /^(?:(?:19|20)\d{2}[ -](?:0?[1-9]|1[0-2])[ -](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[ -](?:0?[1-9]|[12]\d|3[01])[ -](?:19|20)\d{2})$/;

export function validateDriverLicense(value: string): ValidationResult {
  const digits = value.replace(/\D/g, '');
  // Short numbers exist (some states issue 1-6 digits) but are indistinguishable from counts and years.
  if (digits.length < 6 || digits.length > 18) return 'invalid';
  if (/^(\d)\1+$/.test(digits)) return 'invalid';
  if (DATE_LIKE.test(value)) return 'invalid';
  // The SSN layout is left to us-ssn, even though a few states once used the SSN as the licence number.
  if (/^\d{3}-\d{2}-\d{4}$/.test(value)) return 'invalid';
  if (/[ -]/.test(value)) {
    // Printed groups of digits alone (`2270-66-1551`, NY `123 456 789`) need nine digits or more: shorter
    // runs like `358 0594` or `71-33-52-22` near the word "license" are phone numbers. The NANP phone
    // layout 3-3-4 is left to phone-number.
    if (/^[\d -]+$/.test(value) && digits.length < 9) return 'invalid';
    if (/^\d{3}[ -]\d{3}[ -]\d{4}$/.test(value)) return 'invalid';
  }
  return 'neutral';
}

export const usDriverLicense: RecognizerSpec = Object.freeze({
  id: 'us-driver-license',
  entity: 'US_DRIVER_LICENSE',
  version: '1.0.0',
  description: "US driver's license numbers in the states' layouts; needs a licence word nearby",
  // "license", "licence", "LICENSE" and "DL" open the windows; the patterns never run elsewhere.
  anchor: { pattern: /[Ll]icen[cs]e|LICEN[CS]E|DL/g, before: 30, after: 64 },
  patterns: [
    {
      name: 'state-layouts',
      regex:
        /(?<![\w.,/-])(?:[A-Za-z]{1,3}-?\d{4,14}[A-Za-z]{0,2}|\d{5,14}[A-Za-z]{0,2}|\d{2,3}[A-Za-z]{2,3}\d{4,5}|[A-Za-z]?-?\d{1,4}(?:-\d{1,5}){1,4}|\d{3,4}(?: \d{3,4}){1,3})(?![\w-]|[.,/]\d)/g,
      score: 0.1,
    },
  ],
  validate: validateDriverLicense,
  context: {
    words: ['license', 'licence', 'driver', 'drivers', 'driving', 'dl', 'dln'],
    negative: [
      'plate',
      'software',
      'key',
      'serial',
      'product',
      'activation',
      'invoice',
      'order',
      'mit',
      'gpl',
      'apache',
      'version',
      'phone',
      'tel',
      'mobile',
      'call',
      'fax',
    ],
    // With a licence word the score beats a phone candidate that found the word "number" (up to 0.75).
    boost: 0.75,
    floor: 0.8,
    penalty: 0.5,
    before: 48,
    // The licence word comes before the number; looking far after it would pick up the next line's words.
    after: 8,
  },
});
