import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'it-fiscal-code',
  source:
    "DM 23/12/1976 check-character tables; RCCMNL83S18D969H and CNTCHR83T41D969D from python-stdnum's it.codicefiscale doctests, MRTMTT25D09F205Z from it.wikipedia, others constructed",
  positives: [
    { text: 'Codice fiscale: RCCMNL83S18D969H', expect: [{ value: 'RCCMNL83S18D969H' }] },
    { text: 'CF CNTCHR83T41D969D (nata il 1 dicembre)', expect: [{ value: 'CNTCHR83T41D969D' }] },
    { text: 'intestatario MRTMTT25D09F205Z, Milano', expect: [{ value: 'MRTMTT25D09F205Z' }] },
    {
      text: 'codice fiscale BNCGNN80A01H50RB',
      expect: [{ value: 'BNCGNN80A01H50RB' }],
      note: 'omocodia: 1 replaced by R',
    },
  ],
  negatives: [
    { text: 'Codice fiscale: RCCMNL83S18D969I', why: 'wrong check character' },
    { text: 'Codice fiscale: RCCMNL83S81D969H', why: 'transposed day digits (check fails)' },
    { text: 'Codice fiscale: RCCMNL83F18D969H', why: 'F is not a month letter' },
    { text: 'Codice fiscale: rccmnl83s18d969h', why: 'lower case is not matched' },
    { text: 'SKU ABCDEF12A34B567C', why: 'shape-like product code without a valid check' },
  ],
};
