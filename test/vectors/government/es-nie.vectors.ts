import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'es-nie',
  source: 'Ministerio del Interior NIE letter (X=0, Y=1, Z=2, mod 23); values constructed',
  positives: [
    { text: 'NIE: X1234567L', expect: [{ value: 'X1234567L' }] },
    { text: 'Mi número de extranjero es Y7350182V', expect: [{ value: 'Y7350182V' }] },
    { text: 'Residente con NIE Z-0981234-J', expect: [{ value: 'Z-0981234-J' }] },
  ],
  negatives: [
    { text: 'NIE: X1234567M', why: 'wrong control letter' },
    { text: 'NIE: X1234576L', why: 'adjacent digits transposed' },
    { text: 'NIE: W1234567L', why: 'prefix must be X, Y or Z' },
    { text: 'NIE: X0000000T', why: 'repeated digits placeholder' },
  ],
};
