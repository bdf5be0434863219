import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'date-of-birth',
  source:
    'Dates parsed and checked by the date-time module, after a birth word (HIPAA Safe Harbor); values constructed',
  positives: [
    { text: 'DOB: 04/12/1961 MRN 00123456', expect: [{ value: '04/12/1961' }] },
    { text: 'She was born on 2/8/1935. Her maiden name is Clark.', expect: [{ value: '2/8/1935' }] },
    { text: 'Date of birth: 1961-04-12', expect: [{ value: '1961-04-12' }] },
    { text: 'Geburtsdatum: 12.03.1961', expect: [{ value: '12.03.1961' }] },
    { text: "Please tell me your date of birth. It's 6/24/1991", expect: [{ value: '6/24/1991' }] },
    { text: 'Patient (d.o.b. 5 March 1950) presented with fever', expect: [{ value: '5 March 1950' }] },
  ],
  negatives: [
    { text: 'Visit date 04/12/2021, follow-up in two weeks', why: 'a date without a birth word' },
    { text: 'DOB: 31/02/1961', why: 'February has no 31st' },
    {
      text: 'Her birthday party was great. We met on 3/5/2021 for lunch.',
      why: 'the birth word is in an earlier sentence',
    },
    { text: 'He was born in 1977 in Ohio', why: 'a year alone is not a date of birth' },
  ],
};
