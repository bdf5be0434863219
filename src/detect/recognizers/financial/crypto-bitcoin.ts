import type { RecognizerSpec, Validation } from '../../types.js';
import { base58CheckValid, segwitAddressValid } from '../../validators/crypto-addresses.js';
import { pivotRegExp } from '../../pivot-regexp.js';

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

/** Base58 alphabet: 1-9, A-Z without I and O, a-z without l. */
function isBase58(c: number): boolean {
  return (
    (c >= 49 && c <= 57) || (c >= 65 && c <= 90 && c !== 73 && c !== 79) || (c >= 97 && c <= 122 && c !== 108)
  );
}

/** Characters that may not precede an address: [\w+/=-]. */
function isJoiner(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 43 ||
    c === 47 ||
    c === 61 ||
    c === 45
  );
}

/** Whether the 25 characters from `from` can be base58 (every fourth checked: a cheap necessary test). */
function base58Run(t: string, from: number): boolean {
  for (let k = from; k <= from + 24; k += 4) if (!isBase58(t.charCodeAt(k))) return false;
  return true;
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
      // Tried only at a "1" or "3" found by string search (pivotRegExp) that starts a run reaching 26
      // characters: a regex pass would try every position of the text.
      regex: pivotRegExp(['1', '3'], /[13](?<![\w+/=-][13])[1-9A-HJ-NP-Za-km-z]{25,34}(?![\w+/=-])/, 'g', {
        guard: (t, i) => !isJoiner(t.charCodeAt(i - 1)) && base58Run(t, i + 1),
      }),
      score: 0.3,
    },
    {
      name: 'bech32',
      // BIP 173: human-readable part "bc", separator "1", data in the 32-character alphabet, one case.
      // Tried only at a "1" found by string search that follows "bc" in either case.
      regex: pivotRegExp(
        '1',
        /[bB](?<![\w+/=-][bB])(?:c1[02-9ac-hj-np-z]{8,87}|C1[02-9AC-HJ-NP-Z]{8,87})(?![\w+/=-])/,
        'g',
        {
          minOffset: 2,
          guard: (t, i) => (t.charCodeAt(i - 1) | 32) === 99 && (t.charCodeAt(i - 2) | 32) === 98,
        },
      ),
      score: 0.3,
    },
  ],
  validate: validateBitcoinAddress,
});
