import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'sendgrid-key',
  source: 'Twilio SendGrid docs, "API keys" (SG.<22>.<43>); values constructed at random',
  positives: [
    {
      text: 'SENDGRID_API_KEY=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',
      expect: [{ value: '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' }],
    },
    {
      text: "sg = SendGridAPIClient('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')",
      expect: [{ value: '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' }],
    },
    {
      text: 'key 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',
      expect: [{ value: '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' }],
    },
  ],
  negatives: [
    {
      text: 'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      why: 'placeholder',
    },
    {
      text: 'SG.2BlZHeKpGNrOsrFPCMNCJM.iuaDsCM33g9NronHUZJD9qFvZR9mKzJfOwZrxrhZD1',
      why: 'secret one character short',
    },
    { text: 'Singapore SG.1 route', why: 'not a key' },
  ],
};
