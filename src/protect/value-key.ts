/**
 * When are two values "the same" for consistency within a scope? `synthesize` gives them the same fake and
 * the token vault the same placeholder. Number-like values compare by their digits ("4111 1111 1111 1111"
 * and "4111-1111-1111-1111" are one card), codes by their letters and digits case-folded, names and
 * addresses case-insensitively with runs of spaces as one; everything else by its trimmed text.
 */
import { alnumOf, digitsOf } from '../detect/validators/checksums.js';

/** Entities compared by their digits only. */
export const DIGIT_ENTITIES = new Set([
  'CREDIT_CARD',
  'CARD_CVV',
  'US_SSN',
  'US_ITIN',
  'PHONE_NUMBER',
  'UK_NHS_NUMBER',
  'US_NPI',
  'US_ROUTING_NUMBER',
  'US_BANK_ACCOUNT',
  'CA_SIN',
  'IN_AADHAAR',
  'AU_TFN',
  'AU_MEDICARE',
  'AGE',
]);

/** Codes compared by their letters and digits, case-folded. */
const CODE_ENTITIES = new Set([
  'IBAN_CODE',
  'SWIFT_BIC',
  'MAC_ADDRESS',
  'ZIP_CODE',
  'UK_NINO',
  'UK_UTR',
  'VIN',
  'LICENSE_PLATE',
  'US_DEA_NUMBER',
  'ES_NIF',
  'ES_NIE',
  'IN_PAN',
  'SG_NRIC',
  'IT_FISCAL_CODE',
  'FR_NIR',
]);

/** Names compared case-insensitively, runs of spaces as one. */
const TEXT_ENTITIES = new Set(['PERSON', 'LOCATION', 'ORGANIZATION', 'STREET_ADDRESS', 'EMAIL_ADDRESS']);

export function normalizeValue(entity: string, value: string): string {
  const trimmed = value.trim();
  if (DIGIT_ENTITIES.has(entity)) return digitsOf(trimmed) || trimmed;
  if (CODE_ENTITIES.has(entity)) return alnumOf(trimmed) || trimmed;
  if (TEXT_ENTITIES.has(entity)) return trimmed.replace(/\s+/g, ' ').toLowerCase();
  return trimmed;
}
