import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'device-identifier',
  source:
    'IMEI (3GPP TS 23.003, Luhn check digit; 490154203237518 is a published example) and labelled serial numbers; others constructed',
  positives: [
    { text: 'IMEI: 490154203237518', expect: [{ value: '490154203237518' }] },
    { text: 'IMEI 35-209900-176148-1 reported stolen', expect: [{ value: '35-209900-176148-1' }] },
    { text: 'S/N: C02XK1ABJG5H', expect: [{ value: 'C02XK1ABJG5H' }] },
    { text: 'Pacemaker serial PJN123456R implanted 2019', expect: [{ value: 'PJN123456R' }] },
    {
      text: 'Device ID: 3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      expect: [{ value: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' }],
    },
  ],
  negatives: [
    { text: 'IMEI: 490154203237519', why: 'Luhn check fails' },
    { text: 'IMEI: 490154203237581', why: 'last two digits swapped' },
    { text: 'A serial killer documentary from 2019', why: 'serial is not a label here' },
    { text: 'Device with 8GB RAM and serial port', why: 'no identifier' },
  ],
};
