import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'fr-nir',
  source:
    "INSEE NIR structure and mod-97 key; 2 95 10 99 126 111 93, 253072B07300470 and 253072A07300443 from python-stdnum's fr.nir doctests, others constructed",
  positives: [
    {
      text: 'Numéro de sécurité sociale : 1 84 12 76 451 089 46',
      expect: [{ value: '1 84 12 76 451 089 46' }],
    },
    { text: 'NIR 2 95 10 99 126 111 93', expect: [{ value: '2 95 10 99 126 111 93' }] },
    { text: 'Assurée née en Corse, NIR 253072B07300470', expect: [{ value: '253072B07300470' }] },
    { text: 'carte vitale 253072A07300443', expect: [{ value: '253072A07300443' }] },
    { text: 'Patient 292057512345668 admis', expect: [{ value: '292057512345668' }] },
  ],
  negatives: [
    { text: 'NIR 2 95 10 99 126 111 99', why: 'wrong key' },
    { text: 'NIR 2 95 10 99 216 111 93', why: 'adjacent digits transposed' },
    { text: 'NIR 253072C07300443', why: 'department 2C does not exist' },
    { text: 'NIR 5 95 10 99 126 111 93', why: 'first digit 5 is not a sex code' },
    { text: 'card 346412338913585 on file', why: 'an American Express number that happens to pass the key' },
  ],
};
