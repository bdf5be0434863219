import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'vin',
  source:
    '49 CFR 565.15 check digit (its example 1M8GDM9AXKP042788); ISO 3779 structure; others constructed with the check digit',
  positives: [
    { text: 'VIN: 1M8GDM9AXKP042788', expect: [{ value: '1M8GDM9AXKP042788' }] },
    {
      text: 'The car (1HGCM82633A004352) was sold',
      expect: [{ value: '1HGCM82633A004352' }],
      note: 'check digit valid without context',
    },
    { text: 'Vehicle identification number 5YJ3E1EA2KF317000', expect: [{ value: '5YJ3E1EA2KF317000' }] },
    {
      text: 'Fahrgestellnummer (VIN) WVWZZZ1JZXW000001',
      expect: [{ value: 'WVWZZZ1JZXW000001' }],
      note: 'EU VIN without a check digit, with context',
    },
  ],
  negatives: [
    { text: 'Part 1M8GDM9A1KP042788 listed', why: 'check digit wrong and no context' },
    { text: 'VIN 1M8GDM9AXKP04278', why: 'sixteen characters' },
    { text: 'VIN 1M8GDM9AXKO042788', why: 'O is never used in VINs' },
    { text: 'timestamp 16970000000001234', why: 'digits only' },
    { text: 'VIN 1M8GDM9AXKP04278A', why: 'the last four characters must be digits' },
  ],
};
