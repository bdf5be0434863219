import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'twilio-key',
  source: 'Twilio docs, "API keys and tokens" (SK/AC SIDs, 32-hex auth tokens); values constructed at random',
  positives: [
    {
      text: 'TWILIO_API_KEY=SKf659331e22a243bb0bd42e504a613221',
      expect: [{ value: 'SKf659331e22a243bb0bd42e504a613221' }],
    },
    {
      text: 'new key SKf659331e22a243bb0bd42e504a613221 created',
      expect: [{ value: 'SKf659331e22a243bb0bd42e504a613221' }],
    },
    {
      text: 'Twilio account SID AC7cb69bf6c314e6fb58e4326c438a7cac, auth token d524e157947b25a599a6b5b1b88f5f34',
      expect: [
        { value: 'AC7cb69bf6c314e6fb58e4326c438a7cac' },
        { value: 'd524e157947b25a599a6b5b1b88f5f34' },
      ],
    },
    {
      text: 'TWILIO_AUTH_TOKEN=d524e157947b25a599a6b5b1b88f5f34',
      expect: [{ value: 'd524e157947b25a599a6b5b1b88f5f34' }],
    },
  ],
  negatives: [
    { text: 'md5 d524e157947b25a599a6b5b1b88f5f34', why: '32 hex without a Twilio auth-token label' },
    {
      text: 'auth_token = d524e157947b25a599a6b5b1b88f5f34',
      why: 'auth token without Twilio nearby (left to generic-secret)',
    },
    { text: 'build AC7cb69bf6c314e6fb58e4326c438a7cac finished', why: 'account-SID shape without context' },
    { text: 'TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
  ],
};
