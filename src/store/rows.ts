/**
 * Rows of the tables as both SQL drivers return them (SQLite gives integers as numbers, PostgreSQL
 * BIGINT as strings), and their mapping to the store types.
 */
import type { DataKeyPurpose, StoredDataKey } from '../crypto/data-key-store.js';
import type { ApiKeyRecord } from './api-key-store.js';
import type { VaultEntry } from '../vault/token-store.js';

export interface KeyRow {
  id: string;
  tenant: string;
  subject: string;
  purpose: string;
  version: number;
  wrapped: string;
  created_at: number | string;
}

export interface EntryRow {
  tenant: string;
  scope: string;
  entity: string;
  n: number;
  fingerprint: Buffer;
  subject: string;
  key_id: string;
  ciphertext: Buffer;
  created_at: number | string;
  expires_at: number | string | null;
}

export function toKey(r: KeyRow): StoredDataKey {
  return {
    id: r.id,
    tenant: r.tenant,
    subject: r.subject,
    purpose: r.purpose as DataKeyPurpose,
    version: r.version,
    wrapped: r.wrapped,
    createdAt: Number(r.created_at),
  };
}

export function toEntry(r: EntryRow): VaultEntry {
  return {
    tenant: r.tenant,
    scope: r.scope,
    entity: r.entity,
    n: r.n,
    fingerprint: new Uint8Array(r.fingerprint),
    subject: r.subject,
    keyId: r.key_id,
    ciphertext: new Uint8Array(r.ciphertext),
    createdAt: Number(r.created_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  };
}

export interface ApiKeyRow {
  id: string;
  prefix: string;
  hash: Buffer;
  name: string | null;
  tenant: string;
  profile: string;
  /** JSON array of model names or globs; NULL for every model. */
  models: string | null;
  created_at: number | string;
  expires_at: number | string | null;
  revoked_at: number | string | null;
}

/** The record's columns in table order, for INSERT (models as JSON text, NULL for every model). */
export function apiKeyColumns(k: ApiKeyRecord): unknown[] {
  return [
    k.id,
    k.prefix,
    Buffer.from(k.hash.buffer, k.hash.byteOffset, k.hash.byteLength),
    k.name ?? null,
    k.tenant,
    k.profile,
    k.models === null ? null : JSON.stringify(k.models),
    k.createdAt,
    k.expiresAt,
    k.revokedAt,
  ];
}

export function toApiKey(r: ApiKeyRow): ApiKeyRecord {
  return {
    id: r.id,
    prefix: r.prefix,
    hash: new Uint8Array(r.hash),
    ...(r.name !== null ? { name: r.name } : {}),
    tenant: r.tenant,
    profile: r.profile,
    models: r.models === null ? null : (JSON.parse(r.models) as string[]),
    createdAt: Number(r.created_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}
