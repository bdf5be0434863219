/**
 * SQLite driver (the embedded default) for the data key store, the token vault store and the API key
 * store, on
 * better-sqlite3. Synchronous calls behind the async interfaces: a statement takes microseconds, so an
 * event-loop hop per call would cost more than the query.
 *
 * The file is opened in WAL mode (readers never block the writer) with synchronous=NORMAL: a commit is
 * durable against a process crash, and against power loss up to the last checkpoint; a lost vault entry
 * means its placeholder stays unrestored, never that a wrong value is restored. A new file is created with
 * mode 0600: it holds only ciphertext, but its metadata (tenants, scopes, entity types) is nobody else's
 * business.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { VeilgateError } from '../errors.js';
import type { DataKeyFilter, DataKeyStore } from '../crypto/data-key-store.js';
import type { ApiKeyStore } from './api-key-store.js';
import type { NewVaultEntry, TokenStore, VaultEntry, VaultEntryRef } from '../vault/token-store.js';
import {
  apiKeyColumns,
  toApiKey,
  toEntry,
  toKey,
  type ApiKeyRow,
  type EntryRow,
  type KeyRow,
} from './rows.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS vg_data_keys (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    subject TEXT NOT NULL,
    purpose TEXT NOT NULL,
    version INTEGER NOT NULL,
    wrapped TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant, subject, purpose, version)
  ) STRICT`,
  `CREATE TABLE IF NOT EXISTS vg_vault_entries (
    tenant TEXT NOT NULL,
    scope TEXT NOT NULL,
    entity TEXT NOT NULL,
    n INTEGER NOT NULL,
    fingerprint BLOB NOT NULL,
    subject TEXT NOT NULL,
    key_id TEXT NOT NULL,
    ciphertext BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (tenant, scope, entity, n),
    UNIQUE (tenant, scope, fingerprint)
  ) STRICT, WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS vg_vault_entries_subject ON vg_vault_entries (tenant, subject)`,
  `CREATE INDEX IF NOT EXISTS vg_vault_entries_expiry ON vg_vault_entries (expires_at) WHERE expires_at IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS vg_api_keys (
    id TEXT PRIMARY KEY,
    prefix TEXT NOT NULL,
    hash BLOB NOT NULL CHECK (length(hash) = 32),
    name TEXT,
    tenant TEXT NOT NULL,
    profile TEXT NOT NULL,
    models TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER,
    revoked_at INTEGER
  ) STRICT`,
  `CREATE INDEX IF NOT EXISTS vg_api_keys_tenant ON vg_api_keys (tenant)`,
];

/** Run a database call; any driver error becomes a VG_STORE_QUERY naming only the operation. */
function query<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof VeilgateError) throw err;
    throw new VeilgateError('VG_STORE_QUERY', `sqlite ${operation} failed`, { cause: err });
  }
}

/**
 * WAL checkpoints copy the log into the database file and fsync it: several milliseconds on a slow disk.
 * A worker thread with its own connection runs them every 100 ms, so request handling never waits for
 * one; the main connection still checkpoints by itself past 10,000 pages, should the worker stall.
 */
function startCheckpointer(file: string): Worker {
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.pragma('busy_timeout = 1000');
     setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, 100);`,
    {
      eval: true,
      workerData: {
        file: path.resolve(file),
        module: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    },
  );
  worker.unref();
  worker.on('error', () => undefined);
  return worker;
}

/** Values per batched statement (SQLite allows 32,766 parameters). */
const CHUNK = 256;

export interface SqliteStore {
  readonly keys: DataKeyStore;
  readonly tokens: TokenStore;
  readonly apiKeys: ApiKeyStore;
  close(): Promise<void>;
}

/** Open (creating if needed) a SQLite database file, or `:memory:`, and its tables. */
export function openSqliteStore(file: string): SqliteStore {
  let db: Database.Database;
  let checkpointer: Worker | undefined;
  try {
    if (file !== ':memory:') {
      const dir = path.dirname(path.resolve(file));
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const created = !existsSync(file);
      db = new Database(file);
      if (created) chmodSync(file, 0o600);
    } else {
      db = new Database(':memory:');
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (file !== ':memory:') {
      db.pragma('wal_autocheckpoint = 10000');
      checkpointer = startCheckpointer(file);
    }
    for (const statement of SCHEMA) db.exec(statement);
  } catch (err) {
    throw new VeilgateError('VG_STORE_UNAVAILABLE', `sqlite: cannot open ${file}`, { cause: err });
  }
  const tokens = sqliteTokenStore(db);
  return {
    keys: sqliteDataKeyStore(db),
    tokens,
    apiKeys: sqliteApiKeyStore(db),
    close: async () => {
      tokens.drain(); // commit what is queued before the connection goes
      await checkpointer?.terminate();
      db.close();
    },
  };
}

function sqliteDataKeyStore(db: Database.Database): DataKeyStore {
  const insert = db.prepare(
    `INSERT INTO vg_data_keys (id, tenant, subject, purpose, version, wrapped, created_at)
     VALUES (@id, @tenant, @subject, @purpose, @version, @wrapped, @createdAt)
     ON CONFLICT (tenant, subject, purpose, version) DO NOTHING`,
  );
  const replace = db.prepare(`UPDATE vg_data_keys SET wrapped = ? WHERE id = ? AND wrapped = ?`);
  return {
    async insertDataKey(key) {
      return query('insert data key', () => insert.run(key).changes === 1);
    },
    async listDataKeys(filter: DataKeyFilter) {
      const where: string[] = [];
      const params: unknown[] = [];
      for (const column of ['id', 'tenant', 'subject', 'purpose'] as const) {
        const value = filter[column];
        if (value !== undefined) {
          where.push(`${column} = ?`);
          params.push(value);
        }
      }
      const sql = `SELECT * FROM vg_data_keys ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY tenant, subject, purpose, version`;
      return query('list data keys', () => (db.prepare(sql).all(...params) as KeyRow[]).map(toKey));
    },
    async replaceWrapped(id, expected, wrapped) {
      return query('rewrap data key', () => replace.run(wrapped, id, expected).changes === 1);
    },
    async deleteDataKeys(filter) {
      return query('delete data keys', () =>
        filter.subject === undefined
          ? db.prepare(`DELETE FROM vg_data_keys WHERE tenant = ?`).run(filter.tenant).changes
          : db
              .prepare(`DELETE FROM vg_data_keys WHERE tenant = ? AND subject = ?`)
              .run(filter.tenant, filter.subject).changes,
      );
    },
  };
}

function sqliteApiKeyStore(db: Database.Database): ApiKeyStore {
  const insert = db.prepare(
    `INSERT INTO vg_api_keys
       (id, prefix, hash, name, tenant, profile, models, created_at, expires_at, revoked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const get = db.prepare(`SELECT * FROM vg_api_keys WHERE id = ?`);
  const listAll = db.prepare(`SELECT * FROM vg_api_keys ORDER BY created_at, id`);
  const listTenant = db.prepare(`SELECT * FROM vg_api_keys WHERE tenant = ? ORDER BY created_at, id`);
  // COALESCE keeps the first revocation time; the row still counts as found.
  const revoke = db.prepare(`UPDATE vg_api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`);
  return {
    async insert(record) {
      query('insert api key', () => insert.run(...apiKeyColumns(record)));
    },
    async get(id) {
      return query('get api key', () => {
        const row = get.get(id) as ApiKeyRow | undefined;
        return row === undefined ? undefined : toApiKey(row);
      });
    },
    async list(filter = {}) {
      return query('list api keys', () =>
        ((filter.tenant === undefined ? listAll.all() : listTenant.all(filter.tenant)) as ApiKeyRow[]).map(
          toApiKey,
        ),
      );
    },
    async revoke(id, at) {
      return query('revoke api key', () => revoke.run(at, id).changes === 1);
    },
  };
}

function sqliteTokenStore(db: Database.Database): TokenStore & { drain(): void } {
  const byFingerprint = db.prepare(
    `SELECT n FROM vg_vault_entries WHERE tenant = ? AND scope = ? AND fingerprint = ?`,
  );
  const touch = db.prepare(
    `UPDATE vg_vault_entries SET expires_at = ? WHERE tenant = ? AND scope = ? AND fingerprint = ?
       AND expires_at IS NOT NULL AND (? IS NULL OR expires_at < ?)`,
  );
  const maxN = db.prepare(
    `SELECT COALESCE(MAX(n), 0) AS n FROM vg_vault_entries WHERE tenant = ? AND scope = ? AND entity = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO vg_vault_entries
       (tenant, scope, entity, n, fingerprint, subject, key_id, ciphertext, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant, scope, fingerprint) DO NOTHING`,
  );
  // Batched lookups: one statement per batch instead of one per value (each statement costs a few
  // microseconds of fixed overhead). Statements are prepared once per batch size, up to CHUNK.
  const findByRefs = new Map<number, Database.Statement>();
  const findRefs = (k: number): Database.Statement => {
    let st = findByRefs.get(k);
    if (st === undefined) {
      // CROSS JOIN fixes the join order: one primary-key seek per asked ref, never a scan of the scope.
      st = db.prepare(
        `SELECT e.* FROM (VALUES ${Array(k).fill('(?, ?)').join(', ')}) AS v
         CROSS JOIN vg_vault_entries AS e
           ON e.tenant = ? AND e.scope = ? AND e.entity = v.column1 AND e.n = v.column2
         WHERE e.expires_at IS NULL OR e.expires_at > ?`,
      );
      findByRefs.set(k, st);
    }
    return st;
  };
  const findByFps = new Map<number, Database.Statement>();
  const findFps = (k: number): Database.Statement => {
    let st = findByFps.get(k);
    if (st === undefined) {
      st = db.prepare(
        `SELECT e.fingerprint, e.n, e.expires_at FROM (VALUES ${Array(k).fill('(?)').join(', ')}) AS v
         CROSS JOIN vg_vault_entries AS e
           ON e.tenant = ? AND e.scope = ? AND e.fingerprint = v.column1
         WHERE e.expires_at IS NULL OR e.expires_at > ?`,
      );
      findByFps.set(k, st);
    }
    return st;
  };
  const purge = db.prepare(`DELETE FROM vg_vault_entries WHERE expires_at IS NOT NULL AND expires_at <= ?`);

  /** Number the entries of one request (inside the caller's transaction). */
  const allocate = (
    tenant: string,
    scope: string,
    entries: readonly NewVaultEntry[],
    now: number,
    expiresAt: number | null,
  ) => {
    const next = new Map<string, number>();
    const seen = new Map<string, number>();
    return entries.map((e) => {
      const fp = Buffer.from(e.fingerprint.buffer, e.fingerprint.byteOffset, e.fingerprint.byteLength);
      const fpKey = fp.toString('base64');
      const known = seen.get(fpKey);
      if (known !== undefined) return known;
      const n = next.get(e.entity) ?? (maxN.get(tenant, scope, e.entity) as { n: number }).n + 1;
      // Insert first, look up only on a conflict: values reaching here are usually new (the vault asked
      // `findNumbers` first), so the common case is one statement.
      const inserted = insert.run(
        tenant,
        scope,
        e.entity,
        n,
        fp,
        e.subject,
        e.keyId,
        Buffer.from(e.ciphertext),
        now,
        expiresAt,
      ).changes;
      if (inserted === 1) {
        next.set(e.entity, n + 1);
        seen.set(fpKey, n);
        return n;
      }
      const row = byFingerprint.get(tenant, scope, fp) as { n: number };
      touch.run(expiresAt, tenant, scope, fp, expiresAt, expiresAt);
      seen.set(fpKey, row.n);
      return row.n;
    });
  };

  // Group commit: requests arriving in the same turn of the event loop (concurrent conversations) share
  // one transaction, so the commit's cost is paid once for all of them. Each caller still resolves only
  // after the commit. BEGIN IMMEDIATE takes the write lock up front, so two processes sharing the file
  // serialise here instead of both reading the same MAX(n) and colliding on insert.
  interface Pending {
    readonly args: Parameters<typeof allocate>;
    readonly resolve: (ns: number[]) => void;
    readonly reject: (err: unknown) => void;
  }
  const runGroup = db.transaction((batch: readonly Pending[]) => batch.map((p) => allocate(...p.args)));
  const runOne = db.transaction((p: Pending) => allocate(...p.args));
  let queue: Pending[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let results: number[][];
    try {
      results = query('tokenize', () => runGroup.immediate(batch));
    } catch {
      // Retry one by one, so that one failing request cannot fail the others.
      for (const p of batch) {
        try {
          p.resolve(query('tokenize', () => runOne.immediate(p)));
        } catch (err) {
          p.reject(err);
        }
      }
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i] as number[]));
  };

  return {
    drain: flush,
    tokenizeEntries(tenant, scope, entries, now, expiresAt) {
      return new Promise<number[]>((resolve, reject) => {
        queue.push({ args: [tenant, scope, entries, now, expiresAt], resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async findNumbers(tenant, scope, fingerprints, now) {
      return query('find numbers', () => {
        const found = new Map<string, { n: number; expiresAt: number | null }>();
        for (let i = 0; i < fingerprints.length; i += CHUNK) {
          const part = fingerprints.slice(i, i + CHUNK).map((f) => Buffer.from(f));
          const rows = findFps(part.length).all(...part, tenant, scope, now) as {
            fingerprint: Buffer;
            n: number;
            expires_at: number | null;
          }[];
          for (const r of rows)
            found.set(r.fingerprint.toString('base64'), { n: r.n, expiresAt: r.expires_at });
        }
        return fingerprints.map((f) => found.get(Buffer.from(f).toString('base64')));
      });
    },
    async findEntries(tenant, scope, refs: readonly VaultEntryRef[], now) {
      return query('find entries', () => {
        const out: VaultEntry[] = [];
        for (let i = 0; i < refs.length; i += CHUNK) {
          const part = refs.slice(i, i + CHUNK);
          const params = part.flatMap((r) => [r.entity, r.n]);
          for (const row of findRefs(part.length).all(...params, tenant, scope, now) as EntryRow[]) {
            out.push(toEntry(row));
          }
        }
        return out;
      });
    },
    async deleteEntries(filter) {
      const where = ['tenant = ?'];
      const params: unknown[] = [filter.tenant];
      if (filter.subject !== undefined) {
        where.push('subject = ?');
        params.push(filter.subject);
      }
      if (filter.scope !== undefined) {
        where.push('scope = ?');
        params.push(filter.scope);
      }
      if (filter.fingerprint !== undefined) {
        where.push('fingerprint = ?');
        params.push(Buffer.from(filter.fingerprint));
      }
      return query(
        'delete entries',
        () => db.prepare(`DELETE FROM vg_vault_entries WHERE ${where.join(' AND ')}`).run(...params).changes,
      );
    },
    async purgeExpired(now) {
      return query('purge expired', () => purge.run(now).changes);
    },
  };
}
