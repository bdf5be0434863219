/**
 * The API key format: `vg_<id>_<secret>`.
 *
 * - `id`: 12 random base62 characters (about 71 bits). It is not secret: it names the key in the store,
 *   in `veilgate keys list` and in audit records, and lets the verifier find the one row to compare.
 * - `secret`: 32 random bytes, base64url without padding (43 characters, 256 bits).
 * - the visible prefix `vg_<id>` is all that is ever shown again after creation.
 *
 * Only SHA-256 of the whole key is stored. A fast, unsalted hash is enough here (unlike for passwords):
 * with 256 random bits in the secret there is nothing to brute-force or precompute, and the verifier must
 * be cheap enough to run on every request. The `vg_` prefix lets secret scanners (ours included) and
 * people recognise a leaked key.
 *
 * Randomness and the clock come in as parameters, so this module stays free of I/O.
 */
import { createHash, randomBytes } from 'node:crypto';
import { durationMs } from '../../config/schema.js';

export const API_KEY_PREFIX = 'vg_';
export const API_KEY_ID_LENGTH = 12;
/** 32 bytes in base64url without padding: ceil(256 / 6) = 43 characters. */
export const API_KEY_SECRET_LENGTH = 43;
/** `vg_` + id + `_` + secret. */
export const API_KEY_LENGTH = API_KEY_PREFIX.length + API_KEY_ID_LENGTH + 1 + API_KEY_SECRET_LENGTH;

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_PATTERN = /^[A-Za-z0-9]{12}$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Tenant and profile names as API keys carry them (short, safe in logs, URLs and metric labels). */
const LABEL_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface ApiKey {
  /** The full key, shown to its owner once. */
  readonly key: string;
  readonly id: string;
  /** `vg_<id>`: what listings show. */
  readonly prefix: string;
  /** SHA-256 of `key`, the only form that is stored. */
  readonly hash: Uint8Array;
}

export interface ParsedApiKey {
  readonly id: string;
  readonly prefix: string;
}

export type RandomBytes = (size: number) => Uint8Array;

/** Random base62 characters by rejection sampling: 248 = 4 × 62, so every character is equally likely. */
function randomBase62(length: number, random: RandomBytes): string {
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte >= 248) continue;
      out += BASE62[byte % 62] as string;
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateApiKey(random: RandomBytes = randomBytes): ApiKey {
  const id = randomBase62(API_KEY_ID_LENGTH, random);
  const secret = Buffer.from(random(32)).toString('base64url');
  const key = `${API_KEY_PREFIX}${id}_${secret}`;
  return { key, id, prefix: apiKeyPrefix(id), hash: hashApiKey(key) };
}

export function apiKeyPrefix(id: string): string {
  return `${API_KEY_PREFIX}${id}`;
}

/**
 * The id of a well-formed key, or null. Strict: exact length, alphabets, and a canonical secret encoding
 * (the last base64url character may carry only the 4 bits that are left of 256), so each 32-byte secret
 * has exactly one accepted spelling and malformed input never reaches the store.
 */
export function parseApiKey(text: string): ParsedApiKey | null {
  if (typeof text !== 'string' || text.length !== API_KEY_LENGTH || !text.startsWith(API_KEY_PREFIX)) {
    return null;
  }
  const idEnd = API_KEY_PREFIX.length + API_KEY_ID_LENGTH;
  const id = text.slice(API_KEY_PREFIX.length, idEnd);
  const secret = text.slice(idEnd + 1);
  if (text[idEnd] !== '_' || !ID_PATTERN.test(id) || !SECRET_PATTERN.test(secret)) return null;
  const bytes = Buffer.from(secret, 'base64url');
  if (bytes.length !== 32 || bytes.toString('base64url') !== secret) return null;
  return { id, prefix: apiKeyPrefix(id) };
}

/** Whether `text` is a key id (`AbC…`, 12 base62 characters) as `list` shows and `revoke` takes. */
export function isApiKeyId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/** SHA-256 of the key's UTF-8 bytes (32 bytes). */
export function hashApiKey(key: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(key, 'utf8').digest());
}

/**
 * When a key created at `now` with lifetime `duration` (`90s`, `12h`, `30d`, as in the configuration, or
 * `never`) expires: epoch milliseconds, null for never, undefined when `duration` is not a duration.
 */
export function expiresIn(duration: string, now: number): number | null | undefined {
  // The configuration's duration syntax (src/config/schema.ts), which durationMs expects validated.
  if (!/^(?:[1-9][0-9]{0,6}[smhd]|never)$/.test(duration)) return undefined;
  const ms = durationMs(duration);
  return ms === null ? null : now + ms;
}

/** Tenant and profile names: 1-64 characters of `[A-Za-z0-9._-]`. */
export function isApiKeyLabel(text: string): boolean {
  return LABEL_PATTERN.test(text);
}
