/**
 * Reversible encryption of single values, in two flavours, both bound to the entity type (a card number
 * encrypted as CREDIT_CARD does not decrypt as anything else):
 *
 * - `encrypt` (randomised): AES-256-GCM with a fresh 96-bit nonce; the same value encrypts differently
 *   every time, so ciphertexts reveal nothing, not even equality. Token: `enc.v1.ENTITY.<base64url(nonce ‖
 *   ciphertext ‖ tag)>`; the entity and version are the associated data.
 * - `deterministic`, for joins: the same value under the same key always gives the same token, and nothing
 *   else leaks. Construction (SIV, RFC 5297's design with HMAC as the PRF): from the key, HKDF-SHA-256
 *   derives a MAC key and an encryption key; the synthetic IV is the first 16 bytes of
 *   HMAC-SHA-256(macKey, version ‖ entity ‖ NUL ‖ value); the ciphertext is AES-256-CTR(encKey, IV, value).
 *   Decryption recomputes the IV from the plaintext and compares in constant time, so any change to the
 *   token is detected. Token: `det.v1.ENTITY.<base64url(IV ‖ ciphertext)>`.
 *
 * Every decryption failure (bad format, wrong key, wrong entity, tampering) raises the same
 * VG_PROTECT_DECRYPT error with one generic message.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { VeilgateError } from '../errors.js';
import type { OperatorInput } from './types.js';

const ENTITY = /^[A-Z][A-Z0-9_]*$/;
/** Tokens in text: `enc.v1.ENTITY.payload` or `det.v1.ENTITY.payload`. */
export const CIPHER_TOKEN = /\b(enc|det)\.v1\.([A-Z][A-Z0-9_]*)\.([A-Za-z0-9_-]{22,})/g;

function checkKey(key: Uint8Array, what: string): void {
  if (key.length !== 32) throw new VeilgateError('VG_PROTECT_BAD_INPUT', `${what}: the key must be 32 bytes`);
}

function checkEntity(entity: string): void {
  if (!ENTITY.test(entity)) {
    throw new VeilgateError(
      'VG_PROTECT_BAD_INPUT',
      'encrypt: the entity type must be upper-case letters, digits and _',
    );
  }
}

const decryptError = (): VeilgateError =>
  new VeilgateError('VG_PROTECT_DECRYPT', 'the protected value could not be decrypted');

/** Split `kind.v1.ENTITY.payload`, or throw the generic decryption error. */
function parse(kind: 'enc' | 'det', token: string): { entity: string; payload: Buffer } {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== kind || parts[1] !== 'v1' || !ENTITY.test(parts[2] as string)) {
    throw decryptError();
  }
  return { entity: parts[2] as string, payload: Buffer.from(parts[3] as string, 'base64url') };
}

export function encryptValue(key: Uint8Array, input: OperatorInput): string {
  checkKey(key, 'encrypt');
  checkEntity(input.entity);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`enc.v1.${input.entity}`));
  const body = Buffer.concat([cipher.update(input.value, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([nonce, body, cipher.getAuthTag()]);
  return `enc.v1.${input.entity}.${payload.toString('base64url')}`;
}

/** The value and entity inside an `enc.v1` token. */
export function decryptValue(key: Uint8Array, token: string): OperatorInput {
  checkKey(key, 'decrypt');
  const { entity, payload } = parse('enc', token);
  if (payload.length < 12 + 16) throw decryptError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, payload.subarray(0, 12));
    decipher.setAAD(Buffer.from(`enc.v1.${entity}`));
    decipher.setAuthTag(payload.subarray(payload.length - 16));
    const value = Buffer.concat([
      decipher.update(payload.subarray(12, payload.length - 16)),
      decipher.final(),
    ]);
    return { entity, value: value.toString('utf8') };
  } catch {
    throw decryptError();
  }
}

export interface DeterministicCipher {
  encrypt(input: OperatorInput): string;
  /** The value and entity inside a `det.v1` token. */
  decrypt(token: string): OperatorInput;
}

/**
 * AES-256-CTR (the same output as node's `aes-256-ctr`) from one long-lived ECB cipher: the key schedule
 * is set up once, and each call encrypts its counter blocks and XORs them in.
 */
function preparedCtr(key: Buffer): (iv: Buffer, data: Buffer, out: Buffer, at: number) => void {
  const ecb = createCipheriv('aes-256-ecb', key, null);
  ecb.setAutoPadding(false);
  return (iv, data, out, at) => {
    const blocks = Math.ceil(data.length / 16);
    const counters = Buffer.allocUnsafe(blocks * 16);
    const counter = Buffer.from(iv);
    for (let b = 0; b < blocks; b++) {
      counter.copy(counters, b * 16);
      for (let i = 15; i >= 0; i--) {
        counter[i] = ((counter[i] as number) + 1) & 0xff;
        if (counter[i] !== 0) break;
      }
    }
    const stream = ecb.update(counters);
    for (let i = 0; i < data.length; i++) out[at + i] = (data[i] as number) ^ (stream[i] as number);
  };
}

/** A deterministic cipher for one key (the derived keys and their set-up are computed once). */
export function createDeterministicCipher(key: Uint8Array): DeterministicCipher {
  checkKey(key, 'deterministic');
  const macKey = createSecretKey(
    Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'veilgate/det/mac/v1', 32)),
  );
  const ctr = preparedCtr(Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'veilgate/det/enc/v1', 32)));
  const prefixes = new Map<string, Buffer>();
  const syntheticIv = (entity: string, value: Buffer): Buffer => {
    let prefix = prefixes.get(entity);
    if (prefix === undefined) {
      prefix = Buffer.from(`det.v1.${entity}\0`);
      if (prefixes.size < 1024) prefixes.set(entity, prefix);
    }
    return createHmac('sha256', macKey).update(prefix).update(value).digest().subarray(0, 16);
  };
  return {
    encrypt(input: OperatorInput): string {
      checkEntity(input.entity);
      const value = Buffer.from(input.value, 'utf8');
      const iv = syntheticIv(input.entity, value);
      const payload = Buffer.allocUnsafe(16 + value.length);
      iv.copy(payload);
      ctr(iv, value, payload, 16);
      return `det.v1.${input.entity}.${payload.toString('base64url')}`;
    },
    decrypt(token: string): OperatorInput {
      const { entity, payload } = parse('det', token);
      if (payload.length < 16) throw decryptError();
      const iv = payload.subarray(0, 16);
      const value = Buffer.allocUnsafe(payload.length - 16);
      ctr(iv, payload.subarray(16), value, 0);
      if (!timingSafeEqual(iv, syntheticIv(entity, value))) throw decryptError();
      return { entity, value: value.toString('utf8') };
    },
  };
}
