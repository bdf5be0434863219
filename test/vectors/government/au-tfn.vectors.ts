import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'au-tfn',
  source:
    "ATO weighted modulus 11; 876 543 210 from python-stdnum's au.tfn doctest, others constructed with the checksum",
  positives: [
    { text: 'TFN: 876 543 210', expect: [{ value: '876 543 210' }] },
    { text: 'Tax file number 123456782 provided', expect: [{ value: '123456782' }] },
    { text: 'my tfn is 456-821-396', expect: [{ value: '456-821-396' }] },
    { text: 'old tax file number 371 946 58', expect: [{ value: '371 946 58' }], note: 'eight-digit TFN' },
  ],
  negatives: [
    { text: 'TFN: 876 543 211', why: 'checksum near-miss: last digit changed' },
    { text: 'TFN: 876 534 210', why: 'checksum near-miss: adjacent digits transposed' },
    { text: 'TFN: 999 999 999', why: 'repeated digits (fails the check as well)' },
    { text: 'Invoice 876 543 210 paid', why: 'valid checksum but no TFN context' },
    { text: 'TFN 876 543-210', why: 'mixed separators' },
  ],
};
