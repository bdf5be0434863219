import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { sqliteTestStore } from './databases.js';
import { runStoreConformance } from './store-conformance.js';

runStoreConformance('sqlite', sqliteTestStore);

const dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('creates a new database file readable by its owner only, in a private directory', async () => {
  const file = path.join(dir, 'nested', 'vault.db');
  const store = openSqliteStore(file);
  await store.close();
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
});

it('refuses a database path it cannot create, with VG_STORE_UNAVAILABLE', () => {
  const notADir = path.join(dir, 'plain-file');
  writeFileSync(notADir, 'x');
  expect(() => openSqliteStore(path.join(notADir, 'vault.db'))).toThrow(
    expect.objectContaining({ code: 'VG_STORE_UNAVAILABLE' }),
  );
});

it('group commit: concurrent requests share a transaction, and one bad request fails alone', async () => {
  const store = openSqliteStore(path.join(dir, 'group.db'));
  const entry = (v: string) => ({
    entity: 'PERSON',
    fingerprint: Buffer.from(v.padEnd(32, '.')),
    subject: '',
    keyId: 'k',
    ciphertext: Buffer.from(v),
  });
  const results = await Promise.allSettled([
    store.tokens.tokenizeEntries('g', 's', [entry('a')], 0, null),
    store.tokens.tokenizeEntries('g', 's', [entry('bad')], Number.NaN, null), // created_at NOT NULL refuses it
    store.tokens.tokenizeEntries('g', 's', [entry('b'), entry('a')], 0, null),
  ]);
  expect(results[0]).toEqual({ status: 'fulfilled', value: [1] });
  expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'VG_STORE_QUERY' } });
  expect(results[2]).toEqual({ status: 'fulfilled', value: [2, 1] });
  // Closing commits what is still queued.
  const pending = store.tokens.tokenizeEntries('g', 's', [entry('c')], 0, null);
  await store.close();
  expect(await pending).toEqual([3]);
});

it('checkpoints the WAL in the background, so requests never wait for it', async () => {
  const file = path.join(dir, 'checkpoint.db');
  const store = openSqliteStore(file);
  const before = statSync(file).size;
  const entries = Array.from({ length: 500 }, (_, i) => ({
    entity: 'PERSON',
    fingerprint: Buffer.from(`value-${i}`.padEnd(32, '.')),
    subject: '',
    keyId: 'k',
    ciphertext: Buffer.alloc(64, i),
  }));
  await store.tokens.tokenizeEntries('ck', 's', entries, 0, null);
  // Far below the 10,000 pages at which the connection would checkpoint by itself: only the background
  // checkpointer copies the WAL into the database file.
  const deadline = Date.now() + 5000;
  while (statSync(file).size === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(statSync(file).size).toBeGreaterThan(before);
  await store.close();
});
