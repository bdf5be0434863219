import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'zip-code',
  source:
    'USPS ZIP/ZIP+4 and national areas by state; Royal Mail postcode format (BS 7666); Canada Post postal code letters; other layouts after a postal-code word; values constructed',
  positives: [
    { text: 'ZIP: 94105', expect: [{ value: '94105' }] },
    { text: 'my zip code is 35350', expect: [{ value: '35350' }] },
    { text: 'Office in San Francisco, CA 94105 since May', expect: [{ value: '94105' }] },
    { text: 'Mail it to Springfield, IL 62704-1234 please', expect: [{ value: '62704-1234' }] },
    { text: 'She moved to London SW1A 2AA last year', expect: [{ value: 'SW1A 2AA' }] },
    { text: 'Ottawa, Ontario K1A 0B1', expect: [{ value: 'K1A 0B1' }] },
    { text: 'Postcode: 3610-114 Quinta de São Tiago', expect: [{ value: '3610-114' }] },
    { text: 'PLZ 7412 SL, Deventer', expect: [{ value: '7412 SL' }] },
  ],
  negatives: [
    { text: 'Order 94105 shipped yesterday', why: 'a five-digit number without a state or postal word' },
    {
      text: 'Employee ID 84512 badge',
      why: 'ID is a label here, not Idaho (ambiguous state codes need "City, ID")',
    },
    { text: 'Part AB1 2CD is back in stock', why: 'UK inward codes never use C' },
    { text: 'Box labelled QA1 1AA', why: 'UK postcodes never start with Q' },
    { text: 'Sacramento, CA 14105', why: 'California ZIPs start with 9 (USPS national area)' },
    { text: 'I scored 12345 points', why: 'a count' },
  ],
};
