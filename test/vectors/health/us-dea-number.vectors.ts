import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'us-dea-number',
  source: 'DEA registration number format and check digit; values constructed with the checksum',
  positives: [
    { text: 'DEA: AB1234563', expect: [{ value: 'AB1234563' }] },
    { text: 'DEA# BJ6543210 on the script', expect: [{ value: 'BJ6543210' }] },
    {
      text: 'Pharmacy DEA number M92718281',
      expect: [{ value: 'M92718281' }],
      note: '9 as second character: a business',
    },
    { text: 'Prescriber FS3141594', expect: [{ value: 'FS3141594' }] },
  ],
  negatives: [
    { text: 'DEA: AB1234564', why: 'check digit wrong' },
    { text: 'DEA: AB1234536', why: 'last two digits swapped' },
    { text: 'DEA: IB1234563', why: 'I is not a registrant type' },
    { text: 'SKU XAB1234563', why: 'inside a longer code' },
  ],
};
