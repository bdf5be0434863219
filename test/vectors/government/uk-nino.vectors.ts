import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'uk-nino',
  source: 'HMRC National Insurance Manual NIM39110 (prefix and suffix rules); values constructed',
  positives: [
    { text: 'NI number: AB 12 34 56 C', expect: [{ value: 'AB 12 34 56 C' }] },
    { text: 'Her National Insurance number is JG103759A.', expect: [{ value: 'JG103759A' }] },
    { text: 'Employee record: CE 38 51 76 D, started May', expect: [{ value: 'CE 38 51 76 D' }] },
    { text: 'nino AB 123456 C', expect: [{ value: 'AB 123456 C' }] },
  ],
  negatives: [
    {
      text: 'The HMRC specimen QQ 12 34 56 C appears on forms',
      why: 'Q is never a prefix letter (specimen)',
    },
    { text: 'NI number GB 12 34 56 A', why: 'prefix GB is never allocated' },
    { text: 'NI number TN 12 34 56 A', why: 'TN is used for temporary numbers, never allocated' },
    { text: 'NI number AO 12 34 56 A', why: 'O is never the second prefix letter' },
    { text: 'NI number DA 12 34 56 A', why: 'D is never a prefix letter' },
    { text: 'NI number AB 12 34 56 E', why: 'suffix must be A-D' },
    { text: 'part JG103759A', why: 'compact form without context stays below the threshold' },
  ],
};
