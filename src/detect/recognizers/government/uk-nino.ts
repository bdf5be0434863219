import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * UK National Insurance numbers: two prefix letters, six digits, a suffix A-D (HMRC National Insurance
 * Manual NIM39110). D, F, I, Q, U and V are never used in the prefix, O never as its second letter, and the
 * prefixes BG, GB, KN, NK, NT, TN and ZZ are never allocated. HMRC's specimen `QQ 12 34 56 C` is therefore
 * not reported: Q is never issued, and the specimen is printed on forms precisely to be copied as an example.
 */
const UNALLOCATED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

export function validateNino(value: string): ValidationResult {
  const compact = value.replace(/[ -]/g, '');
  if (UNALLOCATED_PREFIXES.has(compact.slice(0, 2))) return 'invalid';
  const separators = value.length - compact.length;
  if (separators === 0) return { validation: 'neutral', score: 0.4 };
  // HMRC prints the number as `AB 12 34 56 C`; that exact grouping (with one kind of separator) is strong.
  if (/^[A-Z]{2}([ -])\d{2}\1\d{2}\1\d{2}\1[A-D]$/.test(value)) return { validation: 'neutral', score: 0.6 };
  // `AB 123456 C` is also common; other partial groupings are weaker.
  if (/^[A-Z]{2} \d{6} [A-D]$/.test(value)) return { validation: 'neutral', score: 0.5 };
  return { validation: 'neutral', score: 0.3 };
}

export const ukNino: RecognizerSpec = Object.freeze({
  id: 'uk-nino',
  entity: 'UK_NINO',
  version: '1.0.0',
  description: 'UK National Insurance numbers (AB 12 34 56 C) with the HMRC prefix rules',
  patterns: [
    {
      name: 'nino',
      // The left boundary is a lookbehind after the first letter. Digits are unrolled (`\d\d`, not `\d{2}`):
      // V8's Boyer-Moore lookahead skips ahead only on the unrolled form, several times faster.
      regex:
        /[A-CEGHJ-PR-TW-Z](?<![\w-][A-Z])[A-CEGHJ-NPR-TW-Z][ -]?\d\d[ -]?\d\d[ -]?\d\d[ -]?[A-D](?![\w-])/g,
      score: 0.4,
    },
  ],
  validate: validateNino,
  context: {
    words: [
      'national insurance',
      'nino',
      'ni number',
      'ni no',
      'ni',
      'insurance number',
      'nic',
      'hmrc',
      'dwp',
    ],
    boost: 0.4,
  },
});
