import type { RecognizerSpec } from '../../types.js';

/**
 * Places: cities, regions, countries, landmarks and street-level places ("on Main Street"), found by the
 * shipped entity tagger (`models/ner/`). Full postal addresses are STREET_ADDRESS; the tagger reports the
 * city and region inside one. Place names that are common English words ("reading", "nice", "mobile"),
 * written in lowercase, need a place word nearby.
 */
const HOMONYMS = new Set(
  'reading nice mobile bath split orange phoenix buffalo eugene victoria jordan chad georgia turkey china'.split(
    ' ',
  ),
);

export const location: RecognizerSpec = Object.freeze({
  id: 'location',
  entity: 'LOCATION',
  version: '1.0.0',
  description: 'A place: city, region, country, landmark, street (entity tagger)',
  patterns: [],
  model: 'ner',
  context: {
    words: [
      'in',
      'at',
      'from',
      'to',
      'near',
      'city',
      'town',
      'state',
      'country',
      'address',
      'lives',
      'live',
      'living',
      'located',
      'born',
      'moved',
      'visit',
      'visited',
      'travel',
      'travelled',
      'traveled',
      'flight',
      'county',
      'province',
      'region',
      'located',
      'residence',
      'resides',
    ],
    boost: 0.1,
    floor: 0,
    before: 24,
    after: 12,
  },
  // Capitalised in running text ("back from Turkey") the place is meant; lowercase ("turkey sandwich") it needs context.
  needsContext: (value: string) => value === value.toLowerCase() && HOMONYMS.has(value),
});
