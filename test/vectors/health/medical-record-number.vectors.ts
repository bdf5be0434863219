import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'medical-record-number',
  source: 'Hospital record numbers after an MRN label (no standard format exists); values constructed',
  positives: [
    { text: 'MRN: 00123456', expect: [{ value: '00123456' }] },
    { text: 'MR# 4455-221 admitted via ED', expect: [{ value: '4455-221' }] },
    { text: 'Medical Record No. A1234567', expect: [{ value: 'A1234567' }] },
    { text: 'Patient ID: 55-0412-88, bed 4', expect: [{ value: '55-0412-88' }] },
  ],
  negatives: [
    { text: 'Order 00123456 shipped', why: 'no MRN label' },
    { text: 'MRN: 00000000', why: 'a placeholder' },
    { text: 'Chart 2021-03-05 reviewed', why: 'a date' },
    { text: 'MRN 1234', why: 'too short' },
  ],
};
