import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'anthropic-api-key',
  source:
    'Anthropic API key format (sk-ant-api03-, sk-ant-admin01-; 108 characters ending in AA); bodies constructed at random',
  positives: [
    {
      text: 'ANTHROPIC_API_KEY=sk-ant-api03-4myyKShS8HpUByHr0hIpKfvqASOL-5qmRl2KTZnvRFnNKvpvZZGRkB8Ze_RG1VHWHO_dm9EbtiSeZxb733LMjhpOsxKYvAA',
      expect: [
        {
          value:
            'sk-ant-api03-4myyKShS8HpUByHr0hIpKfvqASOL-5qmRl2KTZnvRFnNKvpvZZGRkB8Ze_RG1VHWHO_dm9EbtiSeZxb733LMjhpOsxKYvAA',
        },
      ],
    },
    {
      text: 'admin key: sk-ant-admin01-EHtv50BmP4y32Kb5VZnWE5wNPHoEl_F7wYDdQX0QtBJOFCixfcoBhcWRQE9QTtRSi17ZoaPx7PMk0cZhRDscaws9RvWv_AA',
      expect: [
        {
          value:
            'sk-ant-admin01-EHtv50BmP4y32Kb5VZnWE5wNPHoEl_F7wYDdQX0QtBJOFCixfcoBhcWRQE9QTtRSi17ZoaPx7PMk0cZhRDscaws9RvWv_AA',
        },
      ],
    },
    {
      text: 'x-api-key: sk-ant-api03-Qm7Lr4Pz8Nw1Vt6Hc5Jd0Fg2Ab9Kx3Ty',
      expect: [{ value: 'sk-ant-api03-Qm7Lr4Pz8Nw1Vt6Hc5Jd0Fg2Ab9Kx3Ty' }],
      note: 'truncated key still reported',
    },
  ],
  negatives: [
    { text: 'ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', why: 'placeholder' },
    { text: 'sk-ant-api03-...', why: 'elided placeholder' },
    { text: 'the sk-ant-team channel', why: 'not a key' },
  ],
};
