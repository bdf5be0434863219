import { createHash } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58, bech32, bech32m } from '@scure/base';

/** Bitcoin legacy (P2PKH `1…`, P2SH `3…`) address: base58check with a double-SHA-256 checksum. */
export function base58CheckValid(address: string): boolean {
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(address);
  } catch {
    return false;
  }
  if (bytes.length !== 25) return false;
  const payload = bytes.subarray(0, 21);
  const version = payload[0];
  if (version !== 0x00 && version !== 0x05) return false;
  const first = createHash('sha256').update(payload).digest();
  const second = createHash('sha256').update(first).digest();
  for (let i = 0; i < 4; i++) if (second[i] !== bytes[21 + i]) return false;
  return true;
}

/** Bitcoin SegWit address (`bc1…`): bech32 for witness v0 (BIP 173), bech32m for v1+ (BIP 350). */
export function segwitAddressValid(address: string): boolean {
  const lower = address.toLowerCase();
  if (address !== lower && address !== address.toUpperCase()) return false; // BIP 173: no mixed case
  if (!lower.startsWith('bc1')) return false;
  for (const codec of [bech32, bech32m]) {
    try {
      const { prefix, words } = codec.decode(lower as `${string}1${string}`, 90);
      if (prefix !== 'bc' || words.length === 0) continue;
      const version = words[0] as number;
      if (version > 16) continue;
      if ((version === 0) !== (codec === bech32)) continue;
      const program = codec.fromWords(words.slice(1));
      if (program.length < 2 || program.length > 40) continue;
      if (version === 0 && program.length !== 20 && program.length !== 32) continue;
      return true;
    } catch {
      // try the other encoding
    }
  }
  return false;
}

/** EIP-55 mixed-case checksum of an Ethereum address; all-lowercase or all-uppercase carry no checksum. */
export function eip55Checksum(address: string): 'valid' | 'invalid' | 'neutral' {
  const hex = address.slice(2);
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) return 'invalid';
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return 'neutral';
  const hash = keccak_256(new TextEncoder().encode(hex.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const ch = hex[i] as string;
    if (!/[a-fA-F]/.test(ch)) continue;
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const upper = ch === ch.toUpperCase();
    if (nibble >= 8 !== upper) return 'invalid';
  }
  return 'valid';
}
