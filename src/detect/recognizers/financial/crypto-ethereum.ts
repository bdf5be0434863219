import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { eip55Checksum } from '../../validators/crypto-addresses.js';

/**
 * Ethereum (and other EVM chain) account addresses: "0x" and 40 hex digits. Mixed case carries the EIP-55
 * checksum: a match is certain and a mismatch is a typo or a different value. All-lower or all-upper
 * addresses have no checksum and score moderately, raised by a wallet keyword. A 64-hex value (transaction
 * hash, private key) is not an address: the match must end at the 40th digit.
 */

export function validateEthereumAddress(value: string): ValidationResult {
  const hex = value.slice(2);
  // 0x000…0 (the burn address) and other repeated digits are placeholders in documentation.
  if (/^(.)\1+$/.test(hex)) return 'invalid';
  const checksum = eip55Checksum(value);
  if (checksum === 'invalid') return 'invalid';
  if (checksum === 'valid') return 'valid';
  return { validation: 'neutral', score: 0.6 };
}

export const cryptoEthereum: RecognizerSpec = Object.freeze({
  id: 'crypto-ethereum',
  entity: 'CRYPTO_WALLET',
  version: '1.0.0',
  description: 'Ethereum addresses (0x + 40 hex digits) with the EIP-55 mixed-case checksum',
  patterns: [
    {
      name: 'hex40',
      regex: /0(?<![\w$#]0)[xX][0-9a-fA-F]{40}(?![\w$#])/g,
      score: 0.6,
    },
  ],
  validate: validateEthereumAddress,
  context: {
    words: [
      'eth',
      'ether',
      'ethereum',
      'wallet',
      'address',
      'addr',
      'send',
      'sent',
      'receive',
      'deposit',
      'withdraw',
      'withdrawal',
      'metamask',
      'erc20',
      'erc-20',
      'usdt',
      'usdc',
      'token',
      'polygon',
      'bsc',
      'arbitrum',
      'crypto',
      'recipient',
      'beneficiary',
    ],
    boost: 0.3,
    floor: 0.6,
  },
});
