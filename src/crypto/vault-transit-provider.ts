/**
 * The HashiCorp Vault Transit master key provider: the master key lives in Vault and never leaves it;
 * Veilgate sends each data key to `transit/encrypt` and gets back Vault's ciphertext.
 *
 * HTTP API (https://developer.hashicorp.com/vault/api-docs/secret/transit):
 *   wrap      POST /v1/{mount}/encrypt/{key}   {plaintext, associated_data}  → data.ciphertext `vault:vN:...`
 *   unwrap    POST /v1/{mount}/decrypt/{key}   {ciphertext, associated_data} → data.plaintext
 *   rotate    POST /v1/{mount}/keys/{key}/rotate, then GET /v1/{mount}/keys/{key} → data.latest_version
 *   versions  GET  /v1/{mount}/keys/{key} → data.keys (version → creation time), data.latest_version
 * Requests carry `X-Vault-Token` and, for Vault Enterprise namespaces, `X-Vault-Namespace`.
 *
 * The wrap context is bound as `associated_data` (base64 of `encodeWrapContext`), which Vault authenticates
 * with the AEAD key types (aes128-gcm96, aes256-gcm96, chacha20-poly1305); a wrong context fails with 400.
 *
 * No `rewrap`: Vault's `transit/rewrap` endpoint takes no `associated_data` (hashicorp/vault#29532,
 * #31791; the fix, #31842, is not merged), so it cannot open a ciphertext bound to associated data and
 * answers 400 "cipher: message authentication failed". The keyring falls back to unwrap + wrap: the data
 * key makes the same trip to Vault as on any wrap.
 *
 * Wrapped key: `vault-transit:` + Vault's ciphertext, e.g. `vault-transit:vault:v3:<base64>`.
 */
import { VeilgateError } from '../errors.js';
import {
  encodeWrapContext,
  type MasterKeyProvider,
  type MasterKeyVersionInfo,
  type WrapContext,
} from './master-key.js';

export interface VaultTransitProviderOptions {
  /** Vault's address, e.g. `https://vault.internal:8200` (a path prefix is kept, for Vault behind a proxy). */
  readonly address: string;
  readonly token: string;
  /** Name of the transit key; create it with `vault write -f transit/keys/<name>` (type aes256-gcm96). */
  readonly keyName: string;
  /** Where the transit engine is mounted; `transit` by default. */
  readonly mount?: string;
  /** Vault Enterprise namespace, sent as `X-Vault-Namespace`. */
  readonly namespace?: string;
  /** Per-request timeout; 10 000 ms by default. */
  readonly timeoutMs?: number;
}

const PREFIX = 'vault-transit:';
/** Vault's ciphertext: `vault:v<version>:<standard base64>` (keysutil's `vault:v` prefix). */
const VAULT_CIPHERTEXT = /^vault:v([1-9][0-9]{0,8}):[A-Za-z0-9+/]+={0,2}$/;
/**
 * Vault's `framework.GenericNameRegex`: word characters, `.` and `-`, starting and ending with a word
 * character, so `.` and `..` (which fetch would resolve as path segments) are not names.
 */
const KEY_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const MOUNT =
  /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:\/[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Operation = 'encrypt' | 'decrypt' | 'rotate' | 'read key';

const unwrapError = (): VeilgateError =>
  new VeilgateError('VG_KEY_UNWRAP', 'the data key could not be unwrapped');

const providerError = (message: string, cause?: unknown): VeilgateError =>
  new VeilgateError('VG_KEY_PROVIDER', message, cause === undefined ? undefined : { cause });

function optionError(what: string): VeilgateError {
  return new VeilgateError('VG_KEY_PROVIDER', `vault transit: ${what}`);
}

/** Header values must be visible ASCII: fetch would throw on control characters with a message of its own. */
const isHeaderValue = (s: string): boolean => /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(s);

function parseAddress(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw optionError('address must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw optionError('address must be an http(s) URL');
  // fetch refuses URLs with credentials, and a query or fragment would end up inside every API path.
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw optionError('address must not contain credentials, a query or a fragment');
  return url;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `data` object of a Vault response, or undefined when the body is not the documented shape. */
function dataOf(body: unknown): Record<string, unknown> | undefined {
  return isRecord(body) && isRecord(body.data) ? body.data : undefined;
}

/**
 * Creation time of one key version in `data.keys`: unix seconds for symmetric keys, an object with an
 * RFC 3339 `creation_time` for asymmetric ones (transit "Read key" response).
 */
function createdAtOf(entry: unknown): string | undefined {
  let ms: number | undefined;
  if (typeof entry === 'number' && Number.isFinite(entry) && entry > 0) ms = entry * 1000;
  else if (isRecord(entry) && typeof entry.creation_time === 'string') ms = Date.parse(entry.creation_time);
  return ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function createVaultTransitProvider(options: VaultTransitProviderOptions): MasterKeyProvider {
  if (typeof options.address !== 'string' || options.address.trim() === '')
    throw optionError('address is required');
  const url = parseAddress(options.address.trim());
  if (typeof options.token !== 'string' || options.token === '') throw optionError('token is required');
  if (!isHeaderValue(options.token)) throw optionError('token contains characters not allowed in a header');
  if (typeof options.keyName !== 'string' || !KEY_NAME.test(options.keyName))
    throw optionError(
      'keyName must be letters, digits, _, . and -, starting and ending with a letter, digit or _',
    );
  const mount = (options.mount ?? 'transit').replace(/^\/+|\/+$/g, '');
  if (!MOUNT.test(mount))
    throw optionError('mount must be a path of names made of letters, digits, _, . and -');
  if (options.namespace !== undefined && (options.namespace === '' || !isHeaderValue(options.namespace)))
    throw optionError('namespace must be a non-empty header value');
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
    throw optionError('timeoutMs must be a positive integer');

  const origin = url.origin;
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1/${mount}`;
  const keyName = options.keyName;
  const headers: Record<string, string> = {
    'X-Vault-Token': options.token,
    'Content-Type': 'application/json',
    Accept: 'application/json',
    ...(options.namespace !== undefined ? { 'X-Vault-Namespace': options.namespace } : {}),
  };

  /**
   * One API call. Messages name the operation and the HTTP status only: Vault's error bodies can echo
   * request fields, and the token, plaintext and ciphertext must never reach a log.
   */
  async function call(op: Operation, method: 'GET' | 'POST', path: string, body?: object): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}/${path}`, {
        method,
        headers,
        signal: AbortSignal.timeout(timeoutMs),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw providerError(`vault transit ${op}: could not reach ${origin}`, err);
    }
    if (!res.ok) {
      // Drain the body so the connection can be reused, without reading what it says.
      await res.body?.cancel().catch(() => undefined);
      // 400 from decrypt is Vault refusing the ciphertext: malformed, unknown version, or an
      // authentication failure because the associated data (the wrap context) differs.
      if (op === 'decrypt' && res.status === 400) throw unwrapError();
      throw providerError(`vault transit ${op}: HTTP ${res.status}`);
    }
    // Older Vault versions answer `rotate` with 204 and no body.
    if (res.status === 204) return undefined;
    try {
      return (await res.json()) as unknown;
    } catch {
      // No cause: JSON.parse's message quotes the start of the body.
      throw providerError(`vault transit ${op}: the response is not JSON`);
    }
  }

  const unexpected = (op: Operation): VeilgateError =>
    providerError(`vault transit ${op}: unexpected response`);

  /** `GET keys/{name}` ("Read key"): version → creation time, and the latest version. */
  async function readKey(): Promise<{ versions: MasterKeyVersionInfo[]; latest: number }> {
    const data = dataOf(await call('read key', 'GET', `keys/${keyName}`));
    const latest = data?.latest_version;
    if (data === undefined || !isRecord(data.keys) || !Number.isSafeInteger(latest))
      throw unexpected('read key');
    const entries = Object.entries(data.keys)
      .filter(([v]) => /^[1-9][0-9]{0,8}$/.test(v))
      .map(([v, entry]) => ({ version: Number(v), createdAt: createdAtOf(entry) }))
      .sort((a, b) => a.version - b.version);
    if (!entries.some((e) => e.version === latest)) throw unexpected('read key');
    return {
      latest: latest as number,
      versions: entries.map((e): MasterKeyVersionInfo => ({
        version: String(e.version),
        current: e.version === latest,
        ...(e.createdAt !== undefined ? { createdAt: e.createdAt } : {}),
      })),
    };
  }

  /** Vault's ciphertext inside one of our wrapped keys; VG_KEY_UNWRAP for anything else. */
  function vaultCiphertext(wrapped: string): { ciphertext: string; version: string } {
    if (typeof wrapped !== 'string' || !wrapped.startsWith(PREFIX)) throw unwrapError();
    const ciphertext = wrapped.slice(PREFIX.length);
    const m = VAULT_CIPHERTEXT.exec(ciphertext);
    if (m === null) throw unwrapError();
    // Only canonical base64: Go's decoder ignores the unused bits of the last character, so without this
    // check two different strings would unwrap to the same key.
    const b64 = ciphertext.slice(ciphertext.lastIndexOf(':') + 1);
    if (Buffer.from(b64, 'base64').toString('base64') !== b64) throw unwrapError();
    return { ciphertext, version: m[1] as string };
  }

  const associatedData = (context: WrapContext): string => encodeWrapContext(context).toString('base64');

  return {
    name: 'vault-transit',

    async wrap(dataKey, context) {
      const data = dataOf(
        await call('encrypt', 'POST', `encrypt/${keyName}`, {
          plaintext: Buffer.from(dataKey).toString('base64'),
          associated_data: associatedData(context),
        }),
      );
      const ciphertext = data?.ciphertext;
      if (typeof ciphertext !== 'string' || !VAULT_CIPHERTEXT.test(ciphertext)) throw unexpected('encrypt');
      return `${PREFIX}${ciphertext}`;
    },

    async unwrap(wrapped, context) {
      const { ciphertext } = vaultCiphertext(wrapped);
      const data = dataOf(
        await call('decrypt', 'POST', `decrypt/${keyName}`, {
          ciphertext,
          associated_data: associatedData(context),
        }),
      );
      const plaintext = data?.plaintext;
      if (typeof plaintext !== 'string' || !BASE64.test(plaintext)) throw unexpected('decrypt');
      return new Uint8Array(Buffer.from(plaintext, 'base64'));
    },

    versionOf(wrapped) {
      return vaultCiphertext(wrapped).version;
    },

    async rotate() {
      await call('rotate', 'POST', `keys/${keyName}/rotate`);
      // Newer Vault versions answer with the key, older ones with 204: read it either way.
      return String((await readKey()).latest);
    },

    async versions() {
      return (await readKey()).versions;
    },
  };
}
