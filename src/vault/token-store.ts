/**
 * Where token vault entries live: one row per distinct value per scope, holding the value encrypted under
 * a data key and found through a keyed fingerprint (HMAC), never through the value itself. The vault
 * (`vault.ts`) speaks only to this interface; `src/store/` has the SQLite and PostgreSQL drivers.
 */

export interface NewVaultEntry {
  readonly entity: string;
  /** HMAC of the normalised value under the tenant's index key (32 bytes). */
  readonly fingerprint: Uint8Array;
  readonly subject: string;
  /** Id of the data key that encrypted `ciphertext`. */
  readonly keyId: string;
  readonly ciphertext: Uint8Array;
}

export interface VaultEntry extends NewVaultEntry {
  readonly tenant: string;
  readonly scope: string;
  /** The placeholder number: the entry is `<ENTITY_n>` in its scope. */
  readonly n: number;
  readonly createdAt: number;
  /** Milliseconds since the epoch, or null for no expiry. */
  readonly expiresAt: number | null;
}

export interface VaultEntryRef {
  readonly entity: string;
  readonly n: number;
}

export interface TokenStore {
  /**
   * For each entry, the placeholder number of its fingerprint in the scope: the existing one (its expiry
   * is extended to `expiresAt`), or a new one, allocated as 1 + the largest number of that entity in the
   * scope. Atomic: concurrent callers in the same scope never get the same number for different values,
   * nor two numbers for one value. Results are in input order.
   */
  tokenizeEntries(
    tenant: string,
    scope: string,
    entries: readonly NewVaultEntry[],
    now: number,
    expiresAt: number | null,
  ): Promise<number[]>;
  /**
   * Read-only lookup before tokenizing: for each fingerprint, its unexpired entry's number and expiry,
   * or undefined. Lets the vault skip encryption and the write transaction for values it already holds.
   */
  findNumbers(
    tenant: string,
    scope: string,
    fingerprints: readonly Uint8Array[],
    now: number,
  ): Promise<({ readonly n: number; readonly expiresAt: number | null } | undefined)[]>;
  /** The unexpired entries of the scope named by `refs` (missing ones are simply absent). */
  findEntries(
    tenant: string,
    scope: string,
    refs: readonly VaultEntryRef[],
    now: number,
  ): Promise<VaultEntry[]>;
  /** Delete a tenant's entries, or those of one subject, one scope or one fingerprint; resolves the count. */
  deleteEntries(filter: {
    readonly tenant: string;
    readonly subject?: string;
    readonly scope?: string;
    readonly fingerprint?: Uint8Array;
  }): Promise<number>;
  /** Delete every entry whose expiry is at or before `now`; resolves the count. */
  purgeExpired(now: number): Promise<number>;
}
