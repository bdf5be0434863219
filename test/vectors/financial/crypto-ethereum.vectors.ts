import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'crypto-ethereum',
  source: 'EIP-55 test cases (mixed-case, all-caps and all-lowercase addresses); near-misses constructed',
  positives: [
    {
      text: 'send to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      expect: [{ value: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' }],
    },
    {
      text: 'wallet 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359.',
      expect: [{ value: '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359' }],
    },
    {
      text: '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB and 0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
      expect: [
        { value: '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB' },
        { value: '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb' },
      ],
    },
    {
      text: 'ETH address 0x52908400098527886E0F7030069857D2E4169EE7',
      expect: [{ value: '0x52908400098527886E0F7030069857D2E4169EE7' }],
      note: 'all caps: no checksum',
    },
    {
      text: 'deposit 0xde709f2102306220921060314715629080e2fb77',
      expect: [{ value: '0xde709f2102306220921060314715629080e2fb77' }],
      note: 'all lowercase: no checksum',
    },
  ],
  negatives: [
    {
      text: 'to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
      why: 'EIP-55 near-miss: one letter case flipped',
    },
    {
      text: 'tx 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed5aaeb6053f3e94c9b9a09f33669435e7',
      why: '64 hex digits: a transaction hash or key',
    },
    { text: 'to 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae', why: '39 hex digits' },
    { text: 'burn 0x0000000000000000000000000000000000000000', why: 'all-zero placeholder' },
    { text: 'color 0xFFAA00 and mask 0x1F', why: 'short hex literals' },
  ],
};
