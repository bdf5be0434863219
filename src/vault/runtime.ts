/**
 * Wiring from configuration: the database (SQLite file or PostgreSQL URL), the master key provider, the
 * keyring and the token vault, plus each tenant's keys for the keyed protection operators. Used by the
 * CLI commands and, later, the gateway; everything here is opened lazily and closed once.
 */
import { hkdfSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { durationMs, type KeysConfig, type VaultConfig } from '../config/schema.js';
import { createKeyring, type Keyring } from '../crypto/keyring.js';
import { createLocalProvider } from '../crypto/local-provider.js';
import type { MasterKeyProvider } from '../crypto/master-key.js';
import { createVaultTransitProvider } from '../crypto/vault-transit-provider.js';
import { VeilgateError } from '../errors.js';
import { KEYED_OPERATORS, type ProtectionKeys } from '../protect/protect.js';
import { openDatabase, type Database } from '../store/open.js';
import { createTokenVault, type TokenVault } from './vault.js';

export interface VaultRuntime {
  /** The database `vault.db` names (data keys, vault entries, API keys); closed by `close()`. */
  readonly database: Database;
  readonly keyring: Keyring;
  readonly vault: TokenVault;
  /** The tenant's keys for hash, encrypt, deterministic, fpe and synthesize (created on first use). */
  operatorKeys(tenant: string, create: boolean): Promise<ProtectionKeys>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly vault: VaultConfig;
  readonly keys: KeysConfig;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Entity types placeholders may name (built-in plus custom recognizers). */
  readonly entities?: Iterable<string>;
  /** One-line notices for the operator (e.g. that a new master key file was created). */
  readonly notice?: (message: string) => void;
}

async function openProvider(options: RuntimeOptions): Promise<MasterKeyProvider> {
  const { keys, env, cwd } = options;
  switch (keys.provider) {
    case 'local': {
      const variable = env['VEILGATE_MASTER_KEY'];
      if (variable !== undefined && variable !== '') {
        return createLocalProvider({ variable, name: 'VEILGATE_MASTER_KEY' });
      }
      const file = path.resolve(cwd, keys.file);
      const existed = existsSync(file);
      const provider = createLocalProvider({ file });
      if (!existed) {
        options.notice?.(
          `created master key file ${path.relative(cwd, file) || file} (mode 0600); back it up: without it the vault cannot be read`,
        );
      }
      return provider;
    }
    case 'vault-transit': {
      const t = keys.vaultTransit;
      if (t === undefined)
        throw new VeilgateError(
          'VG_CONFIG_INVALID',
          'keys.vaultTransit: required when keys.provider is vault-transit',
        );
      const token = env[t.tokenEnv];
      if (token === undefined || token === '') {
        throw new VeilgateError(
          'VG_KEY_PROVIDER',
          `vault transit: the token variable ${t.tokenEnv} is not set`,
        );
      }
      return createVaultTransitProvider({
        address: t.address,
        token,
        keyName: t.key,
        mount: t.mount,
        ...(t.namespace !== undefined ? { namespace: t.namespace } : {}),
      });
    }
    case 'aws-kms': {
      const k = keys.awsKms;
      if (k === undefined)
        throw new VeilgateError('VG_CONFIG_INVALID', 'keys.awsKms: required when keys.provider is aws-kms');
      // Loaded only when configured: the AWS SDK is large, and warns about Node versions on import.
      const { createAwsKmsProvider } = await import('../crypto/aws-kms-provider.js');
      return createAwsKmsProvider({
        keyId: k.keyId,
        region: k.region,
        ...(k.endpoint !== undefined ? { endpoint: k.endpoint } : {}),
      });
    }
  }
}

export async function openVaultRuntime(options: RuntimeOptions): Promise<VaultRuntime> {
  const provider = await openProvider(options);
  const store = await openDatabase(options.vault.db, options.cwd);
  const cacheTtlMs = durationMs(options.keys.cacheTtl) ?? 5 * 60_000;
  const keyring = createKeyring({ provider, store: store.keys, cacheTtlMs });
  const vault = createTokenVault({
    keyring,
    store: store.tokens,
    ttlMs: durationMs(options.vault.ttl),
    ...(options.entities !== undefined ? { entities: options.entities } : {}),
  });
  return {
    database: store,
    keyring,
    vault,
    async operatorKeys(tenant, create) {
      const root = await keyring.currentKey(tenant, '', 'operators', create);
      // One data key per tenant, one HKDF-derived key per operator: a key used for hashing is never also
      // used for encryption, and forgetting the tenant destroys them all.
      const out: Record<string, Uint8Array> = {};
      for (const name of KEYED_OPERATORS) {
        out[name] = new Uint8Array(
          hkdfSync('sha256', root.key, Buffer.alloc(0), `veilgate/operator/${name}/v1`, 32),
        );
      }
      return out as ProtectionKeys;
    },
    close: () => store.close(),
  };
}
