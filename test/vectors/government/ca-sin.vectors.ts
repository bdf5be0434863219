import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'ca-sin',
  source: 'ESDC Social Insurance Number rules (Luhn, first digit); values constructed with Luhn',
  positives: [
    { text: 'SIN: 130 692 544', expect: [{ value: '130 692 544' }] },
    { text: 'Social insurance number 274-381-565 on file', expect: [{ value: '274-381-565' }] },
    { text: 'my sin is 710928342', expect: [{ value: '710928342' }] },
    { text: "numéro d'assurance sociale 464 542 869", expect: [{ value: '464 542 869' }] },
  ],
  negatives: [
    { text: 'SIN: 130 692 545', why: 'Luhn near-miss: last digit changed' },
    { text: 'SIN: 130 629 544', why: 'Luhn near-miss: adjacent digits transposed' },
    { text: 'SIN: 046 454 286', why: 'first digit 0: the well-known fictitious example' },
    { text: 'SIN: 810 928 341', why: 'first digit 8 is not assigned' },
    { text: 'Invoice 130 692 544 due', why: 'valid Luhn but no SIN context' },
  ],
};
