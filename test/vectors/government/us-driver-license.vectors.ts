import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'us-driver-license',
  source:
    'AAMVA state layouts; sentence patterns and values from the Presidio research synthetic set (microsoft/presidio-research), others constructed',
  positives: [
    { text: "My driver's license number is 2270-66-1551", expect: [{ value: '2270-66-1551' }] },
    { text: "My driver's license number is 6940579", expect: [{ value: '6940579' }] },
    { text: "My driver's license number is F162823540116", expect: [{ value: 'F162823540116' }] },
    { text: "my driver's license number is a56319335", expect: [{ value: 'a56319335' }] },
    { text: 'DL# LH329609T (Idaho)', expect: [{ value: 'LH329609T' }] },
    { text: 'Driving licence: U62928788557186', expect: [{ value: 'U62928788557186' }] },
    { text: 'Florida driver license D123-456-78-901-0', expect: [{ value: 'D123-456-78-901-0' }] },
  ],
  negatives: [
    { text: 'Order 6940579 was shipped on Monday', why: 'no licence word' },
    {
      text: 'Court, municipal, and license clerk\n\nPersonal Info:\nPhone:\n358 0594',
      why: 'a phone number near "license"',
    },
    { text: 'MIT License, copyright 2019-2024', why: 'software licence and years' },
    { text: 'license expires 2025-01-15', why: 'a date' },
    { text: 'licence fee 12500 per year', why: 'five digits, an amount' },
    { text: 'software license key 4839201756 for activation', why: 'a product key (negative words)' },
    {
      text: "They're not answering at 71-33-52-22\nMy driver's license expired",
      why: 'a phone number just before a licence sentence',
    },
  ],
};
