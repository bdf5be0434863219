import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'phone-number',
  source: 'ITU-T E.164 layouts; fictional numbers (NANP 555-01xx, Ofcom 07700 900xxx drama range)',
  positives: [
    { text: 'Call me at (212) 555-0143 after six.', expect: [{ value: '(212) 555-0143' }] },
    { text: 'Desk: +44 7700 900123', expect: [{ value: '+44 7700 900123' }] },
    { text: 'office 415-555-0199 x204', expect: [{ value: '415-555-0199 x204' }] },
    { text: 'Mobile: 0496 46 46 70', expect: [{ value: '0496 46 46 70' }] },
    { text: 'Fax +41 (0)44 668 18 00', expect: [{ value: '+41 (0)44 668 18 00' }] },
    { text: 'Phone: 0033 1 42 68 53 00', expect: [{ value: '0033 1 42 68 53 00' }] },
  ],
  negatives: [
    { text: 'The meeting is on 2024-03-15 in room 4.', why: 'ISO date' },
    { text: 'Server 192.168.10.200 is down', why: 'IPv4 address' },
    { text: 'We sold 1234567 units this year.', why: 'bare number without phone context' },
    { text: 'Order number 415 555 0199 8 shipped', why: 'negative context word "order"' },
    { text: 'Version 10.2.3.4567 released', why: 'version number' },
  ],
};
