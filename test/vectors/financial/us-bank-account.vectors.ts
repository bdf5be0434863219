import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'us-bank-account',
  source: 'US account number layout (8-17 digits, no national check digit); sentences constructed',
  positives: [
    { text: 'Account number: 000123456789', expect: [{ value: '000123456789' }] },
    { text: 'routing number 021000021 account 12345678', expect: [{ value: '12345678' }] },
    { text: 'Please debit my checking account no. 4567890123', expect: [{ value: '4567890123' }] },
    { text: 'acct# 98765432101', expect: [{ value: '98765432101' }] },
    {
      text: 'A/C 12345678901234567',
      expect: [{ value: '12345678901234567' }],
      note: '17 digits, the longest',
    },
  ],
  negatives: [
    { text: 'order 12345678 shipped', why: 'no account keyword' },
    { text: 'our accounts team at 8005551234', why: 'the keyword does not label the number' },
    { text: 'account 1234567', why: 'seven digits' },
    { text: 'account 123456789012345678', why: 'eighteen digits' },
    { text: 'account 11111111', why: 'repeated-digit placeholder' },
    { text: 'My account was opened in 2019; invoice 12345678', why: 'another number and words between' },
  ],
};
