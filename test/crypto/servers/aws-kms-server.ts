/**
 * A local AWS KMS stand-in for tests: a real HTTP server on 127.0.0.1 speaking the AWS JSON 1.1 protocol
 * for the KMS operations the AWS KMS provider uses, with real AES-256-GCM and rotatable key material
 * (https://docs.aws.amazon.com/kms/latest/APIReference/).
 *
 * Requests: `POST /`, `Content-Type: application/x-amz-json-1.1`, `X-Amz-Target: TrentService.<Operation>`,
 * SigV4-signed (`Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/kms/aws4_request,
 * SignedHeaders=..., Signature=...` and `X-Amz-Date`); the signature is verified against the server's
 * credentials. Blobs are base64 in JSON, timestamps epoch seconds. Errors are HTTP 400 (500 for internal
 * ones) with `{"__type": "<Code>", "message": "..."}` and an `x-amzn-ErrorType` header.
 *
 * Operations: Encrypt, Decrypt, ReEncrypt, RotateKeyOnDemand, ListKeyRotations, DescribeKey.
 *
 * Ciphertext blob (ours, not KMS's, which is undocumented): format byte 1 ‖ key id (16 bytes) ‖ key
 * material index (uint32) ‖ nonce (12) ‖ ciphertext ‖ tag (16). It names the key and the material, so
 * Decrypt works after rotations and without a KeyId; the encryption context is the GCM associated data.
 *
 * Not shipped: test support only.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../loopback.js';

/** How the server misbehaves, to test the provider's error mapping. */
export type KmsServerFailure =
  'none' | 'http-500' | 'throttle' | 'access-denied' | 'close-connection' | 'hang';

export interface AwsKmsServerOptions {
  /** `us-east-1` by default; requests must be signed for this region. */
  readonly region?: string;
  readonly accessKeyId?: string;
  /** Random by default. */
  readonly secretAccessKey?: string;
  readonly accountId?: string;
  /** Alias of the first key, without `alias/`; `veilgate-test` by default. */
  readonly alias?: string;
  /** On-demand rotations allowed per key; KMS allows 10. */
  readonly onDemandRotationLimit?: number;
  /** Largest ListKeyRotations page the server returns (to exercise pagination); 100 by default. */
  readonly listPageSize?: number;
}

export interface RecordedKmsRequest {
  /** The X-Amz-Target header, e.g. `TrentService.Encrypt`. */
  readonly target: string | undefined;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly amzDate: string | undefined;
  /** The SigV4 signature matched the server's secret key. */
  readonly signatureValid: boolean;
  /** Region and service from the credential scope. */
  readonly scope: { readonly region: string; readonly service: string } | undefined;
  readonly status: number;
  /** The error code returned, if any. */
  readonly error: string | undefined;
}

export interface AwsKmsServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The first key: id, ARN and alias name (`alias/...`). */
  readonly keyId: string;
  readonly keyArn: string;
  readonly aliasName: string;
  readonly requests: readonly RecordedKmsRequest[];
  /** Another symmetric key, e.g. to show that a blob from one key does not decrypt under another. */
  createKey(): { keyId: string; keyArn: string };
  setFailure(mode: KmsServerFailure): void;
  close(): Promise<void>;
}

interface KeyMaterial {
  readonly id: string;
  readonly key: Buffer;
  readonly rotationDate?: Date;
}

interface KmsKey {
  readonly id: string;
  readonly arn: string;
  readonly created: Date;
  readonly materials: KeyMaterial[];
}

class KmsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const MAX_BODY = 1 << 20;
const BLOB_FORMAT = 1;
const HEADER = 1 + 16 + 4;

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** Epoch seconds with milliseconds, as the JSON protocols send timestamps. */
const epochSeconds = (d: Date): number => d.getTime() / 1000;

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

function stringField(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = body[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.length < 1 || v.length > 2048)
    throw new KmsError(
      'ValidationException',
      `1 validation error detected: Value at '${name}' failed to satisfy constraint`,
    );
  return v;
}

function blobField(body: Record<string, unknown>, name: string, max: number): Buffer {
  const v = body[name];
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0)
    throw new KmsError('SerializationException', `Value for '${name}' is not valid base64`);
  const b = Buffer.from(v, 'base64');
  if (b.length < 1 || b.length > max)
    throw new KmsError(
      'ValidationException',
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must have length between 1 and ${max}`,
    );
  return b;
}

/** An encryption context: a string → string map; canonical (sorted) JSON is the associated data. */
function contextField(body: Record<string, unknown>, name: string): Buffer {
  const v = body[name];
  if (v === undefined || v === null) return Buffer.from('[]');
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string'))
    throw new KmsError('SerializationException', `Value for '${name}' must be a map of strings`);
  const entries = Object.entries(v as Record<string, string>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return Buffer.from(JSON.stringify(entries));
}

interface SigV4Result {
  readonly valid: boolean;
  /** Region and service from the credential scope, when the header could be parsed. */
  readonly scope: { region: string; service: string } | undefined;
  readonly problem?: KmsError;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** `20240102T030405Z` → milliseconds since the epoch. */
const amzDateMs = (d: string): number =>
  Date.parse(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
  );

/**
 * Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
 * canonical request → string to sign → HMAC chain over date, region, service, "aws4_request". Error codes
 * are those AWS JSON services answer with.
 */
function verifySigV4(
  req: IncomingMessage,
  body: Buffer,
  creds: { accessKeyId: string; secretAccessKey: string },
  region: string,
): SigV4Result {
  const refuse = (code: string, message: string, scope?: SigV4Result['scope']): SigV4Result => ({
    valid: false,
    scope,
    problem: new KmsError(code, message),
  });
  const auth = req.headers.authorization;
  const amzDate = req.headers['x-amz-date'];
  if (auth === undefined)
    return refuse('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = AUTHORIZATION.exec(auth);
  if (m === null || typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate))
    return refuse(
      'IncompleteSignatureException',
      'Authorization needs Credential, SignedHeaders, Signature and X-Amz-Date',
    );
  const [accessKeyId, date, scopeRegion, service, signedHeaderList, signature] = m.slice(1) as string[];
  if (
    scopeRegion === undefined ||
    service === undefined ||
    signedHeaderList === undefined ||
    signature === undefined
  )
    return refuse('IncompleteSignatureException', 'Authorization is incomplete');
  const scope = { region: scopeRegion, service };
  if (accessKeyId !== creds.accessKeyId)
    return refuse(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      scope,
    );
  const signedHeaders = signedHeaderList.split(';');
  if (
    !signedHeaders.includes('host') ||
    !signedHeaders.includes('x-amz-date') ||
    date !== amzDate.slice(0, 8)
  )
    return refuse('IncompleteSignatureException', 'host and x-amz-date must be signed', scope);
  if (scopeRegion !== region || service !== 'kms')
    return refuse(
      'InvalidSignatureException',
      `Credential should be scoped to ${region}/kms, not ${scopeRegion}/${service}.`,
      scope,
    );
  if (!(Math.abs(amzDateMs(amzDate) - Date.now()) <= 5 * 60 * 1000))
    return refuse('InvalidSignatureException', 'Signature expired', scope);

  const canonicalHeaders = signedHeaders
    .map((h) => {
      const v = req.headers[h];
      const value = Array.isArray(v) ? v.join(',') : (v ?? '');
      return `${h}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const canonicalRequest = [
    req.method ?? 'POST',
    url.pathname,
    url.search.slice(1),
    canonicalHeaders,
    signedHeaderList,
    sha256Hex(body),
  ].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    `${date}/${scopeRegion}/${service}/aws4_request`,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const kDate = hmac(`AWS4${creds.secretAccessKey}`, date as string);
  const kSigning = hmac(hmac(hmac(kDate, scopeRegion), service), 'aws4_request');
  const expected = createHmac('sha256', kSigning).update(stringToSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
    return refuse(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided.',
      scope,
    );
  return { valid: true, scope };
}

export async function startAwsKmsServer(options: AwsKmsServerOptions = {}): Promise<AwsKmsServer> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '111122223333';
  const credentials = {
    accessKeyId: options.accessKeyId ?? 'AKIAVEILGATETEST0001',
    secretAccessKey: options.secretAccessKey ?? randomBytes(30).toString('base64'),
  };
  const rotationLimit = options.onDemandRotationLimit ?? 10;
  const pageSize = options.listPageSize ?? 100;
  const keys = new Map<string, KmsKey>();
  const aliases = new Map<string, string>();
  const requests: RecordedKmsRequest[] = [];
  let failure: KmsServerFailure = 'none';

  const newMaterial = (rotationDate?: Date): KeyMaterial => ({
    id: randomBytes(32).toString('hex'),
    key: randomBytes(32),
    ...(rotationDate !== undefined ? { rotationDate } : {}),
  });

  function createKey(): { keyId: string; keyArn: string } {
    const id = randomUUID();
    const key: KmsKey = {
      id,
      arn: `arn:aws:kms:${region}:${accountId}:key/${id}`,
      created: new Date(),
      materials: [newMaterial()],
    };
    keys.set(id, key);
    return { keyId: id, keyArn: key.arn };
  }

  const first = createKey();
  const aliasName = `alias/${options.alias ?? 'veilgate-test'}`;
  aliases.set(aliasName, first.keyId);

  /** Key id, key ARN, alias name or alias ARN (aliases only where the operation accepts them). */
  function resolveKey(ref: string, allowAlias: boolean): KmsKey {
    let id: string | undefined;
    const arn = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/.exec(ref);
    const local = arn !== null ? (arn[3] as string) : ref;
    if (arn !== null && (arn[1] !== region || arn[2] !== accountId)) id = undefined;
    else if (local.startsWith('alias/')) id = allowAlias ? aliases.get(local) : undefined;
    else id = local.startsWith('key/') ? local.slice(4) : local;
    const key = id !== undefined ? keys.get(id) : undefined;
    if (key === undefined) throw new KmsError('NotFoundException', `Key '${ref}' does not exist`);
    return key;
  }

  function aad(key: KmsKey, index: number, context: Buffer): Buffer {
    return Buffer.concat([Buffer.from(`veilgate-test-kms/v1\n${key.id}\n${index}\n`), context]);
  }

  function seal(key: KmsKey, plaintext: Buffer, context: Buffer): Buffer {
    const index = key.materials.length - 1;
    const header = Buffer.alloc(HEADER);
    header.writeUInt8(BLOB_FORMAT, 0);
    Buffer.from(key.id.replace(/-/g, ''), 'hex').copy(header, 1);
    header.writeUInt32BE(index, 17);
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', (key.materials[index] as KeyMaterial).key, nonce);
    cipher.setAAD(aad(key, index, context));
    return Buffer.concat([header, nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  /** Opens a blob; `expected` is the key the caller named (IncorrectKeyException when it differs). */
  function open(
    blob: Buffer,
    context: Buffer,
    expected: KmsKey | undefined,
  ): { key: KmsKey; index: number; plaintext: Buffer } {
    const invalid = (): KmsError => new KmsError('InvalidCiphertextException', '');
    if (blob.length < HEADER + 12 + 16 || blob.readUInt8(0) !== BLOB_FORMAT) throw invalid();
    const hex = blob.subarray(1, 17).toString('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const key = keys.get(id);
    if (key === undefined) throw invalid();
    if (expected !== undefined && expected.id !== key.id)
      throw new KmsError(
        'IncorrectKeyException',
        'The key ID in the request does not identify a CMK that can perform this operation.',
      );
    const index = blob.readUInt32BE(17);
    const material = key.materials[index];
    if (material === undefined) throw invalid();
    try {
      const decipher = createDecipheriv('aes-256-gcm', material.key, blob.subarray(HEADER, HEADER + 12));
      decipher.setAAD(aad(key, index, context));
      decipher.setAuthTag(blob.subarray(blob.length - 16));
      const plaintext = Buffer.concat([
        decipher.update(blob.subarray(HEADER + 12, blob.length - 16)),
        decipher.final(),
      ]);
      return { key, index, plaintext };
    } catch {
      throw invalid();
    }
  }

  const current = (key: KmsKey): KeyMaterial => key.materials[key.materials.length - 1] as KeyMaterial;

  function operate(op: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (op) {
      case 'Encrypt': {
        const key = resolveKey(stringField(body, 'KeyId', true) as string, true);
        const plaintext = blobField(body, 'Plaintext', 4096);
        const blob = seal(key, plaintext, contextField(body, 'EncryptionContext'));
        return {
          CiphertextBlob: blob.toString('base64'),
          KeyId: key.arn,
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          KeyMaterialId: current(key).id,
        };
      }
      case 'Decrypt': {
        const keyRef = stringField(body, 'KeyId', false);
        const expected = keyRef !== undefined ? resolveKey(keyRef, true) : undefined;
        const opened = open(
          blobField(body, 'CiphertextBlob', 6144),
          contextField(body, 'EncryptionContext'),
          expected,
        );
        return {
          KeyId: opened.key.arn,
          Plaintext: opened.plaintext.toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          KeyMaterialId: (opened.key.materials[opened.index] as KeyMaterial).id,
        };
      }
      case 'ReEncrypt': {
        const sourceRef = stringField(body, 'SourceKeyId', false);
        const source = sourceRef !== undefined ? resolveKey(sourceRef, true) : undefined;
        const destination = resolveKey(stringField(body, 'DestinationKeyId', true) as string, true);
        const opened = open(
          blobField(body, 'CiphertextBlob', 6144),
          contextField(body, 'SourceEncryptionContext'),
          source,
        );
        const blob = seal(destination, opened.plaintext, contextField(body, 'DestinationEncryptionContext'));
        return {
          CiphertextBlob: blob.toString('base64'),
          SourceKeyId: opened.key.arn,
          KeyId: destination.arn,
          SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          SourceKeyMaterialId: (opened.key.materials[opened.index] as KeyMaterial).id,
          DestinationKeyMaterialId: current(destination).id,
        };
      }
      case 'RotateKeyOnDemand': {
        // "Specify the key ID or key ARN": no aliases for rotation.
        const key = resolveKey(stringField(body, 'KeyId', true) as string, false);
        if (key.materials.length - 1 >= rotationLimit)
          throw new KmsError(
            'LimitExceededException',
            `The on-demand rotation limit (${rotationLimit}) for this key has been reached.`,
          );
        key.materials.push(newMaterial(new Date()));
        return { KeyId: key.id };
      }
      case 'ListKeyRotations': {
        const key = resolveKey(stringField(body, 'KeyId', true) as string, false);
        const limit = body.Limit === undefined ? 100 : body.Limit;
        if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new KmsError(
            'ValidationException',
            "Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000",
          );
        const all = key.materials
          .map((m, i) => ({ m, i }))
          .filter(({ m }) => body.IncludeKeyMaterial === 'ALL_KEY_MATERIAL' || m.rotationDate !== undefined);
        const marker =
          body.Marker === undefined ? 0 : Number(Buffer.from(String(body.Marker), 'base64url').toString());
        if (!Number.isSafeInteger(marker) || marker < 0 || marker > all.length)
          throw new KmsError('InvalidMarkerException', 'The marker is not valid');
        const page = all.slice(marker, marker + Math.min(limit, pageSize));
        const next = marker + page.length;
        return {
          Rotations: page.map(({ m, i }) => ({
            KeyId: key.id,
            KeyMaterialId: m.id,
            KeyMaterialState: i === key.materials.length - 1 ? 'CURRENT' : 'NON_CURRENT',
            ...(m.rotationDate !== undefined
              ? { RotationDate: epochSeconds(m.rotationDate), RotationType: 'ON_DEMAND' }
              : {}),
          })),
          Truncated: next < all.length,
          ...(next < all.length ? { NextMarker: Buffer.from(String(next)).toString('base64url') } : {}),
        };
      }
      case 'DescribeKey': {
        const key = resolveKey(stringField(body, 'KeyId', true) as string, true);
        return {
          KeyMetadata: {
            AWSAccountId: accountId,
            KeyId: key.id,
            Arn: key.arn,
            CreationDate: epochSeconds(key.created),
            Enabled: true,
            Description: '',
            KeyUsage: 'ENCRYPT_DECRYPT',
            KeyState: 'Enabled',
            Origin: 'AWS_KMS',
            KeyManager: 'CUSTOMER',
            CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
            KeySpec: 'SYMMETRIC_DEFAULT',
            EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
            MultiRegion: false,
            CurrentKeyMaterialId: current(key).id,
          },
        };
      }
      default:
        throw new KmsError('UnknownOperationException', '');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : undefined;
    const contentType = req.headers['content-type'];
    const sig = verifySigV4(req, raw, credentials, region);
    const record = (status: number, error: string | undefined): void => {
      requests.push({
        target,
        contentType,
        authorization: req.headers.authorization,
        amzDate: typeof req.headers['x-amz-date'] === 'string' ? req.headers['x-amz-date'] : undefined,
        signatureValid: sig.valid,
        scope: sig.scope,
        status,
        error,
      });
    };
    const reply = (status: number, payload: object): void => {
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'Content-Type': 'application/x-amz-json-1.1',
        'Content-Length': Buffer.byteLength(text),
        'x-amzn-RequestId': randomUUID(),
      });
      res.end(text);
    };
    const fail = (err: KmsError): void => {
      record(err.status, err.code);
      res.setHeader('x-amzn-ErrorType', `${err.code}:http://internal.amazon.com/coral/com.amazon.kms/`);
      reply(err.status, { __type: err.code, message: err.message });
    };

    if (failure === 'close-connection') {
      record(0, 'connection closed');
      req.socket.destroy();
      return;
    }
    if (failure === 'hang') return;
    if (failure === 'http-500') return fail(new KmsError('KMSInternalException', 'internal error', 500));
    if (failure === 'throttle') return fail(new KmsError('ThrottlingException', 'Rate exceeded'));
    if (failure === 'access-denied')
      return fail(
        new KmsError(
          'AccessDeniedException',
          `User: arn:aws:iam::${accountId}:user/test is not authorized to perform this operation`,
        ),
      );

    if (req.method !== 'POST' || target === undefined || !target.startsWith('TrentService.'))
      return fail(new KmsError('UnknownOperationException', ''));
    if (contentType !== 'application/x-amz-json-1.1')
      return fail(new KmsError('SerializationException', 'Content-Type must be application/x-amz-json-1.1'));
    if (sig.problem !== undefined) return fail(sig.problem);
    let body: unknown;
    try {
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      return fail(
        new KmsError('SerializationException', 'Start of structure or map found where not expected.'),
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fail(
        new KmsError('SerializationException', 'Start of structure or map found where not expected.'),
      );
    try {
      const out = operate(target.slice('TrentService.'.length), body as Record<string, unknown>);
      record(200, undefined);
      reply(200, out);
    } catch (err) {
      fail(err instanceof KmsError ? err : new KmsError('KMSInternalException', 'internal error', 500));
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
    region,
    credentials,
    keyId: first.keyId,
    keyArn: first.keyArn,
    aliasName,
    requests,
    createKey,
    setFailure(mode) {
      failure = mode;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
