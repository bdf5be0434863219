import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'medical-record-number',
  source: 'Hospital record numbers after an MRN label (no standard format exists); values constructed',
  positives: [
    { text: 'MRN: 00123456', expect: [{ value: '00123456' }] },
    { text: 'MR# 4455-221 admitted via ED', expect: [{ value: '4455-221' }] },
    { text: 'Medical Record No. A1234567', expect: [{ value: 'A1234567' }] },
    { text: 'Patient ID: 55-0412-88, bed 4', expect: [{ value: '55-0412-88' }] },
    {
      text: 'MRN 12-34-56 on the wristband',
      expect: [{ value: '12-34-56' }],
      note: 'no three digits in a row: found since the anchor is the value start after the label',
    },
    { text: 'Chart no. A12-34-56 at discharge', expect: [{ value: 'A12-34-56' }] },
  ],
  negatives: [
    { text: 'Order 00123456 shipped', why: 'no MRN label' },
    { text: 'MRN: 00000000', why: 'a placeholder' },
    { text: 'Chart 2021-03-05 reviewed', why: 'a date' },
    { text: 'MRN 1234', why: 'too short' },
    { text: 'See page 12-34-56 of the chart notes', why: 'the MRN word is not right before the value' },
  ],
};
