import type { RecognizerSpec } from '../../types.js';

/**
 * People's names, found by the shipped entity tagger (`models/ner/`, see its model card): an averaged
 * perceptron over word, shape, affix and name-list features, trained on WNUT-17, Presidio's synthetic
 * sentences and our own templates. The tagger already weighs titles and salutations; the context words
 * here add a small boost on top, and a name that is also a common English word ("May", "Will", "Bill")
 * is kept only with one of them nearby.
 */
const HOMONYMS = new Set(
  (
    'may will bill mark grant hope joy faith rose iris lily june april august summer dawn eve art chase ' +
    'frank gene guy pat ray sue destiny harmony honor justice liberty patience grace charity page ' +
    'rich sky storm river rock wade penny ruby amber crystal jade pearl ivy holly heather daisy sunny ' +
    'miles hunter cash king major price young white black brown green long hall lane wood bush'
  ).split(' '),
);

export const person: RecognizerSpec = Object.freeze({
  id: 'person',
  entity: 'PERSON',
  version: '1.0.0',
  description: "A person's name (entity tagger; titles, salutations and labels raise the score)",
  patterns: [],
  model: 'ner',
  context: {
    words: [
      'mr',
      'mrs',
      'ms',
      'miss',
      'mx',
      'dr',
      'prof',
      'sir',
      'dame',
      'dear',
      'hi',
      'hello',
      'hey',
      'thanks',
      'name',
      'named',
      'patient',
      'pt',
      'client',
      'customer',
      'employee',
      'contact',
      'signed',
      'sincerely',
      'regards',
      'cc',
      'from',
      'attn',
      'nurse',
      'physician',
      'doctor',
      'wife',
      'husband',
      'son',
      'daughter',
      'mother',
      'father',
      'mom',
      'dad',
      'brother',
      'sister',
      'spouse',
      'guardian',
      'kin',
      'said',
      'says',
      'told',
      'asked',
      'called',
      'met',
      'ask',
      'tell',
      'call',
      'email',
      'by',
    ],
    boost: 0.1,
    floor: 0,
    before: 32,
    after: 12,
  },
  needsContext: (value: string) => HOMONYMS.has(value.toLowerCase()),
});
