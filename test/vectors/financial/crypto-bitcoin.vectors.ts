import type { RecognizerVectors } from '../types.js';

export const vectors: RecognizerVectors = {
  recognizer: 'crypto-bitcoin',
  source:
    'BIP 173 and BIP 350 test vectors (valid and invalid addresses); genesis block address 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa; Bitcoin wiki P2SH example 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy; near-misses constructed',
  positives: [
    {
      text: 'send 1 BTC to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
      expect: [{ value: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa' }],
    },
    {
      text: 'multisig 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy.',
      expect: [{ value: '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy' }],
    },
    {
      text: 'BIP 173: BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
      expect: [{ value: 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4' }],
    },
    {
      text: 'P2WSH bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3 ok',
      expect: [{ value: 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3' }],
    },
    {
      text: 'taproot: bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
      expect: [{ value: 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0' }],
      note: 'BIP 350 bech32m',
    },
    { text: 'BIP 350 v16: BC1SW50QGDZ25J', expect: [{ value: 'BC1SW50QGDZ25J' }] },
  ],
  negatives: [
    { text: 'to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', why: 'base58check near-miss: last character changed' },
    {
      text: 'to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfaN',
      why: 'base58check near-miss: last two characters swapped',
    },
    { text: 'to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', why: 'bech32 checksum near-miss' },
    {
      text: 'to bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd',
      why: 'BIP 350 invalid: v1 with a bech32 (not bech32m) checksum',
    },
    { text: 'to bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', why: 'BIP 350 invalid: v2 with a bech32 checksum' },
    { text: 'to BC1QW508d6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', why: 'BIP 173: mixed case' },
    { text: 'order 1234567890123456789012345678', why: 'digits only, no checksum' },
  ],
};
