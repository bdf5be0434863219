import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'location',
  source: 'constructed for these vectors (not taken from the training templates)',
  positives: [
    {
      text: 'She moved from Toronto to Lisbon last year.',
      expect: [{ value: 'Toronto' }, { value: 'Lisbon' }],
    },
    {
      text: 'The clinic is in Springfield, Illinois.',
      expect: [{ value: 'Springfield' }, { value: 'Illinois' }],
    },
    { text: 'im in san francisco rn', expect: [{ value: 'san francisco' }], note: 'lowercase chat' },
    { text: 'Born in Germany, raised in Brazil.', expect: [{ value: 'Germany' }, { value: 'Brazil' }] },
  ],
  negatives: [
    {
      text: 'The reading was normal and the nurse was nice.',
      why: 'homonyms of Reading and Nice, lowercase',
    },
    { text: 'Please turn left at the second light.', why: 'no place' },
    { text: 'Order a turkey sandwich and a glass of orange juice.', why: 'food' },
  ],
};
