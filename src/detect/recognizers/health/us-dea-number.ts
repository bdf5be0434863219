import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * US DEA registration numbers (prescribers of controlled substances): two letters and seven digits.
 * The first letter is the registrant type (A, B, F, G for practitioners and hospitals, M for mid-level
 * practitioners, P-U, X for narcotic treatment, ...); the second is the initial of the registrant's last
 * name, or 9 for a business. DEA check digit: (d1 + d3 + d5) + 2 x (d2 + d4 + d6), last digit = d7.
 */

/** DEA registrant-type letters in use (DEA Diversion Control: A B C D E F G H J K L M P R S T U X). */
const REGISTRANT_TYPES = 'ABCDEFGHJKLMPRSTUX';

export function validateDea(value: string, site?: MatchSite): ValidationResult {
  // The regex starts at any capital; the value must start a word ("XAB1234563" is not a DEA number).
  if (site !== undefined && site.start > 0 && /[\w-]/.test(site.text[site.start - 1] as string))
    return 'invalid';
  if (!REGISTRANT_TYPES.includes(value[0] as string)) return 'invalid';
  const d = value.slice(2);
  const n = (i: number): number => d.charCodeAt(i) - 48;
  const check = (n(0) + n(2) + n(4) + 2 * (n(1) + n(3) + n(5))) % 10;
  if (check !== n(6)) return 'invalid';
  // All-zero serials are placeholders.
  if (/^0{6}/.test(d)) return 'invalid';
  return 'valid';
}

export const usDeaNumber: RecognizerSpec = Object.freeze({
  id: 'us-dea-number',
  entity: 'US_DEA_NUMBER',
  version: '1.0.0',
  description:
    'US DEA registration numbers (registrant type, initial or 9, seven digits with the DEA check digit)',
  // Unrolled (\d\d... rather than \d{7}): V8 can then skip through text that has no seven-digit run
  // (Boyer-Moore lookahead over the fixed positions), several times faster than a counted repeat.
  patterns: [{ name: 'dea', regex: /[A-Z][A-Z9]\d\d\d\d\d\d\d(?![\w-]|[.,]\d)/g, score: 0.5 }],
  validate: validateDea,
  // One two-letter, seven-digit code in ten passes the check; product codes share the shape.
  validScore: 0.85,
  context: {
    words: [
      'dea',
      'dea#',
      'dea no',
      'dea number',
      'dea registration',
      'registration',
      'prescriber',
      'controlled substance',
      'schedule ii',
      'rx',
    ],
    negative: ['sku', 'part', 'model', 'order', 'invoice', 'serial', 'flight', 'booking'],
    boost: 0.15,
    floor: 0.9,
  },
});
