import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'credit-card',
  source: "card networks' published test PANs (Stripe/Adyen test card lists); near-misses constructed",
  positives: [
    { text: 'card 4454.7945.1139.0933 declined', expect: [{ value: '4454.7945.1139.0933' }] },
    { text: 'Visa 4111 1111 1111 1111 exp 12/27', expect: [{ value: '4111 1111 1111 1111' }] },
    { text: 'card: 5555-5555-5555-4444', expect: [{ value: '5555-5555-5555-4444' }] },
    { text: 'Amex 3782 822463 10005 on file', expect: [{ value: '3782 822463 10005' }] },
    { text: 'pay with 6011111111111117.', expect: [{ value: '6011111111111117' }] },
    {
      text: 'JCB 3530111333300000 and Diners 30569309025904',
      expect: [{ value: '3530111333300000' }, { value: '30569309025904' }],
    },
    {
      text: 'fullwidth ４１１１１１１１１１１１１１１１ card',
      expect: [{ value: '４１１１１１１１１１１１１１１１' }],
    },
    {
      text: 'hidden 4111\u200B1111\u200B1111\u200B1111 card',
      expect: [{ value: '4111\u200B1111\u200B1111\u200B1111' }],
    },
  ],
  negatives: [
    { text: 'total 4111.111111111111 EUR', why: 'a decimal number, not a dotted card layout' },
    { text: 'card 4111 1111 1111 1112', why: 'Luhn near-miss: last digit changed' },
    { text: 'card 4111 1111 1111 1121', why: 'Luhn near-miss: adjacent digits transposed' },
    { text: 'tracking 1234567890123452', why: 'passes Luhn but no issuer starts with 1' },
    { text: 'card 0000 0000 0000 0000', why: 'repeated digits placeholder' },
    { text: 'ISBN 978-3-16-148410-0', why: 'too few digits, book number' },
  ],
};
