import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'email-address-obfuscated',
  source: 'constructed: common anti-harvesting spellings',
  positives: [
    {
      text: 'reach me: jane [at] example [dot] com',
      expect: [{ value: 'jane [at] example [dot] com', entity: 'EMAIL_ADDRESS' }],
    },
    {
      text: 'Mail jane(at)example(dot)org please',
      expect: [{ value: 'jane(at)example(dot)org', entity: 'EMAIL_ADDRESS' }],
    },
    {
      text: 'contact j.smith at example dot com for access',
      expect: [{ value: 'j.smith at example dot com', entity: 'EMAIL_ADDRESS' }],
    },
    {
      text: 'bob {at} mail.example.de',
      expect: [{ value: 'bob {at} mail.example.de', entity: 'EMAIL_ADDRESS' }],
    },
  ],
  negatives: [
    { text: 'Look at this dot com bubble chart.', why: 'prose: "look at this dot com"' },
    { text: 'Meet me at google.com headquarters', why: 'unbracketed "at" with a literal dot reads as prose' },
    { text: 'We stayed at home dot matrix printers', why: 'no TLD at the end' },
    { text: 'jane.doe@example.com', why: 'a plain address belongs to email-address' },
  ],
};
