import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'iban-code',
  source:
    'SWIFT IBAN registry examples (GB29NWBK60161331926819, DE89370400440532013000, BE68539007547034, NO9386011117947, FR1420041010050500013M02606, MU17BOMM0101101030300200000MUR, SC18SSCB11010000000000001497USD); ECBS example GB82WEST12345698765432; Presidio research synthetic data (lowercase); near-misses constructed',
  positives: [
    { text: 'My IBAN is GB82WEST12345698765432', expect: [{ value: 'GB82WEST12345698765432' }] },
    { text: 'IBAN DE89 3704 0044 0532 0130 00 please', expect: [{ value: 'DE89 3704 0044 0532 0130 00' }] },
    {
      text: 'IBAN DE89 3704-0044.0532 0130 00',
      expect: [{ value: 'DE89 3704-0044.0532 0130 00' }],
      note: 'mixed separators (obfuscation); MOD 97-10 still decides',
    },
    {
      text: 'my iban is gb42nawi04454264788619',
      expect: [{ value: 'gb42nawi04454264788619' }],
      note: 'Presidio lowercase',
    },
    {
      text: 'transfer to BE68 5390 0754 7034 to pay',
      expect: [{ value: 'BE68 5390 0754 7034' }],
      note: 'following word not taken in',
    },
    {
      text: 'Konto NO93 8601 1117 947.',
      expect: [{ value: 'NO93 8601 1117 947' }],
      note: 'shortest IBAN (15)',
    },
    {
      text: 'FR14 2004 1010 0505 0001 3M02 606 (Paris)',
      expect: [{ value: 'FR14 2004 1010 0505 0001 3M02 606' }],
    },
    {
      text: 'pay GB29NWBK60161331926819, then DE89370400440532013000',
      expect: [{ value: 'GB29NWBK60161331926819' }, { value: 'DE89370400440532013000' }],
    },
    {
      text: 'MU17 BOMM 0101 1010 3030 0200 000M UR',
      expect: [{ value: 'MU17 BOMM 0101 1010 3030 0200 000M UR' }],
      note: 'currency code at the end',
    },
    {
      text: 'SC18 SSCB 1101 0000 0000 0000 1497 USD',
      expect: [{ value: 'SC18 SSCB 1101 0000 0000 0000 1497 USD' }],
    },
    { text: 'IBAN: DE89-3704-0044-0532-0130-00', expect: [{ value: 'DE89-3704-0044-0532-0130-00' }] },
  ],
  negatives: [
    { text: 'IBAN GB82WEST12345698765433', why: 'MOD 97 near-miss: last digit changed' },
    { text: 'IBAN GB82WEST12345698765423', why: 'MOD 97 near-miss: adjacent digits swapped' },
    { text: 'IBAN DE89370400440532013001', why: 'MOD 97 near-miss: last digit changed' },
    { text: 'IBAN DE8937040044053201300', why: 'one character short of the German length 22' },
    { text: 'IBAN XX89370400440532013000', why: 'not a registry country' },
    { text: 'code Gb82West12345698765432', why: 'mixed case is not how an IBAN is printed' },
    { text: 'serial AB12CD34EF56GH78IJ90', why: 'product key shape' },
  ],
};
