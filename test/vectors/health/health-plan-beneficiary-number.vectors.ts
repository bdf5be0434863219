import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'health-plan-beneficiary-number',
  source:
    'CMS Medicare Beneficiary Identifier format (the CMS example 1EG4-TE5-MK73); member/policy IDs after a plan word; values constructed',
  positives: [
    { text: 'Medicare MBI 1EG4-TE5-MK73 on file', expect: [{ value: '1EG4-TE5-MK73' }] },
    { text: 'Beneficiary 1EG4TE5MK73', expect: [{ value: '1EG4TE5MK73' }] },
    { text: 'Member ID: 987654321', expect: [{ value: '987654321' }] },
    { text: 'Policy number 44-80921-7 for the claim', expect: [{ value: '44-80921-7' }] },
    {
      text: 'Member ID: XYZ123456789',
      expect: [{ value: '123456789' }],
      note: 'a glued letter prefix stays outside the span (digit-led regex, see the recognizer)',
    },
  ],
  negatives: [
    { text: 'Code 1SG4TE5MK73', why: 'S is never used in an MBI' },
    { text: 'Code 0EG4TE5MK73', why: 'an MBI never starts with 0' },
    { text: 'Code 1EG4-TE5MK73', why: 'dashes only in both places or none' },
    { text: 'Order number 123456789 shipped', why: 'no plan word' },
  ],
};
