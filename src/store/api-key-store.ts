/**
 * Where API keys live: the narrow interface the SQLite and PostgreSQL drivers implement (one conformance
 * suite, test/store/api-key-conformance.ts), and the state of a stored key at a given time.
 *
 * A record holds the key's SHA-256, never the key: a copy of the database lets nobody call the gateway.
 * Records are never deleted by the gateway; revoking keeps the row, so audit records still name a key
 * that `veilgate keys list` can explain.
 */

export interface ApiKeyRecord {
  /** 12 base62 characters, the `<id>` of `vg_<id>_<secret>`. */
  id: string;
  /** `vg_<id>`, what listings show. */
  prefix: string;
  /** SHA-256 of the whole key, 32 bytes. */
  hash: Uint8Array;
  name?: string;
  tenant: string;
  profile: string;
  /** Model names or `*` globs this key may use; null means every model. */
  models: readonly string[] | null;
  /** Epoch milliseconds. */
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface ApiKeyStore {
  /** Add a key; a duplicate id fails with VG_STORE_QUERY. */
  insert(record: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Oldest first. */
  list(filter?: { tenant?: string }): Promise<ApiKeyRecord[]>;
  /**
   * Mark the key revoked at `at`; false when no key has this id. Revoking twice keeps the first time.
   */
  revoke(id: string, at: number): Promise<boolean>;
}

export type ApiKeyState = 'active' | 'expired' | 'revoked';

/** Revoked wins over expired: it is the stronger statement, and the one an operator acted on. */
export function apiKeyState(record: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'>, now: number): ApiKeyState {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && now >= record.expiresAt) return 'expired';
  return 'active';
}
