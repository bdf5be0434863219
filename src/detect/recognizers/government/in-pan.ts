import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * Indian Permanent Account Numbers (Income Tax Department): five letters, four digits, one letter, all
 * upper case (`AAAPA1234A`). The fourth letter is the holder type: C company, P person, H Hindu undivided
 * family, F firm, A association of persons, T trust, B body of individuals, L local authority, J artificial
 * juridical person, G government. The last letter is a check character whose algorithm is not published,
 * so the shape alone is evidence: strong for a person's PAN, but below the threshold without context.
 */
export function validatePan(value: string): ValidationResult {
  // Placeholders typed in forms and documentation: AAAPA1234A, ABCPE1234F, ...0000...
  const digits = value.slice(5, 9);
  if (digits === '0000' || ((value.startsWith('ABC') || /^(.)\1\1/.test(value)) && digits === '1234'))
    return 'invalid';
  return 'neutral';
}

export const inPan: RecognizerSpec = Object.freeze({
  id: 'in-pan',
  entity: 'IN_PAN',
  version: '1.0.0',
  description: 'Indian Permanent Account Numbers (AAAPA1234A) with the holder-type letter',
  patterns: [
    {
      name: 'pan',
      // Upper case only; the boundary is a lookbehind after the first letter. Classes are unrolled (`\d\d`,
      // not `\d{2}`): V8's Boyer-Moore lookahead skips ahead only on the unrolled form, several times faster.
      regex: /[A-Z](?<![\w-][A-Z])[A-Z][A-Z][ABCFGHJLPT][A-Z]\d\d\d\d[A-Z](?![\w-])/g,
      score: 0.45,
    },
  ],
  validate: validatePan,
  context: {
    words: [
      'pan',
      'pan card',
      'pan no',
      'pan number',
      'permanent account number',
      'permanent account',
      'income tax',
      'itr',
    ],
    boost: 0.4,
  },
});
