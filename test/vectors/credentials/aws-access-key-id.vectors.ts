import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'aws-access-key-id',
  source:
    'AWS IAM User Guide, "IAM identifiers" (unique-ID prefixes, base32 body); values constructed with random base32 bodies',
  positives: [
    { text: 'aws_access_key_id = AKIAF7XTWA2Y5AP77DQ2', expect: [{ value: 'AKIAF7XTWA2Y5AP77DQ2' }] },
    { text: 'export AWS_ACCESS_KEY_ID=ASIAAI3YNMGE5XN4BG2G', expect: [{ value: 'ASIAAI3YNMGE5XN4BG2G' }] },
    {
      text: 'the key AKIAF7XTWA2Y5AP77DQ2 was committed yesterday',
      expect: [{ value: 'AKIAF7XTWA2Y5AP77DQ2' }],
    },
    {
      text: '"RoleId": "AROAM6UZKSIGFS3GRPAD"',
      expect: [{ value: 'AROAM6UZKSIGFS3GRPAD' }],
      note: 'resource id with context',
    },
  ],
  negatives: [
    { text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', why: 'AWS documentation example key' },
    { text: 'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX', why: 'placeholder' },
    { text: 'AKIAF7XTWA2Y5AP77DQ', why: 'one character short' },
    { text: 'AKIAF7XTWA2Y5AP17DQ2', why: 'digit 1 is not in the base32 alphabet' },
    { text: 'order AROAM6UZKSIGFS3GRPAD shipped', why: 'resource prefix without an AWS context word' },
    { text: 'XAKIAF7XTWA2Y5AP77DQ2Y', why: 'inside a longer token' },
  ],
};
