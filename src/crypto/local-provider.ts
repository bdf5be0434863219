/**
 * The local master key provider: AES-256-GCM key wrapping with master keys kept in a file or an
 * environment variable. The default for a single machine; use Vault Transit or AWS KMS when the master key
 * must never be on the gateway's disk.
 *
 * Key file (JSON, created on first use with mode 0600 in a 0700 directory, refused when group or others
 * can read it, as ssh refuses a private key):
 *
 *   {"format":"veilgate-master-keys/1","keys":[{"version":1,"key":"<base64 32 bytes>","createdAt":"..."}]}
 *
 * Rotation appends a version and replaces the file atomically (write a temporary 0600 file, fsync, rename).
 * Environment variable `VEILGATE_MASTER_KEY`: `<base64>` (version 1) or `1:<base64>,2:<base64>`; it cannot
 * be rotated from here (add a version to the variable instead).
 *
 * Wrapped key: `local:v<version>:<base64url(nonce ‖ ciphertext ‖ tag)>`; the associated data is the
 * format label, the version and the wrap context, so a wrapped key moved to another tenant's row, or
 * relabelled with another version, fails to unwrap.
 */
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCM, type DecipherGCM } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { VeilgateError } from '../errors.js';
import {
  encodeWrapContext,
  type MasterKeyProvider,
  type MasterKeyVersionInfo,
  type WrapContext,
} from './master-key.js';

const FORMAT = 'veilgate-master-keys/1';
const AAD_LABEL = 'veilgate/local-wrap/v1';
const WRAPPED = /^local:v([1-9][0-9]{0,8}):([A-Za-z0-9_-]+)$/;

interface MasterKeyVersion {
  readonly version: number;
  readonly key: Buffer;
  readonly createdAt?: string;
}

const unwrapError = (): VeilgateError =>
  new VeilgateError('VG_KEY_UNWRAP', 'the data key could not be unwrapped');

function keyFileError(file: string, why: string): VeilgateError {
  return new VeilgateError('VG_KEY_FILE', `${file}: ${why}`);
}

function decodeKey(b64: string, where: string): Buffer {
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(b64.trim())
    ? Buffer.from(b64.trim(), 'base64')
    : Buffer.alloc(0);
  if (key.length !== 32)
    throw new VeilgateError('VG_KEY_FILE', `${where}: a master key must be 32 bytes in base64`);
  return key;
}

function parseKeyFile(file: string, text: string): MasterKeyVersion[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw keyFileError(file, 'not a Veilgate master key file (invalid JSON)');
  }
  const d = doc as { format?: unknown; keys?: unknown };
  if (
    d === null ||
    typeof d !== 'object' ||
    d.format !== FORMAT ||
    !Array.isArray(d.keys) ||
    d.keys.length === 0
  ) {
    throw keyFileError(file, `not a Veilgate master key file (expected format ${FORMAT} with keys)`);
  }
  const out: MasterKeyVersion[] = [];
  for (const [i, k] of (d.keys as unknown[]).entries()) {
    const entry = k as { version?: unknown; key?: unknown; createdAt?: unknown };
    if (
      entry === null ||
      typeof entry !== 'object' ||
      !Number.isSafeInteger(entry.version) ||
      (entry.version as number) < 1 ||
      typeof entry.key !== 'string'
    ) {
      throw keyFileError(file, `keys[${i}] needs a positive integer version and a base64 key`);
    }
    if (out.some((o) => o.version === entry.version))
      throw keyFileError(file, `keys[${i}]: duplicate version`);
    out.push({
      version: entry.version as number,
      key: decodeKey(entry.key, `${file}: keys[${i}]`),
      ...(typeof entry.createdAt === 'string' ? { createdAt: entry.createdAt } : {}),
    });
  }
  return out.sort((a, b) => a.version - b.version);
}

/** Parse `VEILGATE_MASTER_KEY`: `<base64>` or `1:<base64>,2:<base64>`. */
export function parseMasterKeyVariable(value: string, name = 'VEILGATE_MASTER_KEY'): MasterKeyVersion[] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length === 1 && !parts[0]?.includes(':'))
    return [{ version: 1, key: decodeKey(parts[0] ?? '', name) }];
  const out: MasterKeyVersion[] = [];
  for (const part of parts) {
    const m = /^([1-9][0-9]{0,8}):(.+)$/.exec(part);
    if (m === null)
      throw new VeilgateError('VG_KEY_FILE', `${name}: expected <base64> or <version>:<base64>,...`);
    const version = Number(m[1]);
    if (out.some((o) => o.version === version))
      throw new VeilgateError('VG_KEY_FILE', `${name}: duplicate version ${version}`);
    out.push({ version, key: decodeKey(m[2] as string, name) });
  }
  return out.sort((a, b) => a.version - b.version);
}

function writeKeyFileAtomically(
  file: string,
  versions: readonly MasterKeyVersion[],
  exclusive: boolean,
): void {
  const body = JSON.stringify(
    {
      format: FORMAT,
      keys: versions.map((v) => ({
        version: v.version,
        key: v.key.toString('base64'),
        createdAt: v.createdAt,
      })),
    },
    null,
    2,
  );
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, `${body}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Publish only a complete file. link() fails with EEXIST instead of replacing, so when two processes
    // start at once exactly one creates the key file and the other reads a whole one, never a half-written
    // one (as it could when the target itself was opened with 'wx' and then written).
    if (exclusive) linkSync(tmp, file);
    else renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** `readKeyFile` with file-system errors as VG_KEY_FILE. */
function readKeyFileChecked(file: string): MasterKeyVersion[] {
  try {
    return readKeyFile(file);
  } catch (err) {
    if (err instanceof VeilgateError) throw err;
    throw keyFileError(file, `could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

const LOCK_WAIT_MS = 10_000;
const STALE_LOCK_MS = 30_000;

/**
 * Run `fn` holding an exclusive lock file (created with O_EXCL). A lock older than 30 s is taken to be
 * left by a crashed process and removed.
 */
async function withFileLock<T>(lock: string, fn: () => T): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw keyFileError(lock, `cannot create lock (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
      } catch {
        // Released in the meantime: try again.
      }
      if (Date.now() > deadline) throw keyFileError(lock, 'another process holds the key file lock');
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 20));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function readKeyFile(file: string): MasterKeyVersion[] {
  const st = statSync(file);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw keyFileError(
      file,
      `permissions ${(st.mode & 0o777).toString(8).padStart(4, '0')} are too open; run chmod 600 on it`,
    );
  }
  return parseKeyFile(file, readFileSync(file, 'utf8'));
}

export type LocalProviderOptions =
  | { readonly file: string; readonly create?: boolean }
  | { readonly variable: string; readonly name?: string };

/**
 * A local provider from a key file (created with one fresh key when missing and `create` is not false) or
 * from the value of an environment variable.
 */
export function createLocalProvider(options: LocalProviderOptions): MasterKeyProvider {
  let versions: MasterKeyVersion[];
  const file = 'file' in options ? path.resolve(options.file) : undefined;
  if (file !== undefined) {
    let exists = true;
    try {
      statSync(file);
    } catch {
      exists = false;
    }
    if (!exists) {
      if ('create' in options && options.create === false)
        throw keyFileError(file, 'no such master key file');
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      try {
        writeKeyFileAtomically(
          file,
          [{ version: 1, key: randomBytes(32), createdAt: new Date().toISOString() }],
          true,
        );
      } catch (err) {
        // Another process created it first: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
          throw keyFileError(file, 'could not be created');
      }
    }
    try {
      versions = readKeyFile(file);
    } catch (err) {
      if (err instanceof VeilgateError) throw err;
      throw keyFileError(file, 'could not be read');
    }
  } else {
    const o = options as { variable: string; name?: string };
    versions = parseMasterKeyVariable(o.variable, o.name);
  }

  const newest = (): MasterKeyVersion => versions[versions.length - 1] as MasterKeyVersion;
  const aad = (version: number, context: WrapContext): Buffer =>
    Buffer.concat([Buffer.from(`${AAD_LABEL}\nv${version}\n`), encodeWrapContext(context)]);

  return {
    name: 'local',

    async wrap(dataKey, context) {
      const v = newest();
      const nonce = randomBytes(12);
      const cipher: CipherGCM = createCipheriv('aes-256-gcm', v.key, nonce);
      cipher.setAAD(aad(v.version, context));
      const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return `local:v${v.version}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')}`;
    },

    async unwrap(wrapped, context) {
      const m = WRAPPED.exec(wrapped);
      if (m === null) throw unwrapError();
      const version = Number(m[1]);
      const v = versions.find((k) => k.version === version);
      const payload = Buffer.from(m[2] as string, 'base64url');
      // Canonical base64url only: the decoder drops a dangling last character, so `<payload>A` would
      // otherwise unwrap too, and one wrapped key would have many spellings.
      if (v === undefined || payload.length < 12 + 16 + 1 || payload.toString('base64url') !== m[2])
        throw unwrapError();
      try {
        const decipher: DecipherGCM = createDecipheriv('aes-256-gcm', v.key, payload.subarray(0, 12));
        decipher.setAAD(aad(version, context));
        decipher.setAuthTag(payload.subarray(payload.length - 16));
        return new Uint8Array(
          Buffer.concat([decipher.update(payload.subarray(12, payload.length - 16)), decipher.final()]),
        );
      } catch {
        throw unwrapError();
      }
    },

    versionOf(wrapped) {
      const m = WRAPPED.exec(wrapped);
      if (m === null) throw unwrapError();
      return m[1] as string;
    },

    async rotate() {
      if (file === undefined) {
        throw new VeilgateError(
          'VG_KEY_ROTATE',
          'a master key from an environment variable cannot be rotated here; add a version to the variable',
        );
      }
      // Under a lock, and re-reading first: two processes rotating at once must not both write version
      // N+1, or the data wrapped under the losing key could never be unwrapped.
      const next = await withFileLock(`${file}.lock`, () => {
        const current = readKeyFile(file);
        const added: MasterKeyVersion = {
          version: (current[current.length - 1]?.version ?? 0) + 1,
          key: randomBytes(32),
          createdAt: new Date().toISOString(),
        };
        try {
          writeKeyFileAtomically(file, [...current, added], false);
        } catch (err) {
          throw keyFileError(
            file,
            `could not be rewritten (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
          );
        }
        versions = [...current, added];
        return added;
      });
      return String(next.version);
    },

    async versions() {
      if (file !== undefined) versions = readKeyFileChecked(file);
      const top = newest().version;
      return versions.map((v): MasterKeyVersionInfo => ({
        version: String(v.version),
        current: v.version === top,
        ...(v.createdAt !== undefined ? { createdAt: v.createdAt } : {}),
      }));
    },
  };
}
