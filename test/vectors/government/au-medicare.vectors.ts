import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'au-medicare',
  source:
    'Services Australia Medicare card layout (check digit weights 1,3,7,9); values constructed with the checksum',
  positives: [
    { text: 'Medicare card: 2123 45670 1', expect: [{ value: '2123 45670 1' }] },
    {
      text: 'medicare number 2950413751/2',
      expect: [{ value: '2950413751/2' }],
      note: 'with the individual reference number',
    },
    {
      text: 'Medicare No. 37128642113',
      expect: [{ value: '37128642113' }],
      note: 'eleven digits: card number and IRN',
    },
    { text: 'Medicare 6194 73022 1 expires 05/27', expect: [{ value: '6194 73022 1' }] },
  ],
  negatives: [
    { text: 'Medicare card: 2123 45671 1', why: 'check-digit near-miss: check digit changed' },
    { text: 'Medicare card: 2123 54670 1', why: 'check-digit near-miss: adjacent digits transposed' },
    { text: 'Medicare card: 7123 45670 1', why: 'first digit must be 2-6' },
    { text: 'Invoice 2123456701 paid', why: 'valid check digit but no Medicare context' },
    { text: 'Medicare No. 21234567010', why: 'IRN 0 does not exist' },
  ],
};
