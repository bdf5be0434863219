import type { RecognizerSpec, Validation } from '../../types.js';
import { base58CheckValid, segwitAddressValid } from '../../validators/crypto-addresses.js';

/**
 * Bitcoin mainnet addresses: legacy P2PKH ("1…") and P2SH ("3…") in base58check, whose double-SHA-256
 * checksum must match, and SegWit "bc1…" addresses in bech32 (BIP 173, witness v0) or bech32m (BIP 350,
 * v1+ such as Taproot), whose BCH checksum must match. A checksum failure drops the candidate; a valid
 * one is certain.
 */

export function validateBitcoinAddress(value: string): Validation {
  const ok =
    value.length > 3 && value[2] === '1' && /^bc/i.test(value)
      ? segwitAddressValid(value)
      : base58CheckValid(value);
  return ok ? 'valid' : 'invalid';
}

export const cryptoBitcoin: RecognizerSpec = Object.freeze({
  id: 'crypto-bitcoin',
  entity: 'CRYPTO_WALLET',
  version: '1.0.0',
  description: 'Bitcoin addresses: base58check P2PKH/P2SH and bech32/bech32m SegWit, checksums verified',
  patterns: [
    {
      name: 'base58',
      // Base58 alphabet: no 0, O, I or l. 25-byte payloads encode to 26-35 characters.
      regex: /[13](?<![\w+/=-][13])[1-9A-HJ-NP-Za-km-z]{25,34}(?![\w+/=-])/g,
      score: 0.3,
    },
    {
      name: 'bech32',
      // BIP 173: human-readable part "bc", separator "1", data in the 32-character alphabet, one case.
      regex: /[bB](?<![\w+/=-][bB])(?:c1[02-9ac-hj-np-z]{8,87}|C1[02-9AC-HJ-NP-Z]{8,87})(?![\w+/=-])/g,
      score: 0.3,
    },
  ],
  validate: validateBitcoinAddress,
});
