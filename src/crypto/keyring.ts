/**
 * The keyring: envelope encryption over a master key provider and a data key store.
 *
 * - Each tenant (and, when asked, each data subject of a tenant) has its own random 256-bit data keys,
 *   one per purpose (vault values, the fingerprint index, the protection operators), stored only wrapped
 *   by the master key, with the wrap bound to (tenant, subject, purpose, id, version).
 * - Rotation: `rotateMaster` makes the provider create a new master key version (later wraps use it);
 *   `rotateDataKeys` adds a new data key version for a tenant (later writes use it). Old versions stay
 *   readable because everything records the id of the key that encrypted it.
 * - `rewrap` re-wraps every data key not yet under the newest master version (or, where versions are
 *   opaque, every key), so an old master key version can then be retired.
 * - `forget` deletes a tenant's or a subject's data keys: whatever they encrypted is unrecoverable from
 *   then on, in this database and in every backup of it (crypto-shredding).
 * - Unwrapped data keys are cached in memory for a bounded time (default 5 minutes) and count (default
 *   1,000), so a remote KMS sees one call per key per interval; `forget` evicts them at once in this
 *   process, and other processes within the cache lifetime.
 *
 * Key material never appears in errors or logs: failures are VG_KEY_* errors with generic messages.
 */
import { randomBytes } from 'node:crypto';
import { VeilgateError } from '../errors.js';
import type { DataKeyPurpose, DataKeyStore, StoredDataKey } from './data-key-store.js';
import type { MasterKeyProvider, MasterKeyVersionInfo, WrapContext } from './master-key.js';

export interface DataKey {
  readonly id: string;
  readonly tenant: string;
  readonly subject: string;
  readonly purpose: DataKeyPurpose;
  readonly version: number;
  /** 32 bytes. Callers must not keep it beyond the operation at hand. */
  readonly key: Buffer;
}

/** A data key as listed: everything but the key. */
export interface DataKeyInfo {
  readonly id: string;
  readonly tenant: string;
  readonly subject: string;
  readonly purpose: DataKeyPurpose;
  readonly version: number;
  /** Master key version that wraps it, when the provider says (`undefined` for opaque KMS ciphertexts). */
  readonly masterVersion: string | undefined;
  readonly createdAt: string;
}

export interface KeyringOptions {
  readonly provider: MasterKeyProvider;
  readonly store: DataKeyStore;
  readonly cacheTtlMs?: number;
  readonly cacheMaxEntries?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export interface RewrapResult {
  readonly rewrapped: number;
  readonly alreadyCurrent: number;
}

export interface Keyring {
  readonly provider: MasterKeyProvider;
  /** The newest data key of (tenant, subject, purpose), created on first use when `create` is true. */
  currentKey(tenant: string, subject: string, purpose: DataKeyPurpose, create: boolean): Promise<DataKey>;
  /** A data key by id, for data it encrypted; VG_KEY_NOT_FOUND when it was forgotten. */
  keyById(id: string): Promise<DataKey>;
  list(filter?: { tenant?: string }): Promise<DataKeyInfo[]>;
  rotateMaster(): Promise<string>;
  rotateDataKeys(tenant: string): Promise<number>;
  rewrap(): Promise<RewrapResult>;
  /** Destroy the keys of a tenant or of one subject; resolves how many were destroyed. */
  forget(tenant: string, subject?: string): Promise<number>;
  masterVersions(): Promise<readonly MasterKeyVersionInfo[]>;
  /** Drop every cached key (tests; key rotation elsewhere). */
  clearCache(): void;
}

const ID_PART = /^[\x21-\x7e\u00a0-\uffff][\x20-\x7e\u00a0-\uffff]{0,127}$/;

/** Tenants and subjects are ids: 1-128 printable characters, no control characters. */
export function checkId(what: string, value: string, allowEmpty = false): void {
  if (allowEmpty && value === '') return;
  if (typeof value !== 'string' || !ID_PART.test(value)) {
    throw new VeilgateError('VG_VAULT_BAD_INPUT', `${what}: expected 1-128 printable characters`);
  }
}

function wrapContext(
  k: Pick<StoredDataKey, 'id' | 'tenant' | 'subject' | 'purpose' | 'version'>,
): WrapContext {
  return {
    'veilgate-key': 'data-key/v1',
    id: k.id,
    tenant: k.tenant,
    subject: k.subject,
    purpose: k.purpose,
    version: String(k.version),
  };
}

const notFound = (): VeilgateError =>
  new VeilgateError('VG_KEY_NOT_FOUND', 'no data key: it was never created or has been forgotten');

export function createKeyring(options: KeyringOptions): Keyring {
  const { provider, store } = options;
  const ttl = options.cacheTtlMs ?? 5 * 60_000;
  const maxEntries = options.cacheMaxEntries ?? 1000;
  const now = options.now ?? Date.now;
  /** id → unwrapped key; Map order is insertion order, so the first entry is the oldest. */
  const cache = new Map<string, { key: DataKey; expires: number }>();
  /** (tenant, subject, purpose) → id of the newest version, with the same lifetime. */
  const current = new Map<string, { id: string; expires: number }>();
  const pending = new Map<string, Promise<DataKey>>();

  const slot = (tenant: string, subject: string, purpose: string): string =>
    `${tenant}\0${subject}\0${purpose}`;

  function remember(key: DataKey): DataKey {
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(key.id, { key, expires: now() + ttl });
    return key;
  }

  function cached(id: string): DataKey | undefined {
    const hit = cache.get(id);
    if (hit === undefined) return undefined;
    if (hit.expires <= now()) {
      cache.delete(id);
      return undefined;
    }
    return hit.key;
  }

  async function unwrap(stored: StoredDataKey): Promise<DataKey> {
    const raw = await provider.unwrap(stored.wrapped, wrapContext(stored));
    if (raw.length !== 32) throw new VeilgateError('VG_KEY_UNWRAP', 'the data key could not be unwrapped');
    return remember({
      id: stored.id,
      tenant: stored.tenant,
      subject: stored.subject,
      purpose: stored.purpose,
      version: stored.version,
      key: Buffer.from(raw),
    });
  }

  async function createVersion(
    tenant: string,
    subject: string,
    purpose: DataKeyPurpose,
    version: number,
  ): Promise<boolean> {
    const id = randomBytes(16).toString('hex');
    const key = randomBytes(32);
    const meta = { id, tenant, subject, purpose, version };
    const wrapped = await provider.wrap(key, wrapContext(meta));
    const inserted = await store.insertDataKey({ ...meta, wrapped, createdAt: now() });
    key.fill(0);
    return inserted;
  }

  async function loadCurrent(
    tenant: string,
    subject: string,
    purpose: DataKeyPurpose,
    create: boolean,
  ): Promise<DataKey> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const keys = await store.listDataKeys({ tenant, subject, purpose });
      const newest = keys[keys.length - 1];
      if (newest !== undefined) {
        current.set(slot(tenant, subject, purpose), { id: newest.id, expires: now() + ttl });
        return cached(newest.id) ?? (await unwrap(newest));
      }
      if (!create) throw notFound();
      // Losing the race to another process is fine: the unique (tenant, subject, purpose, version)
      // keeps one key, and the next pass reads it.
      await createVersion(tenant, subject, purpose, 1);
    }
    throw new VeilgateError('VG_STORE_QUERY', 'could not create a data key');
  }

  return {
    provider,

    async currentKey(tenant, subject, purpose, create) {
      checkId('tenant', tenant);
      checkId('subject', subject, true);
      const s = slot(tenant, subject, purpose);
      const known = current.get(s);
      if (known !== undefined && known.expires > now()) {
        const key = cached(known.id);
        if (key !== undefined) return key;
      }
      // One load per slot at a time: a burst of requests for a new tenant creates one key, not many.
      let p = pending.get(s);
      if (p === undefined) {
        p = loadCurrent(tenant, subject, purpose, create).finally(() => pending.delete(s));
        pending.set(s, p);
      }
      return p;
    },

    async keyById(id) {
      const hit = cached(id);
      if (hit !== undefined) return hit;
      const [stored] = await store.listDataKeys({ id });
      if (stored === undefined) throw notFound();
      return unwrap(stored);
    },

    async list(filter = {}) {
      const keys = await store.listDataKeys(filter.tenant !== undefined ? { tenant: filter.tenant } : {});
      return keys.map((k) => ({
        id: k.id,
        tenant: k.tenant,
        subject: k.subject,
        purpose: k.purpose,
        version: k.version,
        masterVersion: provider.versionOf(k.wrapped),
        createdAt: new Date(k.createdAt).toISOString(),
      }));
    },

    rotateMaster: () => provider.rotate(),

    async rotateDataKeys(tenant) {
      checkId('tenant', tenant);
      const keys = await store.listDataKeys({ tenant });
      const newest = new Map<string, StoredDataKey>();
      for (const k of keys) newest.set(slot(k.tenant, k.subject, k.purpose), k); // ordered by version
      let created = 0;
      for (const k of newest.values()) {
        // Only vault keys rotate: every vault entry records the id of the key that encrypted it. The index
        // key must not (fingerprints must stay comparable, or one value would get a second placeholder),
        // nor the operators key (`enc.v1` tokens and keyed hashes do not name a key version, so a new key
        // would make old tokens unreadable and break joins). Master key rotation re-wraps them all.
        if (k.purpose !== 'vault') continue;
        if (await createVersion(k.tenant, k.subject, k.purpose, k.version + 1)) created++;
        current.delete(slot(k.tenant, k.subject, k.purpose));
      }
      return created;
    },

    async rewrap() {
      const versions = await provider.versions();
      const newest = versions.find((v) => v.current)?.version;
      let rewrapped = 0;
      let alreadyCurrent = 0;
      for (const k of await store.listDataKeys({})) {
        const version = provider.versionOf(k.wrapped);
        if (version !== undefined && version === newest) {
          alreadyCurrent++;
          continue;
        }
        const context = wrapContext(k);
        let wrapped: string;
        if (provider.rewrap !== undefined) {
          wrapped = await provider.rewrap(k.wrapped, context);
        } else {
          const raw = Buffer.from(await provider.unwrap(k.wrapped, context));
          wrapped = await provider.wrap(raw, context);
          raw.fill(0);
        }
        if (await store.replaceWrapped(k.id, k.wrapped, wrapped)) rewrapped++;
      }
      return { rewrapped, alreadyCurrent };
    },

    async forget(tenant, subject) {
      checkId('tenant', tenant);
      if (subject !== undefined) checkId('subject', subject);
      const deleted = await store.deleteDataKeys(subject === undefined ? { tenant } : { tenant, subject });
      for (const [id, { key }] of cache) {
        if (key.tenant === tenant && (subject === undefined || key.subject === subject)) {
          key.key.fill(0);
          cache.delete(id);
        }
      }
      for (const s of current.keys()) {
        const [t, sub] = s.split('\0');
        if (t === tenant && (subject === undefined || sub === subject)) current.delete(s);
      }
      return deleted;
    },

    masterVersions: () => provider.versions(),

    clearCache() {
      cache.clear();
      current.clear();
    },
  };
}
