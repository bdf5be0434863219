import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'street-address',
  source:
    'Postal address layouts (USPS Publication 28 suffixes, UK, European, PO Box, US military APO/FPO/DPO); multi-line layouts from the Presidio synthetic benchmark; values constructed',
  positives: [
    {
      text: '1600 Amphitheatre Parkway, Mountain View, CA 94043',
      expect: [{ value: '1600 Amphitheatre Parkway, Mountain View, CA 94043' }],
    },
    {
      text: 'He lives at 221B Baker Street Apt 4 in London.',
      expect: [{ value: '221B Baker Street Apt 4' }],
    },
    {
      text: 'Write to 10 Downing Street, London SW1A 2AA',
      expect: [{ value: '10 Downing Street, London SW1A 2AA' }],
    },
    {
      text: 'Please return to PSC 3294, Box 9168\nAPO AA 61487 in case of an issue.',
      expect: [{ value: 'PSC 3294, Box 9168\nAPO AA 61487' }],
    },
    {
      text: 'Send it to P.O. Box 211, Anchorage, AK 99501.',
      expect: [{ value: 'P.O. Box 211, Anchorage, AK 99501' }],
    },
    {
      text: 'The address of Persint is 6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n Uruguay 64677',
      expect: [{ value: '6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n Uruguay 64677' }],
    },
    {
      text: '123 Main St.\nSpringfield, IL 62704\n\nDear John,',
      expect: [{ value: '123 Main St.\nSpringfield, IL 62704' }],
    },
    { text: 'Our office moved to 14 Rue Aghlab, Tunis', expect: [{ value: '14 Rue Aghlab, Tunis' }] },
    {
      text: 'Ship to 2274 Via delle Coste 41, 00118 Roma',
      expect: [{ value: '2274 Via delle Coste 41, 00118 Roma' }],
    },
  ],
  negatives: [
    {
      text: 'Copyright (c) 2013 Gary Court, Jens Taylor',
      why: 'a copyright year followed by names, not a house number',
    },
    { text: 'I walked 5 miles down the road.', why: 'a distance, no street name' },
    { text: 'In 1999 Abbey Road was remastered.', why: 'a year before a famous street name' },
    { text: 'Route 66 is famous', why: 'no house number and street name' },
    {
      text: 'We sold 3 Park tickets and 2 Hill passes',
      why: 'weak street types without a name and address evidence',
    },
    { text: 'Chapter 12 covers the Valley Forge campaign', why: 'prose' },
  ],
};
