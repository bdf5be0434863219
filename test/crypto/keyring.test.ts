/**
 * Keyring behaviour that the vault suites do not reach: the data key cache (lifetime, bound, eviction on
 * forget), one key for a burst of first requests, wrap-context binding, and keeping key material out of
 * errors and listings.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/crypto/keyring.js';
import { createLocalProvider } from '../../src/crypto/local-provider.js';
import type { MasterKeyProvider } from '../../src/crypto/master-key.js';
import { sqliteTestStore, type TestStore } from '../store/databases.js';

/** The local provider, counting unwraps. */
function countingProvider(): MasterKeyProvider & { unwraps: number } {
  const inner = createLocalProvider({ variable: randomBytes(32).toString('base64') });
  const p = {
    ...inner,
    name: inner.name,
    unwraps: 0,
    async unwrap(w: string, c: Record<string, string>) {
      p.unwraps++;
      return inner.unwrap(w, c);
    },
  };
  return p;
}

describe('keyring', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await sqliteTestStore();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('creates one data key for a burst of first requests, and caches it for its lifetime', async () => {
    let clock = 0;
    const provider = countingProvider();
    const keyring = createKeyring({ provider, store: t.store.keys, cacheTtlMs: 1000, now: () => clock });
    const keys = await Promise.all(
      Array.from({ length: 20 }, () => keyring.currentKey('burst', '', 'vault', true)),
    );
    expect(new Set(keys.map((k) => k.id)).size).toBe(1);
    expect(await t.store.keys.listDataKeys({ tenant: 'burst' })).toHaveLength(1);
    const before = provider.unwraps;
    await keyring.currentKey('burst', '', 'vault', true);
    expect(provider.unwraps).toBe(before); // cached
    clock += 1000;
    await keyring.currentKey('burst', '', 'vault', true);
    expect(provider.unwraps).toBe(before + 1); // expired, unwrapped again
  });

  it('keeps at most cacheMaxEntries keys, dropping the oldest', async () => {
    const provider = countingProvider();
    const keyring = createKeyring({ provider, store: t.store.keys, cacheMaxEntries: 2 });
    const a = await keyring.currentKey('bound-a', '', 'vault', true);
    await keyring.currentKey('bound-b', '', 'vault', true);
    await keyring.currentKey('bound-c', '', 'vault', true);
    const before = provider.unwraps;
    await keyring.keyById(a.id); // evicted: unwrapped again
    expect(provider.unwraps).toBe(before + 1);
  });

  it('does not create keys when asked not to, and reports forgotten keys as not found', async () => {
    const keyring = createKeyring({ provider: countingProvider(), store: t.store.keys });
    await expect(keyring.currentKey('nobody', '', 'vault', false)).rejects.toMatchObject({
      code: 'VG_KEY_NOT_FOUND',
    });
    const k = await keyring.currentKey('gone', 'subject-1', 'vault', true);
    expect(await keyring.forget('gone', 'subject-1')).toBe(1);
    await expect(keyring.keyById(k.id)).rejects.toMatchObject({ code: 'VG_KEY_NOT_FOUND' });
    await expect(keyring.currentKey('gone', 'subject-1', 'vault', false)).rejects.toMatchObject({
      code: 'VG_KEY_NOT_FOUND',
    });
  });

  it('binds a wrapped key to its row: copied to another tenant, it does not unwrap', async () => {
    const provider = countingProvider();
    const keyring = createKeyring({ provider, store: t.store.keys });
    const victim = await keyring.currentKey('victim', '', 'vault', true);
    const [stored] = await t.store.keys.listDataKeys({ id: victim.id });
    const attackerId = randomBytes(16).toString('hex');
    await t.store.keys.insertDataKey({
      ...(stored as NonNullable<typeof stored>),
      id: attackerId,
      tenant: 'attacker',
    });
    await expect(createKeyring({ provider, store: t.store.keys }).keyById(attackerId)).rejects.toMatchObject({
      code: 'VG_KEY_UNWRAP',
    });
  });

  it('lists keys without key material', async () => {
    const keyring = createKeyring({ provider: countingProvider(), store: t.store.keys });
    const k = await keyring.currentKey('listed', '', 'operators', true);
    const listed = await keyring.list({ tenant: 'listed' });
    expect(listed).toEqual([
      expect.objectContaining({
        id: k.id,
        tenant: 'listed',
        purpose: 'operators',
        version: 1,
        masterVersion: '1',
      }),
    ]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(k.key.toString('hex'));
    expect(text).not.toContain(k.key.toString('base64'));
    expect(Object.keys(listed[0] ?? {})).not.toContain('key');
  });
});
