import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'uk-nhs-number',
  source:
    'NHS Data Dictionary (modulus 11); NHS test number 943 476 5919 and the widely used example 401 023 2137; others constructed with the checksum',
  positives: [
    { text: 'NHS No: 943 476 5919', expect: [{ value: '943 476 5919' }] },
    { text: 'Patient NHS number 4010232137 admitted', expect: [{ value: '4010232137' }] },
    { text: 'nhs 485-777-3457', expect: [{ value: '485-777-3457' }] },
    { text: 'Referral received (NHS no. 600 000 0014) for review', expect: [{ value: '600 000 0014' }] },
  ],
  negatives: [
    { text: 'NHS No: 943 476 5918', why: 'checksum near-miss: last digit changed' },
    { text: 'NHS No: 943 467 5919', why: 'checksum near-miss: adjacent digits transposed' },
    { text: 'Order 4010232137 dispatched', why: 'valid checksum but no NHS context' },
    { text: 'NHS No: 000 000 0000', why: 'repeated digits' },
    { text: 'NHS helpline, phone 943 476 5919', why: 'phone words near a 3-3-4 number' },
    { text: 'NHS No: 123 456 7890', why: 'check digit 10 is never issued' },
  ],
};
