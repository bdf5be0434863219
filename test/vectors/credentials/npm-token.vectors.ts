import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'npm-token',
  source:
    'GitHub changelog, "npm has a new access token format" (2021): npm_ + 30 base62 + CRC-32; tokens constructed with a valid checksum',
  positives: [
    {
      text: '//registry.npmjs.org/:_authToken=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',
      expect: [{ value: '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' }],
    },
    {
      text: 'NPM_TOKEN=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',
      expect: [{ value: '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' }],
    },
    {
      text: '//registry.npmjs.org/:_authToken=a34ac7df-3569-422f-bb14-1592887667b9',
      expect: [{ value: 'a34ac7df-3569-422f-bb14-1592887667b9' }],
      note: 'legacy UUID token',
    },
    {
      text: 'npm token npm_H19J2bCpVw0ZSU2lqOYOysPkJjNThy1oUIih',
      expect: [{ value: 'npm_H19J2bCpVw0ZSU2lqOYOysPkJjNThy1oUIih' }],
      note: 'checksum fails, npm token words nearby',
    },
  ],
  negatives: [
    {
      text: 'see npm_H19J2bCpVw0ZSU2lqOYOysPkJjNThy1oUIih above',
      why: 'checksum near-miss: one character changed',
    },
    {
      text: 'see npm_H19Jb2CpVw0sSU2lqOYOysPkJjNThy1oUIih above',
      why: 'checksum near-miss: adjacent characters swapped',
    },
    { text: 'request id a34ac7df-3569-422f-bb14-1592887667b9', why: 'UUID outside an .npmrc auth line' },
    { text: 'NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
  ],
};
