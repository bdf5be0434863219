/**
 * Opening the database named in the configuration (`vault.db`): a SQLite file by default, PostgreSQL when
 * gateways run as several replicas. Both drivers give the same three stores; callers never branch on which.
 */
import path from 'node:path';
import type { DataKeyStore } from '../crypto/data-key-store.js';
import { VeilgateError } from '../errors.js';
import type { ApiKeyStore } from './api-key-store.js';
import type { TokenStore } from '../vault/token-store.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';

export interface Database {
  readonly keys: DataKeyStore;
  readonly tokens: TokenStore;
  readonly apiKeys: ApiKeyStore;
  close(): Promise<void>;
}

/** `sqlite:PATH`, a bare path (relative to `cwd`), `:memory:`, or `postgres://…` / `postgresql://…`. */
export async function openDatabase(url: string, cwd: string): Promise<Database> {
  if (/^postgres(?:ql)?:\/\//.test(url)) return openPostgresStore({ connectionString: url });
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (file === '') throw new VeilgateError('VG_STORE_UNAVAILABLE', 'sqlite: no database path given');
  return openSqliteStore(file === ':memory:' ? file : path.resolve(cwd, file));
}
