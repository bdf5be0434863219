import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'license-number',
  source:
    'Professional licence and certificate numbers after a licence word (no common format); values constructed',
  positives: [
    { text: 'Medical License No. 654321, State of Ohio', expect: [{ value: '654321' }] },
    { text: 'Signed: J. Park, RN 1234567', expect: [{ value: '1234567' }] },
    { text: 'Certificate number: 2021-00451', expect: [{ value: '2021-00451' }] },
    {
      text: 'CA physician license G12345',
      expect: [{ value: '12345' }],
      note: 'a glued letter prefix stays outside the span (digit-led regex, see the recognizer)',
    },
  ],
  negatives: [
    { text: 'MIT License © 2025-PRESENT Jane Doe', why: 'a copyright year range, not a licence number' },
    { text: "Driver's license 123456789", why: "a driver's licence belongs to US_DRIVER_LICENSE" },
    { text: 'Order number 123456 shipped', why: 'no licence word' },
    { text: 'Software license key 12345-67890', why: 'a software licence' },
    { text: 'License: MIT 2021', why: 'a licence name and year' },
  ],
};
