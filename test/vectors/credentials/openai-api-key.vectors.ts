import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'openai-api-key',
  source:
    'OpenAI API key formats (sk-proj-, sk-svcacct-, legacy sk- with the T3BlbkFJ marker); bodies constructed at random',
  positives: [
    {
      text: 'OPENAI_API_KEY=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',
      expect: [
        {
          value:
            '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',
        },
      ],
    },
    {
      text: 'client = OpenAI(api_key="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")',
      expect: [{ value: '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' }],
    },
    {
      text: 'service account: 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',
      expect: [
        {
          value:
            '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',
        },
      ],
    },
    {
      text: 'key sk-GscEgDTNvmQuEXKQ5Etw2NM08FaLLjJCwxU95jEXyQnjeVdW',
      expect: [{ value: 'sk-GscEgDTNvmQuEXKQ5Etw2NM08FaLLjJCwxU95jEXyQnjeVdW' }],
      note: 'legacy shape without the marker',
    },
  ],
  negatives: [
    { text: 'client = OpenAI(api_key="sk-...")', why: 'placeholder' },
    { text: 'OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
    { text: 'pip install scikit-learn sk-video', why: 'package names' },
    {
      text: 'stripe sk_live_MoOdI1pemyY2UbKPO3VvKd8fMoOdI1pemyY2',
      why: "Stripe's underscore key is not OpenAI's",
    },
    {
      text: 'sk-ant-api03-4myyKShS8HpUByHr0hIpKfvqASOL-5qmRl2KTZnvRFnNKvpvZZGRkB8Ze_RG1VHWHO_dm9EbtiSeZxb733LMjhpOsxKYvAA',
      why: 'Anthropic key, reported by its own recognizer',
    },
  ],
};
