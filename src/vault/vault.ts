/**
 * The token vault: reversible tokenization with typed placeholders that are stable within a scope.
 *
 * `tokenize` turns each value into `<ENTITY_n>`: the same value (as `normalizeValue` compares them) in the
 * same tenant, scope and subject always gets the same placeholder, a new one the next free number. The
 * vault row holds:
 *
 * - a fingerprint, HMAC-SHA-256 under the tenant's index key over (subject, entity, normalised value), so
 *   a value is found again without storing it or an unkeyed hash of it (which a dictionary reverses);
 * - the value, AES-256-GCM-encrypted under the subject's (or tenant's) vault data key, with the tenant,
 *   scope, entity and fingerprint as associated data: a ciphertext copied into another row, scope or
 *   tenant fails to decrypt;
 * - an expiry (default 30 days, extended when the value is seen again).
 *
 * `restore` replaces the placeholders of one scope, and only of the entity types the caller may see;
 * unknown, expired, forgotten and foreign placeholders stay exactly as they were. The streaming restorer
 * holds back a possibly incomplete placeholder at a chunk boundary and never emits part of one.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { BUILTIN_RECOGNIZERS } from '../detect/recognizers/index.js';
import { VeilgateError } from '../errors.js';
import { checkId, type Keyring } from '../crypto/keyring.js';
import type { OperatorInput } from '../protect/types.js';
import { normalizeValue } from '../protect/value-key.js';
import {
  createPlaceholderSplitter,
  findPlaceholders,
  formatPlaceholder,
  replacePlaceholders,
  type PlaceholderRef,
} from './placeholder.js';
import type { TokenStore, VaultEntry } from './token-store.js';

export interface VaultScope {
  readonly tenant: string;
  /** The conversation, dataset or tenant-wide scope in which placeholders are stable. */
  readonly scope: string;
  /** The data subject the values belong to, when known: `forget` can then erase just theirs. */
  readonly subject?: string;
}

export interface RestoreAccess {
  readonly tenant: string;
  readonly scope: string;
  /** Entity types this caller may see restored; all when absent. */
  readonly entities?: ReadonlySet<string>;
}

export interface RestoreResult {
  readonly text: string;
  /** Placeholders replaced by their values. */
  readonly restored: number;
  /** Placeholder-shaped spans left as they were (unknown, expired, forgotten or not permitted). */
  readonly leftAlone: number;
}

export interface StreamRestorer {
  /** Text safe to emit now; a possibly incomplete placeholder at the end is held back. */
  push(chunk: string): Promise<string>;
  /** Whatever is still held, restored. */
  end(): Promise<string>;
}

export interface TokenVaultOptions {
  readonly keyring: Keyring;
  readonly store: TokenStore;
  /** Lifetime of an entry after its last use; `null` keeps entries until forgotten. Default 30 days. */
  readonly ttlMs?: number | null;
  /** Entity types placeholders can name (default: every built-in recognizer's, plus any custom ones). */
  readonly entities?: Iterable<string>;
  readonly now?: () => number;
  /**
   * How long this process remembers the values it tokenized or restored, per scope (default 60 s; 0
   * turns it off). A reply is usually restored seconds after its prompt was tokenized, so the restore
   * then needs neither the database nor a decryption, and a value seen again skips both too. Bounded to
   * `cacheMaxScopes` scopes of up to 10,000 values, 200,000 in all; `forget` clears the tenant's scopes in this process,
   * and other processes forget within this lifetime (as with cached data keys).
   */
  readonly cacheTtlMs?: number;
  readonly cacheMaxScopes?: number;
}

/** What this process remembers of one scope: value → number and number → value, until `expires`. */
interface ScopeCache {
  readonly tenant: string;
  readonly expires: number;
  /** `subject NUL entity NUL normalised value` → placeholder number. */
  readonly numbers: Map<string, number>;
  /** `ENTITY_n` → the value. */
  readonly values: Map<string, string>;
}

/** Entries one scope's cache holds at most (a busy key-wide scope of the gateway sees many values). */
const MAX_CACHED_VALUES = 10_000;
/** Entries all scope caches hold together at most (about 200 bytes each), the oldest scopes going first. */
const MAX_CACHED_TOTAL = 200_000;

export interface TokenVault {
  tokenize(scope: VaultScope, values: readonly OperatorInput[]): Promise<string[]>;
  restore(text: string, access: RestoreAccess): Promise<RestoreResult>;
  createStreamRestorer(access: RestoreAccess): StreamRestorer;
  /** Crypto-shred a tenant's or a subject's entries: keys destroyed first, then rows deleted. */
  forget(tenant: string, subject?: string): Promise<{ keys: number; entries: number }>;
  /** Delete the entries of one value (every scope of the tenant), e.g. for an erasure request. */
  forgetValue(tenant: string, input: OperatorInput, subject?: string): Promise<number>;
  purgeExpired(): Promise<number>;
}

const ENTITY = /^[A-Z][A-Z0-9_]{0,63}$/;
const MAX_VALUE_LENGTH = 64 * 1024;

function fingerprintOf(indexKey: KeyObject, subject: string, input: OperatorInput): Buffer {
  return createHmac('sha256', indexKey)
    .update(`vg-index/v1\0${subject}\0${input.entity}\0${normalizeValue(input.entity, input.value)}`)
    .digest();
}

function associatedData(tenant: string, scope: string, entity: string, fingerprint: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`vg-vault/v1\0${tenant}\0${scope}\0${entity}\0`), fingerprint]);
}

export function createTokenVault(options: TokenVaultOptions): TokenVault {
  const { keyring, store } = options;
  const ttl = options.ttlMs === undefined ? 30 * 24 * 3600_000 : options.ttlMs;
  const now = options.now ?? Date.now;
  const entities = new Set<string>(options.entities ?? BUILTIN_RECOGNIZERS.map((r) => r.entity));
  const cacheTtl = options.cacheTtlMs ?? 60_000;
  const cacheMaxScopes = options.cacheMaxScopes ?? 1000;
  const caches = new Map<string, ScopeCache>();
  let cachedTotal = 0;
  const sizeOf = (c: ScopeCache): number => c.values.size + c.numbers.size;
  const dropCache = (key: string): void => {
    const c = caches.get(key);
    if (c === undefined) return;
    cachedTotal -= sizeOf(c);
    caches.delete(key);
  };
  /** Evict the oldest other scopes until one more entry fits; false when it cannot. */
  const makeRoom = (keep: ScopeCache): boolean => {
    for (const [key, c] of caches) {
      if (cachedTotal < MAX_CACHED_TOTAL) break;
      if (c !== keep) dropCache(key);
    }
    return cachedTotal < MAX_CACHED_TOTAL;
  };

  /** The scope's cache, created when `create`; expired caches are dropped, the oldest beyond the bound. */
  function scopeCache(tenant: string, scope: string, create: boolean): ScopeCache | undefined {
    if (cacheTtl <= 0) return undefined;
    const key = `${tenant}\0${scope}`;
    const hit = caches.get(key);
    const t = now();
    if (hit !== undefined && hit.expires > t) return hit;
    if (hit !== undefined) dropCache(key);
    if (!create) return undefined;
    if (caches.size >= cacheMaxScopes) {
      const oldest = caches.keys().next().value;
      if (oldest !== undefined) dropCache(oldest);
    }
    const fresh: ScopeCache = { tenant, expires: t + cacheTtl, numbers: new Map(), values: new Map() };
    caches.set(key, fresh);
    return fresh;
  }

  function remember(
    cache: ScopeCache | undefined,
    numberKey: string | undefined,
    ref: string,
    value: string,
    n: number,
  ): void {
    if (cache === undefined || cache.values.size >= MAX_CACHED_VALUES || !makeRoom(cache)) return;
    const before = sizeOf(cache);
    cache.values.set(ref, value);
    if (numberKey !== undefined) cache.numbers.set(numberKey, n);
    cachedTotal += sizeOf(cache) - before;
  }

  function rememberNumber(cache: ScopeCache, numberKey: string, n: number): void {
    if (cache.numbers.size >= MAX_CACHED_VALUES || !makeRoom(cache)) return;
    const before = cache.numbers.size;
    cache.numbers.set(numberKey, n);
    cachedTotal += cache.numbers.size - before;
  }

  function dropTenant(tenant: string): void {
    for (const [key, c] of caches) if (c.tenant === tenant) dropCache(key);
  }

  function checkScope(s: { tenant: string; scope: string }): void {
    checkId('tenant', s.tenant);
    checkId('scope', s.scope);
  }

  async function decryptEntry(entry: VaultEntry): Promise<string | undefined> {
    let key;
    try {
      key = await keyring.keyById(entry.keyId);
    } catch (err) {
      // A forgotten key means the value is gone for good: leave the placeholder, as for an unknown one.
      if (err instanceof VeilgateError && err.code === 'VG_KEY_NOT_FOUND') return undefined;
      throw err;
    }
    const c = entry.ciphertext;
    if (c.length < 12 + 16)
      throw new VeilgateError('VG_PROTECT_DECRYPT', 'a vault entry could not be decrypted');
    try {
      const d = createDecipheriv('aes-256-gcm', key.key, c.subarray(0, 12));
      d.setAAD(associatedData(entry.tenant, entry.scope, entry.entity, entry.fingerprint));
      d.setAuthTag(c.subarray(c.length - 16));
      return Buffer.concat([d.update(c.subarray(12, c.length - 16)), d.final()]).toString('utf8');
    } catch {
      // Tampering fails loudly: a wrong value must never be restored, and silence would hide the attack.
      throw new VeilgateError('VG_PROTECT_DECRYPT', 'a vault entry could not be decrypted');
    }
  }

  async function restore(text: string, access: RestoreAccess): Promise<RestoreResult> {
    checkScope(access);
    const visible = access.entities === undefined ? entities : access.entities;
    const refs = findPlaceholders(text, visible);
    if (refs.length === 0) return { text, restored: 0, leftAlone: 0 };
    const cache = scopeCache(access.tenant, access.scope, false);
    const values = new Map<string, string>();
    const missing = new Map<string, PlaceholderRef>();
    for (const r of refs) {
      const ref = `${r.entity}_${r.n}`;
      const cached = cache?.values.get(ref);
      if (cached !== undefined) values.set(ref, cached);
      else missing.set(ref, r);
    }
    if (missing.size > 0) {
      const rows = await store.findEntries(
        access.tenant,
        access.scope,
        [...missing.values()].map((r) => ({ entity: r.entity, n: r.n })),
        now(),
      );
      const filling = scopeCache(access.tenant, access.scope, true);
      for (const row of rows) {
        const value = await decryptEntry(row);
        if (value === undefined) continue;
        const ref = `${row.entity}_${row.n}`;
        values.set(ref, value);
        // Only entries living longer than the cache may be cached, or the cache would outlive them.
        if (row.expiresAt === null || (filling !== undefined && row.expiresAt >= filling.expires)) {
          remember(filling, undefined, ref, value, row.n);
        }
      }
    }
    let restored = 0;
    const out = replacePlaceholders(text, refs, (r) => {
      const v = values.get(`${r.entity}_${r.n}`);
      if (v !== undefined) restored++;
      return v;
    });
    return { text: out, restored, leftAlone: refs.length - restored };
  }

  return {
    async tokenize(scope, values) {
      checkScope(scope);
      const subject = scope.subject ?? '';
      checkId('subject', subject, true);
      for (const v of values) {
        if (!ENTITY.test(v.entity)) {
          throw new VeilgateError('VG_VAULT_BAD_INPUT', 'tokenize: the entity type must be UPPER_SNAKE_CASE');
        }
        if (typeof v.value !== 'string' || v.value.length === 0 || v.value.length > MAX_VALUE_LENGTH) {
          throw new VeilgateError('VG_VAULT_BAD_INPUT', 'tokenize: values must be 1 to 65,536 characters');
        }
      }
      if (values.length === 0) return [];
      const t = now();
      const cache = scopeCache(scope.tenant, scope.scope, true);
      const numberKeys = values.map((v) => `${subject}\0${v.entity}\0${normalizeValue(v.entity, v.value)}`);
      const numbers: (number | undefined)[] = numberKeys.map((k) => cache?.numbers.get(k));
      const uncached = numbers.flatMap((n, i) => (n === undefined ? [i] : []));
      if (uncached.length > 0) {
        const indexKey = createSecretKey(
          await keyring.currentKey(scope.tenant, '', 'index', true).then((k) => k.key),
        );
        const fingerprints = uncached.map((i) =>
          fingerprintOf(indexKey, subject, values[i] as OperatorInput),
        );
        const expiresAt = ttl === null ? null : t + ttl;
        // Values already in the scope need neither encryption nor a write, unless their expiry is more
        // than half spent (then the write extends it).
        const known = await store.findNumbers(scope.tenant, scope.scope, fingerprints, t);
        const todo: number[] = [];
        known.forEach((k, j) => {
          const stale = k !== undefined && ttl !== null && k.expiresAt !== null && k.expiresAt - t < ttl / 2;
          if (k === undefined || stale) todo.push(j);
          else numbers[uncached[j] as number] = k.n;
        });
        if (todo.length > 0) {
          const valueKey = await keyring.currentKey(scope.tenant, subject, 'vault', true);
          const secret = createSecretKey(valueKey.key);
          const nonces = randomBytes(12 * todo.length);
          const entries = todo.map((j, m) => {
            const v = values[uncached[j] as number] as OperatorInput;
            const fingerprint = fingerprints[j] as Buffer;
            const nonce = nonces.subarray(12 * m, 12 * m + 12);
            const cipher = createCipheriv('aes-256-gcm', secret, nonce);
            cipher.setAAD(associatedData(scope.tenant, scope.scope, v.entity, fingerprint));
            const body = Buffer.concat([cipher.update(v.value, 'utf8'), cipher.final()]);
            return {
              entity: v.entity,
              fingerprint,
              subject,
              keyId: valueKey.id,
              ciphertext: Buffer.concat([nonce, body, cipher.getAuthTag()]),
            };
          });
          const assigned = await store.tokenizeEntries(scope.tenant, scope.scope, entries, t, expiresAt);
          todo.forEach((j, m) => (numbers[uncached[j] as number] = assigned[m]));
        }
        // Cache only what outlives the cache (a TTL shorter than the cache's would be overstayed). The
        // value itself only when this call stored it: an existing entry may hold another spelling of it
        // ("Jane Roe" for "JANE ROE"), and restore gives back the stored one.
        if (cache !== undefined && (ttl === null || t + ttl / 2 >= cache.expires)) {
          const stored = new Set(
            todo.filter((j) => known[j] === undefined).map((j) => uncached[j] as number),
          );
          for (const i of uncached) {
            const v = values[i] as OperatorInput;
            const n = numbers[i] as number;
            if (stored.has(i)) remember(cache, numberKeys[i], `${v.entity}_${n}`, v.value, n);
            else rememberNumber(cache, numberKeys[i] as string, n);
          }
        }
      }
      for (const v of values) entities.add(v.entity);
      return numbers.map((n, i) => formatPlaceholder((values[i] as OperatorInput).entity, n as number));
    },

    restore,

    createStreamRestorer(access) {
      checkScope(access);
      const splitter = createPlaceholderSplitter(access.entities === undefined ? entities : access.entities);
      return {
        async push(chunk) {
          const ready = splitter.push(chunk);
          return ready === '' ? '' : (await restore(ready, access)).text;
        },
        async end() {
          const rest = splitter.end();
          return rest === '' ? '' : (await restore(rest, access)).text;
        },
      };
    },

    async forget(tenant, subject) {
      dropTenant(tenant);
      const keys = await keyring.forget(tenant, subject);
      const entries = await store.deleteEntries(subject === undefined ? { tenant } : { tenant, subject });
      return { keys, entries };
    },

    async forgetValue(tenant, input, subject = '') {
      checkId('tenant', tenant);
      dropTenant(tenant);
      let indexKey;
      try {
        indexKey = await keyring.currentKey(tenant, '', 'index', false);
      } catch (err) {
        if (err instanceof VeilgateError && err.code === 'VG_KEY_NOT_FOUND') return 0;
        throw err;
      }
      return store.deleteEntries({
        tenant,
        fingerprint: fingerprintOf(createSecretKey(indexKey.key), subject, input),
      });
    },

    purgeExpired: () => store.purgeExpired(now()),
  };
}
