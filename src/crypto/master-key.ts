/**
 * Master key providers: the root of envelope encryption. A provider never hands out its master key; it
 * wraps (encrypts) and unwraps small data keys that Veilgate generates locally, so a remote KMS sees one
 * request per data key, not one per protected value.
 *
 * A wrapped key is an opaque string that starts with the provider's name and names the master key
 * version that wrapped it (`local:v3:...`, `vault-transit:vault:v3:...`, `aws-kms:...`), so old data stays
 * readable after a rotation and `rewrap` can tell which keys still use an old version.
 *
 * Every wrap binds a context (tenant, purpose, key id) as associated data: a wrapped key copied to another
 * tenant's row does not unwrap there.
 *
 * Errors never contain key material: failures are VG_KEY_* errors with one-line messages; the provider's
 * own response body is not echoed, only its status.
 */

/** Associated data bound to a wrapped key; the same context must be given to unwrap it. */
export type WrapContext = Readonly<Record<string, string>>;

export interface MasterKeyVersionInfo {
  /** Provider-specific version label, e.g. `3` (local, Vault Transit) or a backing-key id (AWS KMS). */
  readonly version: string;
  /** ISO 8601 creation time when the provider reports it. */
  readonly createdAt?: string;
  readonly current: boolean;
}

export interface MasterKeyProvider {
  /** `local`, `vault-transit` or `aws-kms`; the prefix of every wrapped key it makes. */
  readonly name: string;
  /** Wrap a data key with the newest master key version. */
  wrap(dataKey: Uint8Array, context: WrapContext): Promise<string>;
  /** Unwrap a data key wrapped by this provider under any version it still has; VG_KEY_UNWRAP otherwise. */
  unwrap(wrapped: string, context: WrapContext): Promise<Uint8Array>;
  /**
   * The version label inside a wrapped key, without unwrapping it (undefined when the provider's
   * ciphertexts are opaque, as AWS KMS's are); VG_KEY_UNWRAP when the string is not this provider's.
   */
  versionOf(wrapped: string): string | undefined;
  /**
   * Re-wrap under the newest version without the data key leaving the provider, where the provider can
   * (Vault Transit `rewrap`, AWS KMS `ReEncrypt`); otherwise the keyring unwraps and wraps again.
   */
  rewrap?(wrapped: string, context: WrapContext): Promise<string>;
  /** Create a new master key version; later wraps use it. Returns its label. */
  rotate(): Promise<string>;
  /** The master key versions the provider knows, newest last. */
  versions(): Promise<readonly MasterKeyVersionInfo[]>;
}

/**
 * Canonical bytes of a wrap context: JSON of the sorted [key, value] pairs, so property order never matters
 * and no two different contexts encode alike (a value containing a separator cannot forge another key).
 */
export function encodeWrapContext(context: WrapContext): Buffer {
  const keys = Object.keys(context).sort();
  return Buffer.from(JSON.stringify(keys.map((k) => [k, context[k] ?? ''])), 'utf8');
}
