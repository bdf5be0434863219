import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'us-npi',
  source:
    'CMS NPI check digit (Luhn over 80840 + the first nine digits); 1234567893 is the CMS example, others constructed with the checksum',
  positives: [
    { text: 'NPI: 1234567893', expect: [{ value: '1234567893' }] },
    { text: 'Prescriber NPI 1987654328 signed the order', expect: [{ value: '1987654328' }] },
    { text: 'National Provider Identifier 2453195994 (organisation)', expect: [{ value: '2453195994' }] },
  ],
  negatives: [
    { text: 'NPI: 1234567890', why: 'check digit wrong' },
    { text: 'NPI: 1234567839', why: 'last two digits swapped' },
    { text: 'NPI 3234567893', why: 'NPIs start with 1 or 2' },
    { text: 'Reference 1234567893 in the ledger', why: 'a valid NPI alone is one ten-digit number in ten' },
  ],
};
