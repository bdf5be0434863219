import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'in-pan',
  source: 'Income Tax Department PAN structure (holder-type fourth letter); values constructed',
  positives: [
    { text: 'PAN: BNZPM2501F', expect: [{ value: 'BNZPM2501F' }] },
    { text: 'My PAN card number is AFZPK7190K', expect: [{ value: 'AFZPK7190K' }] },
    { text: 'Permanent Account Number AAACR5055K (company)', expect: [{ value: 'AAACR5055K' }] },
  ],
  negatives: [
    { text: 'PAN: BNZDM2501F', why: 'D is not a holder-type letter' },
    { text: 'PAN: bnzpm2501f', why: 'PANs are upper case' },
    { text: 'PAN: BNZPM25011', why: 'last character must be a letter' },
    { text: 'PAN: ABCPE1234F', why: 'documentation placeholder' },
    { text: 'Part BNZPM2501F in stock', why: 'shape alone, no context' },
  ],
};
