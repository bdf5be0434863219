/**
 * Real databases for tests: SQLite files in a fresh temporary directory, and the machine's PostgreSQL
 * server (127.0.0.1:5432, trust auth, database `test`), each test file in a schema of its own that is
 * dropped afterwards. An unreachable PostgreSQL fails the tests with a one-line reason; it is never skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';

export const POSTGRES_URL = process.env.VEILGATE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  readonly store: SqliteStore | PostgresStore;
  /** Another connection to the same database, as a second gateway replica would have. */
  reopen(): Promise<SqliteStore | PostgresStore>;
  dispose(): Promise<void>;
}

export async function sqliteTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-store-'));
  const file = path.join(dir, 'vault.db');
  const opened: SqliteStore[] = [openSqliteStore(file)];
  return {
    store: opened[0] as SqliteStore,
    async reopen() {
      const s = openSqliteStore(file);
      opened.push(s);
      return s;
    },
    async dispose() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresTestStore(): Promise<TestStore> {
  const schema = `vg_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  let first: PostgresStore;
  try {
    first = await openPostgresStore({ connectionString: POSTGRES_URL, schema });
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL}: start it (e.g. \`service postgresql start\`) or set VEILGATE_TEST_POSTGRES`,
      { cause: err },
    );
  }
  const opened: PostgresStore[] = [first];
  return {
    store: first,
    async reopen() {
      const s = await openPostgresStore({ connectionString: POSTGRES_URL, schema });
      opened.push(s);
      return s;
    },
    async dispose() {
      for (const s of opened) await s.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}
