import type { RecognizerSpec, Validation } from '../../types.js';
import { mod97Valid } from '../../validators/checksums.js';

/**
 * International Bank Account Numbers (ISO 13616): country code, two check digits, then the national
 * BBAN. Checked against the length the SWIFT IBAN registry fixes for each country and the ISO 7064
 * MOD 97-10 check digits, which catch every single-character error and nearly all transpositions, so a
 * valid value is reported with certainty. Printed compact or in groups of four ("DE89 3704 0044 0532
 * 0130 00"), upper or lower case, with any mix of space, dash or dot between groups.
 */

/** IBAN length by country: every one of the 89 countries in the SWIFT IBAN registry (2024-2025 releases). */
// prettier-ignore
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
});

export function validateIban(value: string): Validation {
  // Groups of four may be split by spaces, dashes or dots, even mixed ("GB50 QJCD-1535 4384 ..."): the
  // grouping itself is enforced by the pattern and MOD 97-10 makes a chance match vanishingly unlikely.
  const compact = value.replace(/[ .-]/g, '');
  // An IBAN is printed in one case; "Gb82West..." is some other token.
  if (compact !== compact.toUpperCase() && compact !== compact.toLowerCase()) return 'invalid';
  const iban = compact.toUpperCase();
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined || iban.length !== length) return 'invalid';
  // ISO 7064: check digits 00, 01 and 99 are never produced by the MOD 97-10 computation.
  const check = iban.slice(2, 4);
  if (check === '00' || check === '01' || check === '99') return 'invalid';
  return mod97Valid(iban) ? 'valid' : 'invalid';
}

/** A group of four after the first must hold a digit, so a following word ("from", "Bank") is not taken in. */
const GROUP = String.raw`[ .-](?=[A-Za-z]{0,3}\d)[A-Za-z0-9]{4}`;
/**
 * The last group: one to four characters, with a digit for the same reason; or the currency code that
 * ends Mauritius and Seychelles BBANs ("MU17 BOMM 0101 1010 3030 0200 000M UR", "SC18 SSCB 1101 0000
 * 0000 0000 1497 USD"), accepted only after exactly that layout.
 */
const LAST = String.raw`(?:[ .-](?=[A-Za-z]{0,3}\d)[A-Za-z0-9]{1,4}|[ .-][A-Z]{2,3}(?<=(?<![A-Za-z0-9])(?:MU|SC)\d\d(?:[ .-][A-Z0-9]{4}){6}[ .-][A-Z]{2,3}))?`;
/** Country and check digits. The boundary lookbehind comes after the first letter, so V8 first filters
 * positions with a cheap letter-letter-digit-digit check. */
const START = String.raw`[A-Za-z](?<![A-Za-z0-9][A-Za-z])[A-Za-z]\d\d`;
/** Compact, or grouped by fours with the first BBAN group free (bank codes are often letters). */
const BBAN = String.raw`(?:[A-Za-z0-9]{11,30}|[ .-][A-Za-z0-9]{4}(?:${GROUP}){1,7}${LAST})`;

export const ibanCode: RecognizerSpec = Object.freeze({
  id: 'iban-code',
  entity: 'IBAN_CODE',
  version: '1.0.0',
  description: 'IBANs (ISO 13616): registry length per country and MOD 97-10 check digits',
  patterns: [
    {
      name: 'iban',
      regex: new RegExp(String.raw`${START}${BBAN}(?![A-Za-z0-9])`, 'g'),
      score: 0.3,
    },
  ],
  validate: validateIban,
});
