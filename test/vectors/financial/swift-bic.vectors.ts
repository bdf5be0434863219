import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'swift-bic',
  source:
    'ISO 9362 structure; published BICs of Deutsche Bank (DEUTDEFF, DEUTDEFF500), NatWest (NWBKGB2L), JPMorgan Chase (CHASUS33XXX), Commerzbank (COBADEFFXXX), UBS (UBSWCHZH80A); look-alikes constructed',
  positives: [
    { text: 'SWIFT: DEUTDEFF500', expect: [{ value: 'DEUTDEFF500' }] },
    { text: 'BIC NWBKGB2L', expect: [{ value: 'NWBKGB2L' }] },
    { text: 'SWIFT/BIC: CHASUS33XXX for the wire', expect: [{ value: 'CHASUS33XXX' }] },
    { text: 'IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX', expect: [{ value: 'COBADEFFXXX' }] },
    { text: 'Swift code: UBSWCHZH80A', expect: [{ value: 'UBSWCHZH80A' }] },
    { text: 'bic: DEUTDEFF', expect: [{ value: 'DEUTDEFF' }] },
  ],
  negatives: [
    { text: 'DEUTDEFF is the code', why: 'no SWIFT/BIC label' },
    { text: 'Taylor Swift CONCERTS sold out', why: '"Swift" as a name is not a label' },
    { text: 'SWIFT code DEADXXFF', why: 'XX is not an ISO 3166 country' },
    { text: 'SWIFT: DEUTDEFFXX', why: 'ten characters' },
    { text: 'BIC: Deutdeff', why: 'BICs are printed in capitals' },
    { text: 'SWIFT DEUTDEFO', why: 'location code may not end in the letter O' },
  ],
};
