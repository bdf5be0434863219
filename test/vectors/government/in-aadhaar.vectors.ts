import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'in-aadhaar',
  source:
    "UIDAI numbering (first digit 2-9, Verhoeff); 234123412346 from python-stdnum's in.aadhaar doctest, others constructed with Verhoeff",
  positives: [
    { text: 'Aadhaar: 2341 2341 2346', expect: [{ value: '2341 2341 2346' }] },
    { text: 'My aadhar number is 499118665248', expect: [{ value: '499118665248' }] },
    {
      text: 'KYC document 3728 1945 6209 verified',
      expect: [{ value: '3728 1945 6209' }],
      note: 'printed 4-4-4 layout alone',
    },
    { text: 'UIDAI 8520-1736-4955', expect: [{ value: '8520-1736-4955' }] },
  ],
  negatives: [
    { text: 'Aadhaar: 2341 2341 2347', why: 'Verhoeff near-miss: last digit changed' },
    { text: 'Aadhaar: 2341 2341 2364', why: 'Verhoeff near-miss: adjacent digits transposed' },
    { text: 'Aadhaar: 1341 2341 2346', why: 'first digit 0 or 1 is never issued' },
    { text: 'Aadhaar: 2222 2222 2222', why: 'palindrome placeholder' },
    { text: 'order id 499118665248 shipped', why: 'valid Verhoeff, plain digits, no context' },
  ],
};
