import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'card-cvv',
  source:
    'card network terms for the security code (CVV2 Visa, CVC2 Mastercard, CID American Express, CSC); sentences constructed',
  positives: [
    { text: 'Visa 4111 1111 1111 1111 exp 12/27 cvv 123', expect: [{ value: '123' }] },
    { text: 'CVC: 987', expect: [{ value: '987' }] },
    { text: 'Amex card security code 1234 on the front', expect: [{ value: '1234' }] },
    { text: 'the security code on the back is 456', expect: [{ value: '456' }] },
    { text: 'CVV2=321; zip 94105', expect: [{ value: '321' }] },
  ],
  negatives: [
    { text: 'Room 123 is on the left', why: 'three digits without a security-code keyword' },
    { text: 'CVV check passed, PIN 4567', why: 'the keyword does not label the PIN' },
    { text: 'cvv 4111 1111 1111 1111', why: 'a group of a longer number' },
    { text: 'security code 12.50 dollars', why: 'decimal amount' },
    { text: 'CVV checks happen in 2024 policies', why: 'other words between the keyword and the number' },
    { text: 'cvv 12345', why: 'five digits' },
  ],
};
