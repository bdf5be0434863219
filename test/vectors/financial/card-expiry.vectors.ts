import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'card-expiry',
  source: 'ISO/IEC 7813 MM/YY expiry layout as printed on cards and in checkout forms; sentences constructed',
  positives: [
    { text: 'Visa 4111 1111 1111 1111 exp 12/27', expect: [{ value: '12/27' }] },
    { text: 'Expiration date (MM/YY): 09/28', expect: [{ value: '09/28' }] },
    { text: 'card valid thru 03/2029, keep it safe', expect: [{ value: '03/2029' }] },
    { text: 'Expires: 7-26', expect: [{ value: '7-26' }] },
    { text: 'Fecha de caducidad: 11/30', expect: [{ value: '11/30' }] },
    { text: 'GOOD THRU 01 / 31', expect: [{ value: '01 / 31' }] },
  ],
  negatives: [
    { text: 'The meeting is on 12/27 at noon', why: 'date without an expiry keyword' },
    { text: 'Offer expires 12/27/2025 at midnight', why: 'full date, not a month/year pair' },
    { text: 'exp 13/27 looks odd', why: 'month 13' },
    { text: 'Expires 2026, renew by 05/26', why: 'the keyword labels another number' },
    { text: 'experience 10/10 would buy again', why: 'word that starts with "exp" is not the keyword' },
    { text: 'expiry 12/1999', why: 'four-digit year outside the 2000s' },
  ],
};
