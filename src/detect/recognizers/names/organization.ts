import type { RecognizerSpec } from '../../types.js';

/**
 * Organisations: companies, hospitals, clinics, universities, banks, agencies, charities, found by the
 * shipped entity tagger (`models/ner/`). Company names that are common words ("Apple", "Target",
 * "Amazon") need an organisation word nearby.
 */
const HOMONYMS = new Set('apple target amazon shell visa oracle subway gap sprint delta'.split(' '));

export const organization: RecognizerSpec = Object.freeze({
  id: 'organization',
  entity: 'ORGANIZATION',
  version: '1.0.0',
  description: 'An organisation: company, hospital, university, bank, agency (entity tagger)',
  patterns: [],
  model: 'ner',
  context: {
    words: [
      'company',
      'employer',
      'works',
      'work',
      'worked',
      'working',
      'joined',
      'ceo',
      'founder',
      'hospital',
      'clinic',
      'bank',
      'insurer',
      'insurance',
      'agency',
      'university',
      'school',
      'at',
      'for',
      'with',
      'inc',
      'corp',
      'ltd',
      'llc',
      'shares',
      'stock',
      'organization',
      'organisation',
      'firm',
      'store',
    ],
    boost: 0.1,
    floor: 0,
    before: 32,
    after: 16,
  },
  needsContext: (value: string) => HOMONYMS.has(value.toLowerCase()),
});
