import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'uk-utr',
  source:
    "HMRC check-digit rule (hmrc/awrs-frontend UTRValidator.scala); 2234567890 from hmrc/reference-checker's README, others constructed with the checksum",
  positives: [
    { text: 'UTR: 2234567890', expect: [{ value: '2234567890' }] },
    { text: 'Your Self Assessment UTR is 8876543210K.', expect: [{ value: '8876543210K' }] },
    { text: 'unique taxpayer reference 15120 93874', expect: [{ value: '15120 93874' }] },
    { text: 'HMRC reference (UTR) 5101747696 for the company', expect: [{ value: '5101747696' }] },
  ],
  negatives: [
    { text: 'UTR: 2234567891', why: 'check-digit near-miss: last digit changed' },
    { text: 'UTR: 3234567890', why: 'check-digit near-miss: check digit changed' },
    { text: 'UTR: 2243567890', why: 'check-digit near-miss: adjacent digits transposed' },
    { text: 'Invoice 2234567890 is overdue', why: 'valid check digit but no tax context' },
    { text: 'UTR: 1111111111', why: 'repeated digits' },
  ],
};
