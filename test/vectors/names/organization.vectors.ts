import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'organization',
  source: 'constructed for these vectors (not taken from the training templates)',
  positives: [
    {
      text: 'He works at Northwind Logistics Inc. as a driver.',
      expect: [{ value: 'Northwind Logistics Inc.' }],
    },
    { text: "Admitted to St. Mary's Hospital on Monday.", expect: [{ value: "St. Mary's Hospital" }] },
    {
      text: 'The claim was filed with the Department of Veterans Affairs.',
      expect: [{ value: 'Department of Veterans Affairs' }],
    },
    {
      text: 'She studied at Stanford University before joining Google.',
      expect: [{ value: 'Stanford University' }, { value: 'Google' }],
    },
  ],
  negatives: [
    { text: 'I ate an apple and went to the store.', why: 'common nouns' },
    { text: 'The patient is stable and will be discharged.', why: 'no organisation' },
    { text: 'Please hit the target by Friday.', why: 'homonym of Target, lowercase' },
  ],
};
