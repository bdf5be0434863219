/**
 * Verifying presented API keys against a real SQLite store: every failure is the same null, the cache
 * never outlives an expiry, and revocation takes effect at once with invalidate() and within cacheMs
 * without it.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRecord, ApiKeyStore } from '../../../src/store/api-key-store.js';
import { generateApiKey, type ApiKey } from '../../../src/gateway/access/api-keys.js';
import {
  createApiKeyVerifier,
  isModelPattern,
  modelAllowed,
} from '../../../src/gateway/access/verify-api-key.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite.js';

const T0 = 1_700_000_000_000;

/** The real store, counting reads, so tests can tell a cache hit from a database read. */
function counting(store: ApiKeyStore): ApiKeyStore & { reads: number } {
  const counted = {
    reads: 0,
    insert: (r: ApiKeyRecord) => store.insert(r),
    get: (id: string) => {
      counted.reads += 1;
      return store.get(id);
    },
    list: (f?: { tenant?: string }) => store.list(f),
    revoke: (id: string, at: number) => store.revoke(id, at),
  };
  return counted;
}

describe('createApiKeyVerifier', () => {
  let db: SqliteStore;
  let store: ReturnType<typeof counting>;
  let clock: number;
  const now = () => clock;

  async function create(over: Partial<ApiKeyRecord> = {}): Promise<ApiKey> {
    const k = generateApiKey();
    await store.insert({
      id: k.id,
      prefix: k.prefix,
      hash: k.hash,
      tenant: 'acme',
      profile: 'strict',
      models: ['gpt-4o', 'claude-*'],
      createdAt: T0,
      expiresAt: null,
      revokedAt: null,
      ...over,
    });
    return k;
  }

  beforeEach(() => {
    db = openSqliteStore(':memory:');
    store = counting(db.apiKeys);
    clock = T0;
  });
  afterEach(async () => {
    await db.close();
  });

  it('turns a good key into its principal', async () => {
    const k = await create();
    const principal = await createApiKeyVerifier(store, { now }).verify(k.key);
    expect(principal).toEqual({
      keyId: k.id,
      tenant: 'acme',
      profile: 'strict',
      models: ['gpt-4o', 'claude-*'],
    });
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal?.models)).toBe(true);
  });

  it('answers missing, malformed, unknown, wrong-secret, expired and revoked keys alike: null', async () => {
    const good = await create();
    const expired = await create({ expiresAt: T0 - 1 });
    const expiresNow = await create({ expiresAt: T0 });
    const revoked = await create();
    await store.revoke(revoked.id, T0 - 10);
    const unknown = generateApiKey();
    const sameIdOtherSecret = `${good.prefix}_${generateApiKey().key.slice(16)}`;
    const verifier = createApiKeyVerifier(store, { now });
    const presented = [
      undefined,
      '',
      'Bearer ' + good.key,
      good.key.toUpperCase(),
      `${good.key} `,
      good.key.slice(0, -1),
      unknown.key,
      sameIdOtherSecret,
      expired.key,
      expiresNow.key,
      revoked.key,
    ];
    for (const p of presented) expect(await verifier.verify(p)).toBeNull();
    expect(await verifier.verify(good.key)).not.toBeNull();
  });

  it('refuses every other secret under a known id', async () => {
    const good = await create();
    const verifier = createApiKeyVerifier(store, { now, cacheMs: 0 });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (secret) => {
        const presented = `${good.prefix}_${Buffer.from(secret).toString('base64url')}`;
        fc.pre(presented !== good.key);
        expect(await verifier.verify(presented)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('caches a verified key for cacheMs: one database read, then another after it lapses', async () => {
    const k = await create();
    const verifier = createApiKeyVerifier(store, { now, cacheMs: 5000 });
    for (let i = 0; i < 10; i++) expect(await verifier.verify(k.key)).not.toBeNull();
    expect(store.reads).toBe(1);
    clock += 4999;
    await verifier.verify(k.key);
    expect(store.reads).toBe(1);
    clock += 1;
    expect(await verifier.verify(k.key)).not.toBeNull();
    expect(store.reads).toBe(2);
  });

  it('with cacheMs 0, reads the database every time', async () => {
    const k = await create();
    const verifier = createApiKeyVerifier(store, { now, cacheMs: 0 });
    for (let i = 0; i < 3; i++) expect(await verifier.verify(k.key)).not.toBeNull();
    expect(store.reads).toBe(3);
  });

  it('checks expiry on every call: a cached key stops working the moment it expires', async () => {
    const k = await create({ expiresAt: T0 + 1000 });
    const verifier = createApiKeyVerifier(store, { now, cacheMs: 60_000 });
    clock = T0 + 999;
    expect(await verifier.verify(k.key)).not.toBeNull();
    clock = T0 + 1000;
    expect(await verifier.verify(k.key)).toBeNull();
    clock = T0 + 1001;
    expect(await verifier.verify(k.key)).toBeNull();
    expect(store.reads).toBe(2); // the first refusal came from the cache entry, not the database
  });

  it('a revocation takes effect within cacheMs, and at once after invalidate(id)', async () => {
    const a = await create();
    const b = await create();
    const verifier = createApiKeyVerifier(store, { now, cacheMs: 5000 });
    expect(await verifier.verify(a.key)).not.toBeNull();
    expect(await verifier.verify(b.key)).not.toBeNull();
    await store.revoke(a.id, clock);
    await store.revoke(b.id, clock);
    verifier.invalidate(a.id);
    expect(await verifier.verify(a.key)).toBeNull();
    // Another process revoked b: this one still trusts its cache, but no longer than cacheMs.
    clock += 4000;
    expect(await verifier.verify(b.key)).not.toBeNull();
    clock += 1000;
    expect(await verifier.verify(b.key)).toBeNull();
  });

  it('does not cache a lookup that was in flight when the key was invalidated', async () => {
    const k = await create();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: ApiKeyStore = {
      ...store,
      get: async (id) => {
        const read = await store.get(id); // read before the revocation
        await gate;
        return read;
      },
    };
    const verifier = createApiKeyVerifier(slow, { now, cacheMs: 60_000 });
    const pending = verifier.verify(k.key);
    await new Promise((r) => setTimeout(r, 10));
    await store.revoke(k.id, clock);
    verifier.invalidate(k.id);
    release();
    await pending; // may still succeed: it read the row before the revocation
    expect(await verifier.verify(k.key)).toBeNull();
  });

  it('caches no failures: a key created after a refusal works at once', async () => {
    const k = generateApiKey();
    const verifier = createApiKeyVerifier(store, { now });
    expect(await verifier.verify(k.key)).toBeNull();
    await store.insert({
      id: k.id,
      prefix: k.prefix,
      hash: k.hash,
      tenant: 't',
      profile: 'p',
      models: null,
      createdAt: T0,
      expiresAt: null,
      revokedAt: null,
    });
    expect(await verifier.verify(k.key)).toMatchObject({ keyId: k.id, models: null });
  });

  it('keeps at most maxCached keys, dropping the oldest', async () => {
    const keys = [await create(), await create(), await create()];
    const verifier = createApiKeyVerifier(store, { now, maxCached: 2 });
    for (const k of keys) await verifier.verify(k.key);
    expect(store.reads).toBe(3);
    await verifier.verify((keys[2] as ApiKey).key);
    expect(store.reads).toBe(3);
    await verifier.verify((keys[0] as ApiKey).key);
    expect(store.reads).toBe(4);
  });

  it('lets store failures through instead of calling them bad keys (the gateway fails closed)', async () => {
    const k = await create();
    const verifier = createApiKeyVerifier(store, { now });
    await db.close();
    await expect(verifier.verify(k.key)).rejects.toMatchObject({ code: 'VG_STORE_QUERY' });
    db = openSqliteStore(':memory:'); // for afterEach
  });
});

describe('modelAllowed', () => {
  it('allows every model when the allowlist is null, none when it is empty', () => {
    expect(modelAllowed({ models: null }, 'anything')).toBe(true);
    expect(modelAllowed({ models: [] }, 'gpt-4o')).toBe(false);
  });

  it('matches exact names and * globs, case-sensitively', () => {
    const p = { models: ['gpt-4o', 'claude-*', 'anthropic/*-sonnet', '*-mini'] };
    expect(modelAllowed(p, 'gpt-4o')).toBe(true);
    expect(modelAllowed(p, 'gpt-4o-2024')).toBe(false);
    expect(modelAllowed(p, 'GPT-4o')).toBe(false);
    expect(modelAllowed(p, 'claude-')).toBe(true);
    expect(modelAllowed(p, 'claude-3-5-haiku')).toBe(true);
    expect(modelAllowed(p, 'xclaude-3')).toBe(false);
    expect(modelAllowed(p, 'anthropic/claude-3-5-sonnet')).toBe(true);
    expect(modelAllowed(p, 'anthropic/claude-3-5-sonnet-x')).toBe(false);
    expect(modelAllowed(p, 'o4-mini')).toBe(true);
    expect(modelAllowed({ models: ['a*a'] }, 'a')).toBe(false);
    expect(modelAllowed({ models: ['a*a'] }, 'aa')).toBe(true);
    expect(modelAllowed({ models: ['*'] }, '')).toBe(true);
  });

  it('agrees with a regular-expression reference on random globs', () => {
    const small = fc.string({ unit: fc.constantFrom('a', 'b', '*'), maxLength: 8 });
    const text = fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 10 });
    fc.assert(
      fc.property(small, text, (pattern, model) => {
        const reference = new RegExp(`^${pattern.replaceAll('*', '.*')}$`);
        expect(modelAllowed({ models: [pattern] }, model)).toBe(reference.test(model));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays linear on a pattern that would backtrack as a regular expression', () => {
    const pattern = `${'*a'.repeat(30)}*b`;
    const started = performance.now();
    expect(modelAllowed({ models: [pattern] }, 'a'.repeat(50_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('isModelPattern', () => {
  it('accepts printable names and globs without spaces or commas', () => {
    for (const ok of ['gpt-4o', 'claude-*', 'anthropic/claude-3.5', '*', 'a'.repeat(256)]) {
      expect(isModelPattern(ok)).toBe(true);
    }
    for (const bad of ['', 'a,b', 'a b', 'é', 'a\n', 'a'.repeat(257)])
      expect(isModelPattern(bad)).toBe(false);
  });
});
