/**
 * Where wrapped data keys live. The keyring (envelope encryption, caching, rotation) speaks only to this
 * narrow interface; the SQLite and PostgreSQL drivers in `src/store/` implement it and pass one shared
 * conformance suite. Only wrapped keys are ever stored: a copy of the database without the master key
 * reveals nothing.
 */

/** What a data key protects; each purpose has its own key, so one can be destroyed without the others. */
export type DataKeyPurpose = 'vault' | 'index' | 'operators';

export interface StoredDataKey {
  /** Random id (32 hex characters), referenced by what the key encrypted. */
  readonly id: string;
  readonly tenant: string;
  /** The data subject the key belongs to, or '' for the tenant's shared key. */
  readonly subject: string;
  readonly purpose: DataKeyPurpose;
  /** 1, 2, ...: a data key rotation adds a version; the newest one encrypts new data. */
  readonly version: number;
  /** The key wrapped by the master key provider, e.g. `local:v2:...`. */
  readonly wrapped: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

export interface DataKeyFilter {
  readonly tenant?: string;
  readonly subject?: string;
  readonly purpose?: DataKeyPurpose;
  readonly id?: string;
}

export interface DataKeyStore {
  /** Insert a key; resolves false (and writes nothing) when (tenant, subject, purpose, version) exists. */
  insertDataKey(key: StoredDataKey): Promise<boolean>;
  /** Keys matching every given field, ordered by tenant, subject, purpose and version. */
  listDataKeys(filter: DataKeyFilter): Promise<StoredDataKey[]>;
  /** Replace a key's wrapping only if it is still `expected` (rewrap racing a rewrap changes nothing). */
  replaceWrapped(id: string, expected: string, wrapped: string): Promise<boolean>;
  /** Delete the keys of a tenant, or of one of its subjects; resolves how many were deleted. */
  deleteDataKeys(filter: { readonly tenant: string; readonly subject?: string }): Promise<number>;
}
