import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'aws-secret-access-key',
  source:
    'AWS CLI credentials file and environment variable layouts; 40-character keys constructed at random',
  positives: [
    {
      text: '[default]\naws_access_key_id = AKIAF7XTWA2Y5AP77DQ2\naws_secret_access_key = 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',
      expect: [{ value: 'APXnMy1KxPzgqJHi/jUEy0SuQR6Y0K19LeT0dSUM' }],
    },
    {
      text: 'export AWS_SECRET_ACCESS_KEY="LLzWL6lPJp9RGP190Kilw+5HXTyzDvfvCl79M9kn"',
      expect: [{ value: 'LLzWL6lPJp9RGP190Kilw+5HXTyzDvfvCl79M9kn' }],
    },
    {
      text: '"SecretAccessKey": "7wupDi2ZN5W4JwMG6fxRWRuYuZYCvfqcYfZQGBu5"',
      expect: [{ value: '7wupDi2ZN5W4JwMG6fxRWRuYuZYCvfqcYfZQGBu5' }],
    },
    {
      text: 'Access key ID,Secret access key\nAKIAF7XTWA2Y5AP77DQ2,APXnMy1KxPzgqJHi/jUEy0SuQR6Y0K19LeT0dSUM',
      expect: [{ value: 'APXnMy1KxPzgqJHi/jUEy0SuQR6Y0K19LeT0dSUM' }],
      note: 'CSV export beside the key id',
    },
  ],
  negatives: [
    {
      text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      why: 'AWS documentation example',
    },
    { text: 'commit 3f786850e387550fdab836ed7e6dc881de23001b', why: 'hex SHA-1, no label' },
    {
      text: 'checksum: APXnMy1KxPzgqJHi/jUEy0SuQR6Y0K19LeT0dSUM',
      why: 'base64 without an AWS label or key id',
    },
    { text: 'aws_secret_access_key = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', why: 'placeholder' },
    { text: 'aws_secret_access_key = APXnMy1KxPzgqJHi/jUEy0SuQR6Y0K19LeT0dSU', why: '39 characters' },
  ],
};
