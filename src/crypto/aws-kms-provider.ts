/**
 * The AWS KMS master key provider: the master key is a symmetric KMS key that never leaves KMS; each data
 * key is sent to `Encrypt` and comes back as an opaque ciphertext blob.
 *
 * API (https://docs.aws.amazon.com/kms/latest/APIReference/):
 *   wrap      Encrypt   {KeyId, Plaintext, EncryptionContext}
 *   unwrap    Decrypt   {CiphertextBlob, EncryptionContext, KeyId}
 *   rewrap    ReEncrypt {CiphertextBlob, SourceKeyId, SourceEncryptionContext, DestinationKeyId,
 *                        DestinationEncryptionContext}: the data key never leaves KMS
 *   rotate    RotateKeyOnDemand {KeyId} (symmetric keys with KMS-generated material; 10 per key)
 *   versions  DescribeKey (CreationDate of the first key material) + ListKeyRotations (completed rotations)
 *
 * The wrap context is the KMS encryption context, which KMS binds to the ciphertext as additional
 * authenticated data: Decrypt with another context fails with InvalidCiphertextException.
 *
 * Versions: KMS names key material by opaque ids, not numbers, and its ciphertexts do not show which
 * material encrypted them (KMS picks the right one on Decrypt), so `versionOf` is undefined. `versions()`
 * numbers the key materials in date order: "1" is the original, each completed rotation adds one.
 *
 * Wrapped key: `aws-kms:` + base64url(CiphertextBlob).
 */
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  KMSClient,
  ListKeyRotationsCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  type RotationsListEntry,
} from '@aws-sdk/client-kms';
import { VeilgateError } from '../errors.js';
import type { MasterKeyProvider, MasterKeyVersionInfo, WrapContext } from './master-key.js';

export interface AwsKmsProviderOptions {
  /** Key id, key ARN, alias name (`alias/...`) or alias ARN of a symmetric encryption KMS key. */
  readonly keyId: string;
  readonly region: string;
  /** Another endpoint than the region's, e.g. a VPC endpoint or a local test server. */
  readonly endpoint?: string;
  /** Static credentials; the SDK's default chain (environment, profile, instance role) when absent. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** Per-attempt timeout; 10 000 ms by default. */
  readonly timeoutMs?: number;
}

const PREFIX = 'aws-kms:';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** CiphertextBlob is 1 to 6144 bytes (Decrypt request syntax). */
const MAX_BLOB = 6144;
/** Error codes that mean "this ciphertext does not open with this key and context", not "KMS is unwell". */
const UNWRAP_ERRORS = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

type Operation = 'encrypt' | 'decrypt' | 're-encrypt' | 'rotate' | 'describe key' | 'list key rotations';

const unwrapError = (): VeilgateError =>
  new VeilgateError('VG_KEY_UNWRAP', 'the data key could not be unwrapped');

function optionError(what: string): VeilgateError {
  return new VeilgateError('VG_KEY_PROVIDER', `aws kms: ${what}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Maps an SDK error to a VeilgateError naming the operation and the error code and HTTP status only: KMS
 * messages can quote request fields (a key ARN, an IAM principal), which have no place in a log line.
 */
function kmsError(op: Operation, err: unknown, where: string): VeilgateError {
  if (err instanceof VeilgateError) return err;
  const meta = isRecord(err) && isRecord(err.$metadata) ? err.$metadata : undefined;
  const status = meta?.httpStatusCode;
  const rawName = isRecord(err) && typeof err.name === 'string' ? err.name : '';
  // The code comes from the response (`__type` / `x-amzn-ErrorType`): keep it only if it looks like one.
  const name = /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(rawName) ? rawName : 'UnknownError';
  if ((op === 'decrypt' || op === 're-encrypt') && UNWRAP_ERRORS.has(name)) return unwrapError();
  // No cause: the SDK error carries the service's message and the raw response.
  if (typeof status === 'number')
    return new VeilgateError('VG_KEY_PROVIDER', `aws kms ${op}: ${name} (HTTP ${status})`);
  // No HTTP status: the request never got an answer (refused, reset, timed out, no credentials); the
  // cause is a local network or credential-chain error, kept for debugging.
  if (name === 'CredentialsProviderError')
    return new VeilgateError('VG_KEY_PROVIDER', `aws kms ${op}: no AWS credentials found`, { cause: err });
  return new VeilgateError('VG_KEY_PROVIDER', `aws kms ${op}: could not reach ${where}`, { cause: err });
}

/** Our wrapped key → CiphertextBlob; VG_KEY_UNWRAP when it is not one of ours. */
function blobOf(wrapped: string): Uint8Array {
  if (typeof wrapped !== 'string' || !wrapped.startsWith(PREFIX)) throw unwrapError();
  const payload = wrapped.slice(PREFIX.length);
  if (!BASE64URL.test(payload)) throw unwrapError();
  const blob = Buffer.from(payload, 'base64url');
  // Re-encoding must give the same text: a payload whose unused trailing bits differ is not ours.
  if (blob.length === 0 || blob.length > MAX_BLOB || blob.toString('base64url') !== payload)
    throw unwrapError();
  return new Uint8Array(blob);
}

const wrappedOf = (blob: Uint8Array): string => `${PREFIX}${Buffer.from(blob).toString('base64url')}`;

/** KMS expects a plain string map; an empty context is sent as no context (the same to KMS). */
function encryptionContext(context: WrapContext): Record<string, string> | undefined {
  const entries = Object.entries(context);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * The SDK prints a multi-line notice on Node 20 (its releases after January 2027 need Node 22). A CLI
 * prints one-line messages only, and docs/protection.md carries the notice; an explicit setting wins.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export function createAwsKmsProvider(options: AwsKmsProviderOptions): MasterKeyProvider {
  if (typeof options.keyId !== 'string' || options.keyId.trim() === '' || options.keyId.length > 2048)
    throw optionError('keyId is required (key id, key ARN or alias)');
  if (typeof options.region !== 'string' || !/^[a-z]{2}(?:-[a-z0-9]+){1,4}$/.test(options.region))
    throw optionError('region must look like us-east-1');
  let where = `the ${options.region} endpoint`;
  if (options.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw optionError('endpoint must be an http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw optionError('endpoint must be an http(s) URL');
    if (url.username !== '' || url.password !== '')
      throw optionError('endpoint must not contain credentials');
    where = url.origin;
  }
  const credentials = options.credentials;
  if (
    credentials !== undefined &&
    (typeof credentials.accessKeyId !== 'string' ||
      credentials.accessKeyId === '' ||
      typeof credentials.secretAccessKey !== 'string' ||
      credentials.secretAccessKey === '')
  ) {
    throw optionError('credentials need an accessKeyId and a secretAccessKey');
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
    throw optionError('timeoutMs must be a positive integer');

  const keyId = options.keyId.trim();
  const client = new KMSClient({
    region: options.region,
    // Three attempts: the SDK retries throttling, 5xx and connection errors with backoff.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(credentials !== undefined
      ? {
          credentials: {
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            ...(credentials.sessionToken !== undefined ? { sessionToken: credentials.sessionToken } : {}),
          },
        }
      : {}),
  });

  async function send<T>(op: Operation, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw kmsError(op, err, where);
    }
  }

  const unexpected = (op: Operation): VeilgateError =>
    new VeilgateError('VG_KEY_PROVIDER', `aws kms ${op}: unexpected response`);

  /**
   * The key's ARN and creation date. ListKeyRotations and RotateKeyOnDemand take only a key id or key ARN,
   * while `keyId` may be an alias, so those two calls use the ARN DescribeKey resolves it to.
   */
  async function describe(): Promise<{ arn: string; created: Date | undefined }> {
    const out = await send('describe key', () => client.send(new DescribeKeyCommand({ KeyId: keyId })));
    const arn = out.KeyMetadata?.Arn;
    if (typeof arn !== 'string' || arn === '') throw unexpected('describe key');
    const created = out.KeyMetadata?.CreationDate;
    return {
      arn,
      created: created instanceof Date && !Number.isNaN(created.getTime()) ? created : undefined,
    };
  }

  /** Every completed rotation, oldest first (ListKeyRotations pages with Marker / NextMarker). */
  async function listRotations(arn: string): Promise<RotationsListEntry[]> {
    const all: RotationsListEntry[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await send('list key rotations', () =>
        client.send(
          new ListKeyRotationsCommand({
            KeyId: arn,
            Limit: 1000,
            ...(marker !== undefined ? { Marker: marker } : {}),
          }),
        ),
      );
      all.push(...(out.Rotations ?? []));
      if (out.Truncated !== true) break;
      if (out.NextMarker === undefined || out.NextMarker === marker) throw unexpected('list key rotations');
      marker = out.NextMarker;
    }
    // The list order is not documented; RotationDate is "the date and time that the rotation completed".
    // Entries without one (first or pending imported material, only listed with ALL_KEY_MATERIAL) are not
    // completed rotations.
    return all
      .filter((r) => r.RotationDate instanceof Date && !Number.isNaN(r.RotationDate.getTime()))
      .sort((a, b) => (a.RotationDate as Date).getTime() - (b.RotationDate as Date).getTime());
  }

  return {
    name: 'aws-kms',

    async wrap(dataKey, context) {
      const ec = encryptionContext(context);
      const out = await send('encrypt', () =>
        client.send(
          new EncryptCommand({
            KeyId: keyId,
            Plaintext: dataKey,
            ...(ec !== undefined ? { EncryptionContext: ec } : {}),
          }),
        ),
      );
      if (!(out.CiphertextBlob instanceof Uint8Array) || out.CiphertextBlob.length === 0)
        throw unexpected('encrypt');
      return wrappedOf(out.CiphertextBlob);
    },

    async unwrap(wrapped, context) {
      const blob = blobOf(wrapped);
      const ec = encryptionContext(context);
      const out = await send('decrypt', () =>
        client.send(
          // KeyId pins the key: without it KMS would decrypt with whatever key the blob names, which
          // the AWS docs recommend against.
          new DecryptCommand({
            CiphertextBlob: blob,
            KeyId: keyId,
            ...(ec !== undefined ? { EncryptionContext: ec } : {}),
          }),
        ),
      );
      if (!(out.Plaintext instanceof Uint8Array)) throw unexpected('decrypt');
      return new Uint8Array(out.Plaintext);
    },

    versionOf(wrapped) {
      blobOf(wrapped);
      return undefined;
    },

    async rewrap(wrapped, context) {
      const blob = blobOf(wrapped);
      const ec = encryptionContext(context);
      const out = await send('re-encrypt', () =>
        client.send(
          new ReEncryptCommand({
            CiphertextBlob: blob,
            SourceKeyId: keyId,
            DestinationKeyId: keyId,
            ...(ec !== undefined ? { SourceEncryptionContext: ec, DestinationEncryptionContext: ec } : {}),
          }),
        ),
      );
      if (!(out.CiphertextBlob instanceof Uint8Array) || out.CiphertextBlob.length === 0)
        throw unexpected('re-encrypt');
      return wrappedOf(out.CiphertextBlob);
    },

    async rotate() {
      const { arn } = await describe();
      const before = (await listRotations(arn)).length;
      await send('rotate', () => client.send(new RotateKeyOnDemandCommand({ KeyId: arn })));
      // KMS rotates asynchronously and lists a rotation once it has completed, so the label is computed,
      // not read back: the original material is "1" and this is rotation number before + 1.
      return String(before + 2);
    },

    async versions() {
      const { arn, created } = await describe();
      const dates = [created, ...(await listRotations(arn)).map((r) => r.RotationDate)];
      return dates.map((date, i): MasterKeyVersionInfo => ({
        version: String(i + 1),
        current: i === dates.length - 1,
        ...(date !== undefined ? { createdAt: date.toISOString() } : {}),
      }));
    },
  };
}
