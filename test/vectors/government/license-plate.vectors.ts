import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'license-plate',
  source: 'national plate layouts (California, UK DVLA, German FZV, French SIV); values constructed',
  positives: [
    { text: 'license plate 7ABC123', expect: [{ value: '7ABC123' }] },
    { text: 'Reg: AB12 CDE, blue Ford Focus', expect: [{ value: 'AB12 CDE' }] },
    { text: 'Number plate B-MW 1234 seen leaving', expect: [{ value: 'B-MW 1234' }] },
    { text: "plaque d'immatriculation AA-123-BB", expect: [{ value: 'AA-123-BB' }] },
    { text: 'Spanish car, plate number: 1234 BCD.', expect: [{ value: '1234 BCD' }] },
  ],
  negatives: [
    {
      text: 'Numbers, License Plates (All 50 US States)',
      why: 'a count and a country code, too short for a plate',
    },
    { text: 'A preview of Tekken Tag Tournament on the PS2', why: 'a bare "tag" and a console name' },
    { text: 'registration fee 50 EUR', why: 'an amount with a currency' },
    { text: 'plate 12345', why: 'digits only' },
    {
      text: 'Company registration number SC123456 (VAT registered)',
      why: 'a company number: negative words',
    },
    { text: 'The 7ABC123 code was wrong', why: 'no plate word' },
    { text: 'registration opens at 9 AM', why: 'a time' },
  ],
};
