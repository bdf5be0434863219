import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * Vehicle registration plates. Layouts vary by country and era (`7ABC123` California, `AB12 CDE` UK,
 * `B-MW 1234` Germany, `AA-123-BB` France, `1234 BCD` Spain), so the only structure checked is a short run
 * of 4-8 upper-case letters and digits, in up to three groups, with at least one of each. That shape is
 * everywhere (model numbers, codes), so a plate is reported only right after a plate word, and the
 * patterns only run around those words.
 */

/** Upper-case tokens that mix with a number in prose near these words (times, units, currencies, ids). */
const NOT_PLATE_GROUPS = new Set([
  'AM',
  'PM',
  'UTC',
  'GMT',
  'BST',
  'CET',
  'EST',
  'PST',
  'EUR',
  'USD',
  'GBP',
  'AUD',
  'CAD',
  'CHF',
  'JPY',
  'INR',
  'KM',
  'KG',
  'MB',
  'GB',
  'TB',
  'KB',
  'MM',
  'CM',
  'MPH',
  'ID',
  'NO',
  'NR',
  'NUM',
  'REF',
  'V',
  'VS',
  'X',
  'PX',
  'PT',
  'HTML',
  'API',
  'HTTP',
  'OK',
  'USB',
  'CPU',
  'GPU',
  'AND',
  'OR',
  'TO',
  'ON',
  'IN',
  'AT',
  'IS',
  'THE',
]);

export function validateLicensePlate(value: string): ValidationResult {
  const groups = value.split(/[ -]/);
  const chars = groups.join('');
  // Plates of two to four characters exist (vanity plates), but near these words "PS2", "1A", "MP3" or
  // "50 US" are far more often model names, list items, grid cells and counts.
  if (chars.length < 5 || chars.length > 8) return 'invalid';
  if (!/\d/.test(chars) || !/[A-Z]/.test(chars)) return 'invalid';
  if (groups.some((g) => NOT_PLATE_GROUPS.has(g))) return 'invalid';
  // An ordinal or a quantity with a unit ("2ND", "4X4", "3D") is not a plate; nor is a lone number + letter.
  if (/^\d+(?:ST|ND|RD|TH|D|K|X\d+)$/.test(chars)) return 'invalid';
  return 'neutral';
}

export const licensePlate: RecognizerSpec = Object.freeze({
  id: 'license-plate',
  entity: 'LICENSE_PLATE',
  version: '1.0.0',
  description: 'Vehicle registration plates (2-8 letters and digits) right after a plate word',
  // "plate" (license/licence/number plate, plate number), "plaque" (plaque d'immatriculation) and "reg"
  // followed by a space, ".", ":", "#", "i" or "o" (reg, reg., registration, rego) open the windows, in any
  // case. Every further keyword costs about as much again on every text (a bare "tag" also opens windows
  // around games, HTML and git), so Kennzeichen, matrícula, targa, kenteken and "tag number" count only as
  // extra context inside a window already open.
  anchor: { pattern: /pla(?:te|que)|reg[ .:#io]/gi, before: 20, after: 48 },
  patterns: [
    {
      name: 'plate',
      regex:
        /(?<![\w-])(?!(?:PLATE|PLAQUE|REG|REGO|TAG|NO|NR|NUMBER)(?![\w-]))(?:[A-Z0-9]{1,3}[ -][A-Z0-9]{1,4}[ -][A-Z0-9]{1,4}|[A-Z0-9]{1,4}[ -][A-Z0-9]{1,5}|[A-Z0-9]{2,8})(?![\w-])/g,
      score: 0.05,
    },
  ],
  validate: validateLicensePlate,
  context: {
    words: [
      'license plate',
      'licence plate',
      'number plate',
      'plate',
      'plate number',
      'plate no',
      'plaque',
      'reg',
      'reg no',
      'registration',
      'registration number',
      'registration plate',
      'rego',
      'kennzeichen',
      'matrícula',
      'matricula',
      'immatriculation',
      'targa',
      'kenteken',
      // Found only inside a window opened by the anchor (see above).
      'tag number',
      'tag no',
      'tag#',
      'license tag',
      'licence tag',
    ],
    negative: [
      'company',
      'companies',
      'vat',
      'tax',
      'trademark',
      'domain',
      'event',
      'conference',
      'course',
      'student',
      'html',
      'git',
      'release',
      'version',
      'docker',
      'image',
      'patent',
      'charity',
      'invoice',
      'order',
    ],
    boost: 0.5,
    penalty: 0.5,
    before: 32,
    after: 8,
  },
});
