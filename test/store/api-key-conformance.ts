/**
 * One conformance suite for every driver of the API key store: SQLite and PostgreSQL must store, find,
 * list and revoke keys identically, and a second connection (another gateway replica) must see the same.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../../src/store/api-key-store.js';
import type { TestStore } from './databases.js';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function record(over: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const id = Array.from(randomBytes(12), (b) => BASE62[b % 62]).join('');
  return {
    id,
    prefix: `vg_${id}`,
    hash: new Uint8Array(createHash('sha256').update(id).digest()),
    tenant: 'acme',
    profile: 'default',
    models: null,
    createdAt: 1_700_000_000_000,
    expiresAt: null,
    revokedAt: null,
    ...over,
  };
}

export function runApiKeyStoreConformance(name: string, open: () => Promise<TestStore>): void {
  describe(`${name} API key store conformance`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await open();
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('stores every field and gives it back unchanged', async () => {
      const { apiKeys } = t.store;
      const full = record({
        name: 'billing service – Zoë',
        models: ['gpt-4o', 'claude-*', 'anthropic/claude-3-5-sonnet'],
        createdAt: 4_102_444_800_000, // 2100: beyond 32 bits, BIGINT comes back from pg as text
        expiresAt: 4_102_444_800_001,
      });
      const bare = record({ models: [] });
      await apiKeys.insert(full);
      await apiKeys.insert(bare);
      const got = await apiKeys.get(full.id);
      expect(got).toEqual(full);
      expect(got?.hash).toBeInstanceOf(Uint8Array);
      expect(typeof got?.createdAt).toBe('number');
      const gotBare = await apiKeys.get(bare.id);
      expect(gotBare).toEqual(bare);
      expect(gotBare).not.toHaveProperty('name');
      // An empty allowlist (no model) and null (every model) must stay distinct.
      expect(gotBare?.models).toEqual([]);
      expect(await apiKeys.get('AAAAAAAAAAAA')).toBeUndefined();
    });

    it('refuses a second key with the same id, and a hash that is not 32 bytes', async () => {
      const { apiKeys } = t.store;
      const first = record();
      await apiKeys.insert(first);
      await expect(apiKeys.insert(record({ id: first.id, tenant: 'other' }))).rejects.toMatchObject({
        code: 'VG_STORE_QUERY',
      });
      await expect(apiKeys.insert(record({ hash: new Uint8Array(31) }))).rejects.toMatchObject({
        code: 'VG_STORE_QUERY',
      });
      expect((await apiKeys.get(first.id))?.tenant).toBe('acme');
    });

    it('lists oldest first, ties by id, optionally one tenant only', async () => {
      const { apiKeys } = t.store;
      const a = record({ tenant: 'list-a', createdAt: 30, id: 'bbbbbbbbbbbb', prefix: 'vg_bbbbbbbbbbbb' });
      const b = record({ tenant: 'list-a', createdAt: 10 });
      const c = record({ tenant: 'list-b', createdAt: 20 });
      // Same time: byte order of the id, so upper case sorts before lower case on both drivers.
      const d = record({ tenant: 'list-a', createdAt: 30, id: 'Zzzzzzzzzzzz', prefix: 'vg_Zzzzzzzzzzzz' });
      for (const k of [a, b, c, d]) await apiKeys.insert(k);
      expect((await apiKeys.list({ tenant: 'list-a' })).map((k) => k.id)).toEqual([b.id, d.id, a.id]);
      expect(await apiKeys.list({ tenant: 'list-b' })).toEqual([c]);
      expect(await apiKeys.list({ tenant: 'nobody' })).toEqual([]);
      const all = (await apiKeys.list()).map((k) => k.id);
      expect(all).toEqual(expect.arrayContaining([a.id, b.id, c.id, d.id]));
      expect(all.indexOf(b.id)).toBeLessThan(all.indexOf(c.id));
      expect(all.indexOf(c.id)).toBeLessThan(all.indexOf(d.id));
    });

    it('revokes once: the first time stays, an unknown id is false', async () => {
      const { apiKeys } = t.store;
      const k = record({ tenant: 'revoke' });
      await apiKeys.insert(k);
      expect(await apiKeys.revoke(k.id, 5_000_000_000_000)).toBe(true);
      expect((await apiKeys.get(k.id))?.revokedAt).toBe(5_000_000_000_000);
      expect(await apiKeys.revoke(k.id, 6_000_000_000_000)).toBe(true);
      expect(await apiKeys.get(k.id)).toEqual({ ...k, revokedAt: 5_000_000_000_000 });
      expect(await apiKeys.revoke('unknownKeyId', 1)).toBe(false);
      expect(await apiKeys.get('unknownKeyId')).toBeUndefined();
    });

    it('another connection sees keys and revocations at once', async () => {
      const other = await t.reopen();
      const k = record({ tenant: 'replicas' });
      await t.store.apiKeys.insert(k);
      expect(await other.apiKeys.get(k.id)).toEqual(k);
      expect(await other.apiKeys.revoke(k.id, 42)).toBe(true);
      expect((await t.store.apiKeys.get(k.id))?.revokedAt).toBe(42);
    });

    it('concurrent inserts of distinct keys all land', async () => {
      const keys = Array.from({ length: 50 }, (_, i) => record({ tenant: 'burst', createdAt: i }));
      const other = await t.reopen();
      await Promise.all(keys.map((k, i) => (i % 2 === 0 ? t.store : other).apiKeys.insert(k)));
      expect((await t.store.apiKeys.list({ tenant: 'burst' })).map((k) => k.id)).toEqual(
        keys.map((k) => k.id),
      );
    });
  });
}
