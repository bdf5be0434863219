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
    { text: 'Telefon: 030/1234567', expect: [{ value: '030/1234567' }] },
    {
      text: '99 Colonia Ofir 9881\n Apt. 139\n San Luis\n Chile 89825\n9885-1152-Office',
      expect: [{ value: '9885-1152' }],
      note: 'a phone on the line after an address is not taken into the address',
    },
  ],
  negatives: [
    { text: 'The meeting is on 2024-03-15 in room 4.', why: 'ISO date' },
    { text: 'Server 192.168.10.200 is down', why: 'IPv4 address' },
    { text: 'We sold 1234567 units this year.', why: 'bare number without phone context' },
    { text: 'Order number 415 555 0199 8 shipped', why: 'negative context word "order"' },
    { text: 'Version 10.2.3.4567 released', why: 'version number' },
    { text: 'a number in another radix/base (16/32/58/64)', why: 'slash-separated list, not a phone layout' },
  ],
};
