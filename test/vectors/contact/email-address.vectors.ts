import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'email-address',
  source: 'RFC 5322 addr-spec (common subset); example.com/example.org reserved by RFC 2606',
  positives: [
    { text: 'Write to jane.doe@example.com today.', expect: [{ value: 'jane.doe@example.com' }] },
    {
      text: 'cc: ops+alerts@mail.example.org, boss@example.co.uk',
      expect: [{ value: 'ops+alerts@mail.example.org' }, { value: 'boss@example.co.uk' }],
    },
    { text: '<JOSÉ.Müller@bücher.example.de>', expect: [{ value: 'JOSÉ.Müller@bücher.example.de' }] },
    { text: "email:o'brien@example.ie.", expect: [{ value: "o'brien@example.ie" }] },
  ],
  negatives: [
    {
      text: 'See icon@2x.png and logo@3x.jpg in the assets folder.',
      why: 'retina image file names, not addresses',
    },
    { text: 'Meet me @ the station at 5.', why: 'an at-sign alone is not an address' },
    { text: 'user@localhost has no domain suffix', why: 'no top-level domain' },
    { text: 'bad..dots@example.com', why: 'RFC 5321: consecutive dots are not allowed in the local part' },
  ],
};
