/**
 * PostgreSQL driver for the data key store, the token vault store and the API key store (node-postgres,
 * one pool), for
 * gateways that run as several replicas. Same tables and semantics as the SQLite driver; both pass one
 * conformance suite.
 *
 * Placeholder numbers are allocated under a transaction-scoped advisory lock on (tenant, scope), so two
 * replicas tokenizing in the same conversation at once never hand out the same number twice; other scopes
 * are not blocked.
 */
import pg from 'pg';
import { VeilgateError } from '../errors.js';
import type { DataKeyFilter, DataKeyStore } from '../crypto/data-key-store.js';
import type { ApiKeyStore } from './api-key-store.js';
import type { TokenStore } from '../vault/token-store.js';
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
    created_at BIGINT NOT NULL,
    UNIQUE (tenant, subject, purpose, version)
  )`,
  `CREATE TABLE IF NOT EXISTS vg_vault_entries (
    tenant TEXT NOT NULL,
    scope TEXT NOT NULL,
    entity TEXT NOT NULL,
    n INTEGER NOT NULL,
    fingerprint BYTEA NOT NULL,
    subject TEXT NOT NULL,
    key_id TEXT NOT NULL,
    ciphertext BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (tenant, scope, entity, n),
    UNIQUE (tenant, scope, fingerprint)
  )`,
  `CREATE INDEX IF NOT EXISTS vg_vault_entries_subject ON vg_vault_entries (tenant, subject)`,
  `CREATE INDEX IF NOT EXISTS vg_vault_entries_expiry ON vg_vault_entries (expires_at) WHERE expires_at IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS vg_api_keys (
    id TEXT PRIMARY KEY,
    prefix TEXT NOT NULL,
    hash BYTEA NOT NULL CHECK (octet_length(hash) = 32),
    name TEXT,
    tenant TEXT NOT NULL,
    profile TEXT NOT NULL,
    models TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT
  )`,
  `CREATE INDEX IF NOT EXISTS vg_api_keys_tenant ON vg_api_keys (tenant)`,
];

const buf = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

async function query<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof VeilgateError) throw err;
    const code = (err as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === '57P01') {
      throw new VeilgateError('VG_STORE_UNAVAILABLE', `postgres ${operation}: the database is unreachable`, {
        cause: err,
      });
    }
    throw new VeilgateError('VG_STORE_QUERY', `postgres ${operation} failed`, { cause: err });
  }
}

export interface PostgresStoreOptions {
  readonly connectionString: string;
  /** Use (and create) this schema instead of `public`: tests get one each; so can tenants of a cluster. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

export interface PostgresStore {
  readonly keys: DataKeyStore;
  readonly tokens: TokenStore;
  readonly apiKeys: ApiKeyStore;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Connect, create the tables if needed, and return the two stores over one pool. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new VeilgateError('VG_STORE_UNAVAILABLE', 'postgres: the schema name must match [a-z_][a-z0-9_]*');
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5000,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's connection error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      // Serialise schema creation: concurrent CREATE ... IF NOT EXISTS can still collide in the catalog.
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('veilgate schema', 0))`);
      for (const statement of SCHEMA) await client.query(statement);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new VeilgateError(
      'VG_STORE_UNAVAILABLE',
      `postgres: cannot connect to ${redactUrl(options.connectionString)}`,
      { cause: err },
    );
  }
  return {
    keys: postgresDataKeyStore(pool),
    tokens: postgresTokenStore(pool),
    apiKeys: postgresApiKeyStore(pool),
    close: () => pool.end(),
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'the configured database';
  }
}

function postgresDataKeyStore(pool: pg.Pool): DataKeyStore {
  return {
    insertDataKey: (key) =>
      query('insert data key', async () => {
        const r = await pool.query(
          `INSERT INTO vg_data_keys (id, tenant, subject, purpose, version, wrapped, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant, subject, purpose, version) DO NOTHING`,
          [key.id, key.tenant, key.subject, key.purpose, key.version, key.wrapped, key.createdAt],
        );
        return r.rowCount === 1;
      }),
    listDataKeys: (filter: DataKeyFilter) =>
      query('list data keys', async () => {
        const where: string[] = [];
        const params: unknown[] = [];
        for (const column of ['id', 'tenant', 'subject', 'purpose'] as const) {
          const value = filter[column];
          if (value !== undefined) {
            params.push(value);
            where.push(`${column} = $${params.length}`);
          }
        }
        const r = await pool.query<KeyRow>(
          `SELECT * FROM vg_data_keys ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY tenant, subject, purpose, version`,
          params,
        );
        return r.rows.map(toKey);
      }),
    replaceWrapped: (id, expected, wrapped) =>
      query('rewrap data key', async () => {
        const r = await pool.query(`UPDATE vg_data_keys SET wrapped = $1 WHERE id = $2 AND wrapped = $3`, [
          wrapped,
          id,
          expected,
        ]);
        return r.rowCount === 1;
      }),
    deleteDataKeys: (filter) =>
      query('delete data keys', async () => {
        const r =
          filter.subject === undefined
            ? await pool.query(`DELETE FROM vg_data_keys WHERE tenant = $1`, [filter.tenant])
            : await pool.query(`DELETE FROM vg_data_keys WHERE tenant = $1 AND subject = $2`, [
                filter.tenant,
                filter.subject,
              ]);
        return r.rowCount ?? 0;
      }),
  };
}

function postgresApiKeyStore(pool: pg.Pool): ApiKeyStore {
  return {
    insert: (record) =>
      query('insert api key', async () => {
        await pool.query(
          `INSERT INTO vg_api_keys
             (id, prefix, hash, name, tenant, profile, models, created_at, expires_at, revoked_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          apiKeyColumns(record),
        );
      }),
    get: (id) =>
      query('get api key', async () => {
        const r = await pool.query<ApiKeyRow>(`SELECT * FROM vg_api_keys WHERE id = $1`, [id]);
        const row = r.rows[0];
        return row === undefined ? undefined : toApiKey(row);
      }),
    list: (filter = {}) =>
      query('list api keys', async () => {
        const r =
          filter.tenant === undefined
            ? await pool.query<ApiKeyRow>(`SELECT * FROM vg_api_keys ORDER BY created_at, id COLLATE "C"`)
            : await pool.query<ApiKeyRow>(
                `SELECT * FROM vg_api_keys WHERE tenant = $1 ORDER BY created_at, id COLLATE "C"`,
                [filter.tenant],
              );
        return r.rows.map(toApiKey);
      }),
    revoke: (id, at) =>
      query('revoke api key', async () => {
        // COALESCE keeps the first revocation time; the row still counts as found.
        const r = await pool.query(
          `UPDATE vg_api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2`,
          [at, id],
        );
        return r.rowCount === 1;
      }),
  };
}

function postgresTokenStore(pool: pg.Pool): TokenStore {
  return {
    tokenizeEntries: (tenant, scope, entries, now, expiresAt) =>
      query('tokenize', async () => {
        if (entries.length === 0) return [];
        const client = await pool.connect();
        try {
          // Four round trips: BEGIN with the lock, one read, one write, COMMIT. The lock must come in an
          // earlier statement than the read: a statement reads the snapshot taken when it started.
          await client.query(
            `BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(${client.escapeLiteral(`${tenant}\u001f${scope}`)}, 0))`,
          );
          const fps = entries.map((e) => buf(e.fingerprint));
          const entities = [...new Set(entries.map((e) => e.entity))];
          const read = await client.query<{ fingerprint: Buffer | null; entity: string | null; n: number }>(
            `SELECT fingerprint, NULL AS entity, n FROM vg_vault_entries
             WHERE tenant = $1 AND scope = $2 AND fingerprint = ANY($3::bytea[])
             UNION ALL
             SELECT NULL, entity, MAX(n) FROM vg_vault_entries
             WHERE tenant = $1 AND scope = $2 AND entity = ANY($4::text[]) GROUP BY entity`,
            [tenant, scope, fps, entities],
          );
          const known = new Map<string, number>();
          const existing: Buffer[] = [];
          const next = new Map<string, number>();
          for (const r of read.rows) {
            if (r.fingerprint !== null) {
              known.set(r.fingerprint.toString('base64'), r.n);
              existing.push(r.fingerprint);
            } else if (r.entity !== null) next.set(r.entity, r.n + 1);
          }
          const rows: { e: (typeof entries)[number]; n: number }[] = [];
          for (const e of entries) {
            const fp = buf(e.fingerprint).toString('base64');
            if (known.has(fp)) continue; // existing, or the same value twice in one batch
            const n = next.get(e.entity) ?? 1;
            next.set(e.entity, n + 1);
            known.set(fp, n);
            rows.push({ e, n });
          }
          if (rows.length > 0 || existing.length > 0) {
            // One statement extends the expiry of existing entries and inserts the new ones.
            await client.query(
              `WITH touched AS (
                 UPDATE vg_vault_entries SET expires_at = $4
                 WHERE tenant = $1 AND scope = $2 AND fingerprint = ANY($11::bytea[])
                   AND expires_at IS NOT NULL AND ($4::bigint IS NULL OR expires_at < $4::bigint)
                 RETURNING 1
               )
               INSERT INTO vg_vault_entries
                 (tenant, scope, entity, n, fingerprint, subject, key_id, ciphertext, created_at, expires_at)
               SELECT $1, $2, u.entity, u.n, u.fingerprint, u.subject, u.key_id, u.ciphertext, $3, $4
               FROM unnest($5::text[], $6::int[], $7::bytea[], $8::text[], $9::text[], $10::bytea[])
                 AS u(entity, n, fingerprint, subject, key_id, ciphertext)`,
              [
                tenant,
                scope,
                now,
                expiresAt,
                rows.map((r) => r.e.entity),
                rows.map((r) => r.n),
                rows.map((r) => buf(r.e.fingerprint)),
                rows.map((r) => r.e.subject),
                rows.map((r) => r.e.keyId),
                rows.map((r) => buf(r.e.ciphertext)),
                existing,
              ],
            );
          }
          await client.query('COMMIT');
          return entries.map((e) => known.get(buf(e.fingerprint).toString('base64')) as number);
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      }),
    findNumbers: (tenant, scope, fingerprints, now) =>
      query('find numbers', async () => {
        if (fingerprints.length === 0) return [];
        const r = await pool.query<{ fingerprint: Buffer; n: number; expires_at: string | null }>(
          `SELECT fingerprint, n, expires_at FROM vg_vault_entries
           WHERE tenant = $1 AND scope = $2 AND fingerprint = ANY($3::bytea[])
             AND (expires_at IS NULL OR expires_at > $4)`,
          [tenant, scope, fingerprints.map(buf), now],
        );
        const found = new Map(
          r.rows.map((row) => [
            row.fingerprint.toString('base64'),
            { n: row.n, expiresAt: row.expires_at === null ? null : Number(row.expires_at) },
          ]),
        );
        return fingerprints.map((f) => found.get(buf(f).toString('base64')));
      }),
    findEntries: (tenant, scope, refs, now) =>
      query('find entries', async () => {
        if (refs.length === 0) return [];
        const r = await pool.query<EntryRow>(
          `SELECT e.* FROM vg_vault_entries e
           JOIN unnest($3::text[], $4::int[]) AS u(entity, n) ON e.entity = u.entity AND e.n = u.n
           WHERE e.tenant = $1 AND e.scope = $2 AND (e.expires_at IS NULL OR e.expires_at > $5)`,
          [tenant, scope, refs.map((x) => x.entity), refs.map((x) => x.n), now],
        );
        return r.rows.map(toEntry);
      }),
    deleteEntries: (filter) =>
      query('delete entries', async () => {
        const where = ['tenant = $1'];
        const params: unknown[] = [filter.tenant];
        if (filter.subject !== undefined) {
          params.push(filter.subject);
          where.push(`subject = $${params.length}`);
        }
        if (filter.scope !== undefined) {
          params.push(filter.scope);
          where.push(`scope = $${params.length}`);
        }
        if (filter.fingerprint !== undefined) {
          params.push(buf(filter.fingerprint));
          where.push(`fingerprint = $${params.length}`);
        }
        const r = await pool.query(`DELETE FROM vg_vault_entries WHERE ${where.join(' AND ')}`, params);
        return r.rowCount ?? 0;
      }),
    purgeExpired: (now) =>
      query('purge expired', async () => {
        const r = await pool.query(
          `DELETE FROM vg_vault_entries WHERE expires_at IS NOT NULL AND expires_at <= $1`,
          [now],
        );
        return r.rowCount ?? 0;
      }),
  };
}
