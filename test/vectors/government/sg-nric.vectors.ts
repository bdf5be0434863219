import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'sg-nric',
  source:
    "ICA NRIC/FIN check letters incl. the 2022 M series (GovTech FormSG nric-validation.ts); S6083480F from ionbazan/go-nric's README, others constructed",
  positives: [
    { text: 'NRIC: S1234567D', expect: [{ value: 'S1234567D' }] },
    { text: 'Applicant T0123456G registered', expect: [{ value: 'T0123456G' }] },
    { text: 'FIN F2468013N and G9876543W', expect: [{ value: 'F2468013N' }, { value: 'G9876543W' }] },
    { text: 'New FIN M1234567K issued 2023', expect: [{ value: 'M1234567K' }], note: 'M series (2022)' },
    { text: 'FIN M1234504J', expect: [{ value: 'M1234504J' }], note: 'M-series table differs from F/G here' },
    { text: 'IC no. S6083480F', expect: [{ value: 'S6083480F' }] },
  ],
  negatives: [
    { text: 'NRIC: S1234567E', why: 'wrong check letter' },
    { text: 'NRIC: S1234657D', why: 'adjacent digits transposed' },
    { text: 'FIN M1234504M', why: 'the F/G table letter; the M series uses J at that position' },
    { text: 'NRIC: A1234567D', why: 'prefix must be S, T, F, G or M' },
    { text: 'NRIC: S1111111A', why: 'repeated digits placeholder' },
  ],
};
