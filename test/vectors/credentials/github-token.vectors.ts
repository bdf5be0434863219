import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'github-token',
  source:
    'GitHub blog, "Behind GitHub\'s new authentication token formats" (2021); tokens constructed with random entropy and a valid base62 CRC-32 checksum',
  positives: [
    {
      text: 'export GITHUB_TOKEN=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',
      expect: [{ value: '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' }],
    },
    {
      text: 'oauth: 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',
      expect: [{ value: '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' }],
    },
    {
      text: 'installation ghs_KD3PqP3J9rXIebiKnyS8B6VjhgVWod3LBo6F expires in 1h',
      expect: [{ value: 'ghs_KD3PqP3J9rXIebiKnyS8B6VjhgVWod3LBo6F' }],
    },
    {
      text: 'ghu_RlE59E4ALFP9HgN23E8N1ApTYVXqye2sTWdp',
      expect: [{ value: 'ghu_RlE59E4ALFP9HgN23E8N1ApTYVXqye2sTWdp' }],
    },
    {
      text: 'token: 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',
      expect: [
        {
          value:
            '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',
        },
      ],
    },
    {
      text: 'GitHub token ghp_wXoStpqzAUfkuxu0ak4ClOCMxU2RFl1Cp5Ku',
      expect: [{ value: 'ghp_wXoStpqzAUfkuxu0ak4ClOCMxU2RFl1Cp5Ku' }],
      note: 'checksum fails, but a token label is next to it',
    },
  ],
  negatives: [
    {
      text: 'ghp_wXoStpqzAUfkuxu0bk4ClOCMxU2RFl1Cp5Kt was in the build log',
      why: 'checksum near-miss: one character changed',
    },
    {
      text: 'see ghp_wXoStpzqAUfkuxu0ak4ClOCMxU2RFl1Cp5Kt above',
      why: 'checksum near-miss: adjacent characters swapped',
    },
    { text: 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
    { text: 'ghp_wXoStpqzAUfkuxu0ak4ClOCMxU2RFl1Cp5K', why: 'one character short' },
    { text: 'x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', why: 'inside a longer identifier' },
  ],
};
