import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'es-nif',
  source:
    "Ministerio del Interior DNI letter (mod 23); CIF control per Orden EHA/451/2008 (A13585625 and J99216582 from python-stdnum's es.cif doctests); others constructed",
  positives: [
    { text: 'DNI: 12345678Z', expect: [{ value: '12345678Z' }] },
    { text: 'Mi NIF es 47293518-K', expect: [{ value: '47293518-K' }] },
    { text: 'Titular con DNI 03810492J y domicilio en Madrid', expect: [{ value: '03810492J' }] },
    { text: 'CIF de la empresa: A13585625', expect: [{ value: 'A13585625' }] },
    { text: 'NIF K1234567L (menor de edad)', expect: [{ value: 'K1234567L' }] },
    { text: 'CIF J99216582', expect: [{ value: 'J99216582' }] },
  ],
  negatives: [
    { text: 'DNI: 12345678A', why: 'wrong control letter' },
    { text: 'DNI: 12345687Z', why: 'adjacent digits transposed' },
    { text: 'CIF: A13585626', why: 'wrong CIF control digit' },
    { text: 'DNI: 00000000T', why: 'repeated digits placeholder' },
    { text: 'Order 123456789 shipped', why: 'nine digits, no control letter' },
    {
      text: 'Part B82654138 in stock',
      why: 'valid CIF shape but no context (letter + 8 digits is too common)',
    },
  ],
};
