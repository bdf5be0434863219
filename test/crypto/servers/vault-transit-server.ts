/**
 * A local HashiCorp Vault stand-in for tests: a real HTTP server on 127.0.0.1 speaking the subset of the
 * Transit secrets engine API that the Vault Transit provider uses, with real AES-256-GCM and versioned
 * keys (https://developer.hashicorp.com/vault/api-docs/secret/transit).
 *
 *   POST /v1/{mount}/encrypt/{name}      {plaintext, associated_data?}  → {data: {ciphertext, key_version}}
 *   POST /v1/{mount}/decrypt/{name}      {ciphertext, associated_data?} → {data: {plaintext}}
 *   POST /v1/{mount}/rewrap/{name}       {ciphertext}                   → {data: {ciphertext, key_version}}
 *   POST /v1/{mount}/keys/{name}/rotate                                 → {data: <key>}
 *   GET  /v1/{mount}/keys/{name}                                        → {data: {keys, latest_version, ...}}
 *
 * As Vault does: ciphertexts are `vault:v<version>:<base64(nonce ‖ ciphertext ‖ tag)>`; associated data is
 * authenticated by GCM, so decrypting with other associated data fails with 400; encrypt creates a missing
 * key ("upsert"); rewrap takes no associated_data (it is ignored with a warning, hashicorp/vault#29532), so
 * it cannot reopen a ciphertext bound to associated data; errors are `{"errors": [...]}` with 400, 403
 * (missing or wrong X-Vault-Token: "permission denied"), 404 and 405.
 *
 * Not shipped: test support only.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../loopback.js';

/** How the server misbehaves, to test the provider's error mapping. */
export type VaultServerFailure = 'none' | 'http-500' | 'sealed' | 'close-connection' | 'hang';

export interface VaultTransitServerOptions {
  readonly token: string;
  /** Mount path of the transit engine; `transit` by default. */
  readonly mount?: string;
  /** Keys that exist from the start; `['veilgate']` by default. */
  readonly keys?: readonly string[];
  /** When set, requests must carry this X-Vault-Namespace (the token is only valid there). */
  readonly namespace?: string;
  /**
   * Shape of `data.keys` in "Read key": unix seconds per version (symmetric keys, the default) or
   * objects with an RFC 3339 `creation_time` (as Vault lists asymmetric keys).
   */
  readonly keyListStyle?: 'unix-seconds' | 'objects';
}

export interface RecordedVaultRequest {
  readonly method: string;
  readonly path: string;
  readonly token: string | undefined;
  readonly namespace: string | undefined;
  readonly body: Readonly<Record<string, unknown>> | undefined;
  readonly status: number;
}

export interface VaultTransitServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request answered so far, oldest first. */
  readonly requests: readonly RecordedVaultRequest[];
  setFailure(mode: VaultServerFailure): void;
  /** The newest version of a key, or undefined when it does not exist. */
  latestVersion(name: string): number | undefined;
  close(): Promise<void>;
}

interface KeyVersion {
  readonly key: Buffer;
  /** Unix seconds, as Vault reports them. */
  readonly createdAt: number;
}

interface TransitKey {
  readonly name: string;
  readonly versions: Map<number, KeyVersion>;
  latest: number;
  readonly minDecryptionVersion: number;
}

class VaultError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly string[],
  ) {
    super(errors.join('; '));
  }
}

const MAX_BODY = 1 << 20;

/** Go's base64.StdEncoding: padded standard alphabet; the server rejects anything else as Vault does. */
function decodeBase64(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    throw new VaultError(400, [`failed to base64-decode ${field}`]);
  return Buffer.from(value, 'base64');
}

function newKey(name: string): TransitKey {
  return {
    name,
    versions: new Map([[1, { key: randomBytes(32), createdAt: Math.floor(Date.now() / 1000) }]]),
    latest: 1,
    minDecryptionVersion: 1,
  };
}

function encrypt(key: TransitKey, plaintext: Buffer, aad: Buffer | undefined): string {
  const version = key.latest;
  const material = key.versions.get(version) as KeyVersion;
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', material.key, nonce);
  if (aad !== undefined) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `vault:v${version}:${Buffer.concat([nonce, body]).toString('base64')}`;
}

/** keysutil's Decrypt: prefix, version bounds, base64, then the AEAD open. */
function decrypt(key: TransitKey, ciphertext: unknown, aad: Buffer | undefined): Buffer {
  if (typeof ciphertext !== 'string' || ciphertext === '')
    throw new VaultError(400, ['missing ciphertext to decrypt']);
  if (!ciphertext.startsWith('vault:v')) throw new VaultError(400, ['invalid ciphertext: no prefix']);
  const rest = ciphertext.slice('vault:v'.length);
  const colon = rest.indexOf(':');
  const version = colon > 0 && /^[0-9]+$/.test(rest.slice(0, colon)) ? Number(rest.slice(0, colon)) : NaN;
  if (!Number.isSafeInteger(version))
    throw new VaultError(400, ['invalid ciphertext: version number could not be decoded']);
  if (version > key.latest) throw new VaultError(400, ['invalid ciphertext: version is too new']);
  if (version < key.minDecryptionVersion)
    throw new VaultError(400, ['invalid ciphertext: version is disallowed by policy (too old)']);
  const material = key.versions.get(version);
  if (material === undefined) throw new VaultError(400, ['invalid ciphertext: version is too old']);
  let payload: Buffer;
  try {
    payload = decodeBase64(rest.slice(colon + 1), 'ciphertext');
  } catch {
    throw new VaultError(400, ['invalid ciphertext: could not decode base64']);
  }
  if (payload.length < 12 + 16) throw new VaultError(400, ['invalid ciphertext: unable to decrypt']);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material.key, payload.subarray(0, 12));
    if (aad !== undefined) decipher.setAAD(aad);
    decipher.setAuthTag(payload.subarray(payload.length - 16));
    return Buffer.concat([decipher.update(payload.subarray(12, payload.length - 16)), decipher.final()]);
  } catch {
    throw new VaultError(400, ['cipher: message authentication failed']);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startVaultTransitServer(
  options: VaultTransitServerOptions,
): Promise<VaultTransitServer> {
  const mount = (options.mount ?? 'transit').replace(/^\/+|\/+$/g, '');
  const keys = new Map<string, TransitKey>();
  for (const name of options.keys ?? ['veilgate']) keys.set(name, newKey(name));
  const requests: RecordedVaultRequest[] = [];
  let failure: VaultServerFailure = 'none';

  const keyInfo = (key: TransitKey): Record<string, unknown> => ({
    name: key.name,
    type: 'aes256-gcm96',
    keys: Object.fromEntries(
      [...key.versions].map(([v, m]) => [
        String(v),
        options.keyListStyle === 'objects'
          ? {
              creation_time: new Date(m.createdAt * 1000).toISOString(),
              name: 'aes256-gcm96',
              public_key: '',
            }
          : m.createdAt,
      ]),
    ),
    latest_version: key.latest,
    min_available_version: 0,
    min_decryption_version: key.minDecryptionVersion,
    min_encryption_version: 0,
    deletion_allowed: false,
    derived: false,
    exportable: false,
    allow_plaintext_backup: false,
    supports_encryption: true,
    supports_decryption: true,
    supports_derivation: true,
    supports_signing: false,
    auto_rotate_period: 0,
  });

  const existing = (name: string): TransitKey => {
    const key = keys.get(name);
    if (key === undefined) throw new VaultError(400, ['encryption key not found']);
    return key;
  };

  /** Routes one authenticated request under /v1/{mount}/; returns `data` and any warnings. */
  function route(
    method: string,
    path: string,
    body: Record<string, unknown>,
  ): { data: Record<string, unknown>; warnings?: string[] } {
    const parts = path.split('/');
    const [op, name, action] = parts;
    if (name === undefined || name === '' || !/^[A-Za-z0-9_.-]+$/.test(name) || parts.length > 3)
      throw new VaultError(404, [`no handler for route "${mount}/${path}". route entry not found.`]);
    const aad = (): Buffer | undefined =>
      body.associated_data === undefined || body.associated_data === ''
        ? undefined
        : decodeBase64(body.associated_data, 'associated_data');

    if (op === 'encrypt' && action === undefined) {
      if (method !== 'POST' && method !== 'PUT') throw new VaultError(405, ['unsupported operation']);
      const plaintext = decodeBase64(body.plaintext, 'plaintext');
      let key = keys.get(name);
      if (key === undefined) {
        // Encrypt "upserts": a missing key is created when the token may (transit API, Encrypt data).
        key = newKey(name);
        keys.set(name, key);
      }
      return { data: { ciphertext: encrypt(key, plaintext, aad()), key_version: key.latest } };
    }
    if (op === 'decrypt' && action === undefined) {
      if (method !== 'POST' && method !== 'PUT') throw new VaultError(405, ['unsupported operation']);
      const key = existing(name);
      return { data: { plaintext: decrypt(key, body.ciphertext, aad()).toString('base64') } };
    }
    if (op === 'rewrap' && action === undefined) {
      if (method !== 'POST' && method !== 'PUT') throw new VaultError(405, ['unsupported operation']);
      const key = existing(name);
      // Rewrap has no associated_data parameter: Vault ignores unknown fields with a warning and opens
      // the ciphertext without associated data.
      const ignored = Object.keys(body).filter(
        (k) => !['ciphertext', 'context', 'nonce', 'key_version'].includes(k),
      );
      const plaintext = decrypt(key, body.ciphertext, undefined);
      return {
        data: { ciphertext: encrypt(key, plaintext, undefined), key_version: key.latest },
        ...(ignored.length > 0
          ? { warnings: [`Endpoint ignored these unrecognized parameters: [${ignored.join(' ')}]`] }
          : {}),
      };
    }
    if (op === 'keys' && action === undefined) {
      if (method !== 'GET') throw new VaultError(405, ['unsupported operation']);
      const key = keys.get(name);
      if (key === undefined) throw new VaultError(404, []);
      return { data: keyInfo(key) };
    }
    if (op === 'keys' && action === 'rotate') {
      if (method !== 'POST' && method !== 'PUT') throw new VaultError(405, ['unsupported operation']);
      const key = keys.get(name);
      if (key === undefined) throw new VaultError(400, ['key not found']);
      key.latest += 1;
      key.versions.set(key.latest, { key: randomBytes(32), createdAt: Math.floor(Date.now() / 1000) });
      return { data: keyInfo(key) };
    }
    throw new VaultError(404, [`no handler for route "${mount}/${path}". route entry not found.`]);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const token = typeof req.headers['x-vault-token'] === 'string' ? req.headers['x-vault-token'] : undefined;
    const namespace =
      typeof req.headers['x-vault-namespace'] === 'string' ? req.headers['x-vault-namespace'] : undefined;
    let body: Record<string, unknown> | undefined;

    const send = (status: number, payload: object | undefined): void => {
      requests.push({ method, path, token, namespace, body, status });
      if (payload === undefined) {
        res.writeHead(status).end();
        return;
      }
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    };

    if (failure === 'close-connection') {
      req.socket.destroy();
      return;
    }
    if (failure === 'hang') return;
    if (failure === 'http-500') return send(500, { errors: ['internal error'] });
    if (failure === 'sealed') return send(503, { errors: ['Vault is sealed'] });

    if (raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return send(400, { errors: ['failed to parse JSON input'] });
      }
    }
    // Vault checks the token before routing; a token from another namespace is not valid here.
    if (token !== options.token || (options.namespace !== undefined && namespace !== options.namespace))
      return send(403, { errors: ['permission denied'] });
    const prefix = `/v1/${mount}/`;
    if (!path.startsWith(prefix))
      return send(404, { errors: [`no handler for route "${path.slice(4)}". route entry not found.`] });
    try {
      const { data, warnings } = route(method, path.slice(prefix.length), body ?? {});
      return send(200, {
        request_id: randomUUID(),
        lease_id: '',
        renewable: false,
        lease_duration: 0,
        data,
        wrap_info: null,
        warnings: warnings ?? null,
        auth: null,
        mount_type: 'transit',
      });
    } catch (err) {
      if (err instanceof VaultError) return send(err.status, { errors: err.errors });
      return send(500, { errors: ['internal error'] });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFailure(mode) {
      failure = mode;
    },
    latestVersion(name) {
      return keys.get(name)?.latest;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung and keep-alive connections would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
  };
}
