import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { digitsOf, nhsMod11Valid } from '../../validators/checksums.js';

/**
 * NHS numbers (England, Wales, Isle of Man): ten digits, the last a modulus-11 check digit (NHS Data
 * Dictionary, "NHS Number"). Printed in a 3-3-4 grouping, e.g. the NHS test number `943 476 5919`. One random
 * ten-digit string in eleven passes the check, and UK phone numbers share the 3-3-4 shape, so a checksum
 * alone is weak evidence: the printed grouping scores a little higher, and a health context decides.
 */
export function validateNhsNumber(value: string): ValidationResult {
  const d = digitsOf(value);
  if (!nhsMod11Valid(d) || /^(\d)\1+$/.test(d)) return 'invalid';
  if (value.length === 10) return { validation: 'valid', score: 0.4 };
  // Mixed separators ("943 476-5919") are not how the number is printed.
  const m = /^\d{3}([ -])\d{3}([ -])\d{4}$/.exec(value);
  if (m === null || m[1] !== m[2]) return 'invalid';
  return { validation: 'valid', score: m[1] === ' ' ? 0.55 : 0.45 };
}

export const ukNhsNumber: RecognizerSpec = Object.freeze({
  id: 'uk-nhs-number',
  entity: 'UK_NHS_NUMBER',
  version: '1.0.0',
  description: 'UK NHS numbers (10 digits, 3-3-4) with the modulus-11 check digit',
  patterns: [
    {
      name: 'nhs-number',
      // Digits are unrolled (`\d\d\d`, not `\d{3}`): V8's Boyer-Moore lookahead skips ahead only on the
      // unrolled form, which makes the scan several times faster.
      regex: /\d(?<![\w.,+/-]\d)\d\d[ -]?\d\d\d[ -]?\d\d\d\d(?![\w-]|[.,/]\d)/g,
      score: 0.4,
    },
  ],
  validate: validateNhsNumber,
  context: {
    words: ['nhs', 'nhs number', 'nhs no', 'national health service', 'health service'],
    // Phone words near a 3-3-4 number mean a phone number, whatever its checksum.
    negative: ['phone', 'telephone', 'tel', 'mobile', 'call', 'fax', 'ring', 'dial', 'whatsapp', 'sms'],
    // With "NHS" nearby the score beats a phone candidate in the NANP 3-3-4 layout (0.7).
    boost: 0.4,
    floor: 0.8,
    // Enough to keep a phone-worded number below the threshold even with "NHS" nearby.
    penalty: 0.6,
  },
});
