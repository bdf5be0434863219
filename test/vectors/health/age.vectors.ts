import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'age',
  source:
    'Age phrases from clinical notes and the Presidio synthetic benchmark (span = the number); values constructed',
  positives: [
    { text: 'This 79 year old female complaining of chest pain', expect: [{ value: '79' }] },
    { text: 'Patient is a 38-year-old male with a history of asthma', expect: [{ value: '38' }] },
    { text: 'Widower, aged 92, lives alone', expect: [{ value: '92' }], note: 'over 89: a HIPAA identifier' },
    { text: "I'm Naomi, originally from Ohio, and i'm 31 y/o.", expect: [{ value: '31' }] },
    { text: 'My father retired at the age of 61', expect: [{ value: '61' }] },
    { text: 'He just turned 69 years old', expect: [{ value: '69' }] },
    { text: 'My brother just turned 60', expect: [{ value: '60' }] },
    { text: 'Age: 45 Sex: F', expect: [{ value: '45' }] },
  ],
  negatives: [
    { text: 'I turned 3 pages and stopped', why: 'turned + a count' },
    { text: 'The company is 50 years old this spring', why: 'the age of a company' },
    { text: 'An oak 150 years old stands there', why: 'outside 0-120' },
    { text: 'She is 5 feet tall and the warranty lasts 5 years', why: 'a height and a duration' },
    { text: "I'm 5 minutes away", why: 'a duration after a pronoun' },
  ],
};
