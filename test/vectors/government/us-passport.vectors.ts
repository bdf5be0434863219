import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'us-passport',
  source:
    'US Department of State passport book numbers: 9 digits, or a letter and 8 digits (Next Generation Passport, 2021); values constructed',
  positives: [
    { text: 'Passport number: 483920175', expect: [{ value: '483920175' }] },
    { text: 'my passport no is A12938475, issued in 2022', expect: [{ value: 'A12938475' }] },
    { text: 'US PASSPORT 530284716 expires 2031', expect: [{ value: '530284716' }] },
    { text: 'Please renew passport Z40582913 before travel', expect: [{ value: 'Z40582913' }] },
  ],
  negatives: [
    { text: 'Tracking number 483920175 for your parcel', why: 'nine digits without the word passport' },
    { text: 'passport photo size 35x45, fee 130.00', why: 'no passport-number shape' },
    { text: 'passport 000000000', why: 'placeholder of repeated digits' },
    {
      text: 'I will be travelling to France next week, so I need my passport to be ready by then',
      why: 'no number at all',
    },
    { text: 'passport 4839201756', why: 'ten digits, not a passport book number' },
  ],
};
