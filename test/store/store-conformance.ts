/**
 * One conformance suite for every driver of the data key store and the token vault store: SQLite and
 * PostgreSQL must behave identically, including under concurrency.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredDataKey } from '../../src/crypto/data-key-store.js';
import type { NewVaultEntry } from '../../src/vault/token-store.js';
import type { TestStore } from './databases.js';

function dataKey(over: Partial<StoredDataKey> = {}): StoredDataKey {
  return {
    id: randomBytes(16).toString('hex'),
    tenant: 'acme',
    subject: '',
    purpose: 'vault',
    version: 1,
    wrapped: `local:v1:${randomBytes(20).toString('base64url')}`,
    createdAt: 1_700_000_000_000,
    ...over,
  };
}

function entry(entity: string, value: string, subject = ''): NewVaultEntry {
  // The store never sees values; a stand-in fingerprint derived from the value is enough here.
  return {
    entity,
    fingerprint: Buffer.from(`${entity}:${value}`.padEnd(32, '.').slice(0, 32)),
    subject,
    keyId: 'k1',
    ciphertext: Buffer.from(`ct:${value}`),
  };
}

export function runStoreConformance(name: string, open: () => Promise<TestStore>): void {
  describe(`${name} store conformance`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await open();
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('data keys: insert once per (tenant, subject, purpose, version), list in order, filter', async () => {
      const { keys } = t.store;
      const v2 = dataKey({ tenant: 'dk', version: 2 });
      const v1 = dataKey({ tenant: 'dk', version: 1 });
      expect(await keys.insertDataKey(v2)).toBe(true);
      expect(await keys.insertDataKey(v1)).toBe(true);
      expect(await keys.insertDataKey(dataKey({ tenant: 'dk', version: 1 }))).toBe(false);
      expect(await keys.insertDataKey(dataKey({ tenant: 'dk', purpose: 'index' }))).toBe(true);
      expect(await keys.insertDataKey(dataKey({ tenant: 'dk', subject: 'patient-7' }))).toBe(true);
      const vault = await keys.listDataKeys({ tenant: 'dk', subject: '', purpose: 'vault' });
      expect(vault.map((k) => k.version)).toEqual([1, 2]);
      expect(vault[0]).toEqual(v1);
      expect(await keys.listDataKeys({ id: v2.id })).toEqual([v2]);
      expect((await keys.listDataKeys({ tenant: 'dk' })).length).toBe(4);
      expect(await keys.listDataKeys({ tenant: 'nobody' })).toEqual([]);
    });

    it('data keys: replaceWrapped is compare-and-set; delete by tenant or subject', async () => {
      const { keys } = t.store;
      const k = dataKey({ tenant: 'cas' });
      await keys.insertDataKey(k);
      expect(await keys.replaceWrapped(k.id, 'local:v9:stale', 'local:v2:new')).toBe(false);
      expect(await keys.replaceWrapped(k.id, k.wrapped, 'local:v2:new')).toBe(true);
      expect((await keys.listDataKeys({ id: k.id }))[0]?.wrapped).toBe('local:v2:new');
      await keys.insertDataKey(dataKey({ tenant: 'cas', subject: 's1' }));
      await keys.insertDataKey(dataKey({ tenant: 'cas', subject: 's2' }));
      await keys.insertDataKey(dataKey({ tenant: 'other' }));
      expect(await keys.deleteDataKeys({ tenant: 'cas', subject: 's1' })).toBe(1);
      expect(await keys.deleteDataKeys({ tenant: 'cas' })).toBe(2);
      expect(await keys.listDataKeys({ tenant: 'cas' })).toEqual([]);
      expect((await keys.listDataKeys({ tenant: 'other' })).length).toBe(1);
    });

    it('tokens: one number per value, next free number per entity, stable across calls', async () => {
      const { tokens } = t.store;
      const first = await tokens.tokenizeEntries(
        'acme',
        'conv-1',
        [entry('PERSON', 'Jane'), entry('PERSON', 'John'), entry('EMAIL', 'j@x'), entry('PERSON', 'Jane')],
        1000,
        null,
      );
      expect(first).toEqual([1, 2, 1, 1]);
      const second = await tokens.tokenizeEntries(
        'acme',
        'conv-1',
        [entry('PERSON', 'Ann'), entry('PERSON', 'John')],
        2000,
        null,
      );
      expect(second).toEqual([3, 2]);
      // Another scope and another tenant count on their own.
      expect(await tokens.tokenizeEntries('acme', 'conv-2', [entry('PERSON', 'John')], 2000, null)).toEqual([
        1,
      ]);
      expect(await tokens.tokenizeEntries('beta', 'conv-1', [entry('PERSON', 'Zed')], 2000, null)).toEqual([
        1,
      ]);
      expect(await tokens.tokenizeEntries('acme', 'conv-3', [], 2000, null)).toEqual([]);
    });

    it('tokens: find returns the stored rows, only of the asked scope', async () => {
      const { tokens } = t.store;
      const rows = await tokens.findEntries(
        'acme',
        'conv-1',
        [
          { entity: 'PERSON', n: 2 },
          { entity: 'PERSON', n: 9 },
          { entity: 'EMAIL', n: 1 },
        ],
        3000,
      );
      const byRef = new Map(rows.map((r) => [`${r.entity}_${r.n}`, r]));
      expect([...byRef.keys()].sort()).toEqual(['EMAIL_1', 'PERSON_2']);
      const john = byRef.get('PERSON_2');
      expect(Buffer.from(john?.ciphertext ?? []).toString()).toBe('ct:John');
      expect(john).toMatchObject({
        tenant: 'acme',
        scope: 'conv-1',
        subject: '',
        keyId: 'k1',
        createdAt: 1000,
      });
      expect(Buffer.from(john?.fingerprint ?? [])).toEqual(Buffer.from(entry('PERSON', 'John').fingerprint));
      expect(await tokens.findEntries('beta', 'conv-1', [{ entity: 'PERSON', n: 2 }], 3000)).toEqual([]);
      expect(await tokens.findEntries('acme', 'conv-9', [{ entity: 'PERSON', n: 1 }], 3000)).toEqual([]);
    });

    it('tokens: expiry hides and purges entries; reuse extends it', async () => {
      const { tokens } = t.store;
      const [n] = await tokens.tokenizeEntries('ttl', 's', [entry('PERSON', 'Old')], 1000, 5000);
      expect(n).toBe(1);
      await tokens.tokenizeEntries('ttl', 's', [entry('PERSON', 'Short')], 1000, 2000);
      expect((await tokens.findEntries('ttl', 's', [{ entity: 'PERSON', n: 1 }], 4999)).length).toBe(1);
      expect(await tokens.findEntries('ttl', 's', [{ entity: 'PERSON', n: 1 }], 5000)).toEqual([]);
      // Seen again before expiry: the same number, and a later expiry.
      await tokens.tokenizeEntries('ttl', 's', [entry('PERSON', 'Old')], 4000, 9000);
      const [row] = await tokens.findEntries('ttl', 's', [{ entity: 'PERSON', n: 1 }], 8000);
      expect(row?.expiresAt).toBe(9000);
      // An earlier expiry never shortens it.
      await tokens.tokenizeEntries('ttl', 's', [entry('PERSON', 'Old')], 4000, 6000);
      expect((await tokens.findEntries('ttl', 's', [{ entity: 'PERSON', n: 1 }], 8000))[0]?.expiresAt).toBe(
        9000,
      );
      expect(await tokens.purgeExpired(8000)).toBe(1); // 'Short'
      expect(await tokens.findEntries('ttl', 's', [{ entity: 'PERSON', n: 2 }], 0)).toEqual([]);
    });

    it('tokens: delete by subject, scope, fingerprint or tenant', async () => {
      const { tokens } = t.store;
      await tokens.tokenizeEntries(
        'del',
        'a',
        [entry('PERSON', 'P1', 'subj-1'), entry('PERSON', 'P2', 'subj-2'), entry('PERSON', 'P3')],
        0,
        null,
      );
      await tokens.tokenizeEntries('del', 'b', [entry('PERSON', 'P3'), entry('PERSON', 'P4')], 0, null);
      expect(await tokens.deleteEntries({ tenant: 'del', subject: 'subj-1' })).toBe(1);
      expect(
        await tokens.deleteEntries({ tenant: 'del', fingerprint: entry('PERSON', 'P3').fingerprint }),
      ).toBe(2);
      expect(await tokens.deleteEntries({ tenant: 'del', scope: 'b' })).toBe(1);
      expect(await tokens.deleteEntries({ tenant: 'del' })).toBe(1);
      expect(await tokens.deleteEntries({ tenant: 'del' })).toBe(0);
    });

    it('tokens: concurrent writers in one scope never share or duplicate numbers', async () => {
      const other = await t.reopen();
      const values = Array.from({ length: 40 }, (_, i) => `V${i}`);
      const jobs = values.map((v, i) =>
        (i % 2 === 0 ? t.store : other).tokens.tokenizeEntries(
          'race',
          'conv',
          [entry('PERSON', v), entry('PERSON', values[(i + 1) % values.length] as string)],
          0,
          null,
        ),
      );
      const results = await Promise.all(jobs);
      const numberOf = new Map<string, number>();
      results.forEach((ns, i) => {
        const pair = [values[i] as string, values[(i + 1) % values.length] as string];
        pair.forEach((v, k) => {
          const n = ns[k] as number;
          const known = numberOf.get(v);
          if (known !== undefined) expect(n).toBe(known);
          numberOf.set(v, n);
        });
      });
      const numbers = [...numberOf.values()].sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });
  });
}
