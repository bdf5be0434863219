import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'us-ssn',
  source: 'SSA number structure (area-group-serial) and its never-issued ranges; values constructed',
  positives: [
    { text: 'SSN: 536-22-1234', expect: [{ value: '536-22-1234' }] },
    { text: 'Employee 771-08-4321 enrolled', expect: [{ value: '771-08-4321' }] },
    { text: 'social security number 536221234', expect: [{ value: '536221234' }] },
    { text: 'ssn 536 22 1234', expect: [{ value: '536 22 1234' }] },
  ],
  negatives: [
    { text: 'SSN 000-12-3456', why: 'area 000 is never issued' },
    { text: 'SSN 666-12-3456', why: 'area 666 is never issued' },
    { text: 'SSN 912-70-3456', why: 'area 9xx is an ITIN, not an SSN' },
    { text: 'SSN 536-00-1234', why: 'group 00 is never issued' },
    { text: 'SSN 078-05-1120', why: 'the Woolworth wallet specimen' },
    { text: 'Invoice 536221234 paid', why: 'nine plain digits without SSN context' },
  ],
};
