/**
 * Turning a presented API key into a Principal, or null.
 *
 * Every way a key can fail (missing, malformed, unknown id, wrong secret, expired, revoked) gives the same
 * null, so the caller answers all of them with one 401 and an attacker learns nothing about which keys
 * exist. The secret is compared as SHA-256 digests with `timingSafeEqual`, so the time taken does not
 * reveal how many leading bytes matched. Store failures are not key failures: they reject, so the
 * gateway fails closed with a 503 rather than a misleading 401.
 *
 * A short positive cache (default 5 s) saves a database read per request. It is keyed by the SHA-256 of
 * the presented key, so the raw key is never kept in memory. Consequences, by design:
 * - revoking a key takes effect in this process at once when `invalidate(id)` is called, and otherwise
 *   (other replicas, other processes such as the CLI) within `cacheMs`;
 * - expiry is checked against `now()` on every call, cache hit or not, so a key never outlives its expiry.
 * Failures are not cached: a negative cache would let a flood of random keys evict nothing useful but
 * would make a newly created key fail for `cacheMs`.
 */
import { timingSafeEqual } from 'node:crypto';
import { apiKeyState, type ApiKeyRecord, type ApiKeyStore } from '../../store/api-key-store.js';
import { hashApiKey, parseApiKey } from './api-keys.js';

/** The caller a valid API key stands for. */
export interface Principal {
  readonly keyId: string;
  readonly tenant: string;
  readonly profile: string;
  /** Model names or `*` globs the key may use; null means every model. */
  readonly models: readonly string[] | null;
}

export interface ApiKeyVerifierOptions {
  readonly now?: () => number;
  /** How long a verified key is trusted without reading the store again; 0 disables the cache. */
  readonly cacheMs?: number;
  /** Most cached keys; the oldest entry goes first. */
  readonly maxCached?: number;
}

export interface ApiKeyVerifier {
  verify(presented: string | undefined): Promise<Principal | null>;
  /** Forget the cached verdicts for this key id (after revoking it). */
  invalidate(id: string): void;
}

interface CacheEntry {
  readonly principal: Principal;
  readonly expiresAt: number | null;
  readonly until: number;
}

export function createApiKeyVerifier(
  store: ApiKeyStore,
  options: ApiKeyVerifierOptions = {},
): ApiKeyVerifier {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? 5000;
  const maxCached = options.maxCached ?? 10_000;
  const cache = new Map<string, CacheEntry>();
  // Bumped by invalidate(): a store read that began before a revocation must not cache its result.
  let generation = 0;

  const principalOf = (record: ApiKeyRecord): Principal =>
    Object.freeze({
      keyId: record.id,
      tenant: record.tenant,
      profile: record.profile,
      models: record.models === null ? null : Object.freeze([...record.models]),
    });

  return {
    async verify(presented) {
      if (presented === undefined) return null;
      const parsed = parseApiKey(presented);
      if (parsed === null) return null;
      const digest = hashApiKey(presented);
      const cacheKey = Buffer.from(digest).toString('base64');
      const t = now();
      const hit = cache.get(cacheKey);
      if (hit !== undefined) {
        if (t < hit.until) {
          if (hit.expiresAt !== null && t >= hit.expiresAt) {
            cache.delete(cacheKey);
            return null;
          }
          return hit.principal;
        }
        cache.delete(cacheKey);
      }
      const started = generation;
      const record = await store.get(parsed.id);
      if (record === undefined || record.id !== parsed.id) return null;
      const stored = record.hash;
      if (stored.byteLength !== digest.byteLength || !timingSafeEqual(stored, digest)) return null;
      const checkedAt = now();
      if (apiKeyState(record, checkedAt) !== 'active') return null;
      const principal = principalOf(record);
      if (cacheMs > 0 && started === generation) {
        if (cache.size >= maxCached) {
          const oldest = cache.keys().next();
          if (oldest.done !== true) cache.delete(oldest.value);
        }
        cache.set(cacheKey, { principal, expiresAt: record.expiresAt, until: checkedAt + cacheMs });
      }
      return principal;
    },
    invalidate(id) {
      generation += 1;
      for (const [key, entry] of cache) {
        if (entry.principal.keyId === id) cache.delete(key);
      }
    },
  };
}

/** Model names and allowlist entries: printable, no spaces or commas (the CLI separates them by commas). */
const MODEL_PATTERN = /^[\x21-\x2b\x2d-\x7e]{1,256}$/;

export function isModelPattern(text: string): boolean {
  return MODEL_PATTERN.test(text);
}

/**
 * Whether the key may use `model`: every model when its allowlist is null, else an entry equal to the
 * name, or a glob whose `*` stands for any run of characters (`gpt-4o*`, `anthropic/*`). Matched without
 * regular expressions, so an entry can never backtrack catastrophically.
 */
export function modelAllowed(principal: Pick<Principal, 'models'>, model: string): boolean {
  if (principal.models === null) return true;
  return principal.models.some((entry) => matchesGlob(entry, model));
}

function matchesGlob(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  const parts = pattern.split('*');
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) {
    return false;
  }
  // Greedy left-to-right is exact for `*`-only globs: taking each middle part at its earliest place
  // leaves the most room for the rest.
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const found = text.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
