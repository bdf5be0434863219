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
