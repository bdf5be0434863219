import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { luhnValid } from '../../validators/checksums.js';

/**
 * US National Provider Identifier (NPI): ten digits, the first 1 (individual) or 2 (organisation); the last
 * is a Luhn check digit computed over the prefix 80840 (the ISO 7812 issuer number for US health) followed
 * by the first nine digits (CMS, "Requirements for NPI check digit").
 *
 * One ten-digit number in ten passes the check, so a valid NPI alone scores 0.4: an NPI word ("NPI",
 * "national provider", "prescriber") is needed to report it. Phone-number words lower it.
 */
export function validateNpi(value: string): ValidationResult {
  // CMS: Luhn over "80840" + all ten digits (check digit included) must hold.
  return luhnValid(`80840${value}`) ? { validation: 'valid', score: 0.4 } : 'invalid';
}

export const usNpi: RecognizerSpec = Object.freeze({
  id: 'us-npi',
  entity: 'US_NPI',
  version: '1.0.0',
  description:
    'US National Provider Identifier (10 digits, Luhn with the 80840 prefix); needs an NPI word nearby',
  // Unrolled (\d\d... rather than \d{9}): V8 can then skip through text that has no ten-digit run
  // (Boyer-Moore lookahead over the fixed positions), several times faster than a counted repeat.
  patterns: [{ name: 'npi', regex: /[12](?<![\w.,/-][12])\d\d\d\d\d\d\d\d\d(?![\w-]|[.,]\d)/g, score: 0.4 }],
  validate: validateNpi,
  context: {
    words: [
      'npi',
      'npi#',
      'npi no',
      'npi number',
      'national provider',
      'national provider identifier',
      'provider id',
      'provider number',
      'provider no',
      'prescriber',
      'prescriber id',
      'nppes',
      'rendering provider',
      'billing provider',
      'attending provider',
      'referring provider',
      'ordering provider',
      'type 1 npi',
      'type 2 npi',
      'individual npi',
      'group npi',
    ],
    negative: [
      'phone',
      'tel',
      'telephone',
      'fax',
      'call',
      'mobile',
      'cell',
      'account',
      'order',
      'invoice',
      'tracking',
    ],
    boost: 0.5,
    floor: 0.85,
    before: 40,
    after: 8,
  },
});
