import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'us-itin',
  source: 'IRS ITIN structure (9XX, group 50-65/70-88/90-92/94-99); values constructed',
  positives: [
    { text: 'ITIN: 912-78-1234', expect: [{ value: '912-78-1234' }] },
    {
      text: 'Applicant 987-50-4421 received the letter',
      expect: [{ value: '987-50-4421' }],
      note: 'dashed layout alone',
    },
    {
      text: 'individual taxpayer identification number 900951234 on the W-7',
      expect: [{ value: '900951234' }],
    },
    { text: 'my itin is 955 65 1200', expect: [{ value: '955 65 1200' }] },
  ],
  negatives: [
    { text: 'ITIN 912-93-1234', why: 'group 93 is used for adoption numbers (ATIN), not ITINs' },
    { text: 'ITIN 912-45-1234', why: 'group 45 is below the ITIN ranges' },
    { text: 'ITIN 912-89-1234', why: 'group 89 is between the ranges' },
    { text: 'ITIN 912-78-0000', why: 'serial 0000 is never issued' },
    { text: 'Order 912781234 shipped', why: 'nine plain digits without ITIN context' },
    { text: 'call 912-78 1234 now', why: 'mixed separators are not an ITIN layout' },
    { text: 'SSN 536-22-1234', why: 'an SSN area, not 9XX' },
  ],
};
