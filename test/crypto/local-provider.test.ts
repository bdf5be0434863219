import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalProvider, parseMasterKeyVariable } from '../../src/crypto/local-provider.js';
import { isVeilgateError } from '../../src/errors.js';
import { runProviderConformance } from './provider-conformance.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'veilgate-local-provider-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The code of the VeilgateError `fn` throws (or rejects with). */
async function errorCode(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    return isVeilgateError(err) ? err.code : `not a VeilgateError: ${String(err)}`;
  }
  return 'no error';
}
async function errorMessage(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return 'no error';
}

function masterKeysIn(file: string): string[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { keys: { key: string }[] };
  return doc.keys.map((k) => k.key);
}

runProviderConformance(
  'local (key file)',
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veilgate-local-conformance-'));
    const file = path.join(dir, 'keys', 'master.json');
    const provider = createLocalProvider({ file });
    return {
      provider,
      // The master keys must not leak either; rotation adds one the suite cannot know in advance.
      secrets: masterKeysIn(file),
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { numRuns: 100, nativeRewrap: false },
);

const envKeys = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
runProviderConformance(
  'local (environment variable)',
  async () => ({
    provider: createLocalProvider({ variable: `1:${envKeys[0]},2:${envKeys[1]}` }),
    secrets: envKeys,
    close: async () => undefined,
  }),
  { numRuns: 100, canRotate: false, nativeRewrap: false },
);

describe('local provider: key file', () => {
  it('creates the key file with mode 0600 in directories with mode 0700', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a', 'b', 'master.json');
    createLocalProvider({ file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'a')).mode & 0o777).toBe(0o700);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      keys: { version: number; key: string }[];
    };
    expect(doc.format).toBe('veilgate-master-keys/1');
    expect(doc.keys).toHaveLength(1);
    expect(doc.keys[0]?.version).toBe(1);
    expect(Buffer.from(doc.keys[0]?.key ?? '', 'base64')).toHaveLength(32);
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a key file that others can read, naming chmod',
    async () => {
      const file = path.join(tempDir(), 'master.json');
      createLocalProvider({ file });
      chmodSync(file, 0o644);
      expect(await errorCode(() => createLocalProvider({ file }))).toBe('VG_KEY_FILE');
      const message = await errorMessage(() => createLocalProvider({ file }));
      expect(message).toContain('chmod 600');
      expect(message).toContain('0644');
      for (const key of masterKeysIn(file)) expect(message).not.toContain(key);
    },
  );

  it('refuses malformed key files', async () => {
    const key = randomBytes(32).toString('base64');
    const bad: Record<string, string> = {
      'invalid JSON': '{"format":',
      'not an object': '[]',
      'wrong format': JSON.stringify({ format: 'other/1', keys: [{ version: 1, key }] }),
      'no keys': JSON.stringify({ format: 'veilgate-master-keys/1', keys: [] }),
      'short key': JSON.stringify({
        format: 'veilgate-master-keys/1',
        keys: [{ version: 1, key: randomBytes(16).toString('base64') }],
      }),
      'key not base64': JSON.stringify({
        format: 'veilgate-master-keys/1',
        keys: [{ version: 1, key: '!!!' }],
      }),
      'version 0': JSON.stringify({ format: 'veilgate-master-keys/1', keys: [{ version: 0, key }] }),
      'version not an integer': JSON.stringify({
        format: 'veilgate-master-keys/1',
        keys: [{ version: '1', key }],
      }),
      'duplicate version': JSON.stringify({
        format: 'veilgate-master-keys/1',
        keys: [
          { version: 1, key },
          { version: 1, key },
        ],
      }),
    };
    for (const [why, text] of Object.entries(bad)) {
      const file = path.join(tempDir(), 'master.json');
      writeFileSync(file, text, { mode: 0o600 });
      expect(await errorCode(() => createLocalProvider({ file })), why).toBe('VG_KEY_FILE');
      const message = await errorMessage(() => createLocalProvider({ file }));
      expect(message, why).toContain(file);
      expect(message, why).not.toContain(key);
    }
  });

  it('refuses a missing file when create is false', async () => {
    const file = path.join(tempDir(), 'missing.json');
    expect(await errorCode(() => createLocalProvider({ file, create: false }))).toBe('VG_KEY_FILE');
  });

  it('binds the version label: a wrapped key relabelled with another version does not unwrap', async () => {
    const file = path.join(tempDir(), 'master.json');
    const provider = createLocalProvider({ file });
    const wrapped = await provider.wrap(randomBytes(32), { t: '1' });
    await provider.rotate();
    expect(
      await errorCode(() => provider.unwrap(wrapped.replace(/^local:v1:/, 'local:v2:'), { t: '1' })),
    ).toBe('VG_KEY_UNWRAP');
  });

  it('sees a rotation made by another instance once re-created (or after listing versions)', async () => {
    const file = path.join(tempDir(), 'master.json');
    const a = createLocalProvider({ file });
    const b = createLocalProvider({ file });
    expect(await a.rotate()).toBe('2');
    const key = randomBytes(32);
    const wrapped = await a.wrap(key, { t: '1' });
    expect(a.versionOf(wrapped)).toBe('2');

    // b loaded version 1 only; a new instance reads the rotated file.
    const c = createLocalProvider({ file });
    expect(Buffer.from(await c.unwrap(wrapped, { t: '1' })).equals(key)).toBe(true);
    expect((await c.versions()).map((v) => v.version)).toEqual(['1', '2']);
    expect(c.versionOf(await c.wrap(key, { t: '1' }))).toBe('2');

    // versions() re-reads the file, so b catches up too.
    expect((await b.versions()).map((v) => [v.version, v.current])).toEqual([
      ['1', false],
      ['2', true],
    ]);
    expect(Buffer.from(await b.unwrap(wrapped, { t: '1' })).equals(key)).toBe(true);

    // Rotating from b re-reads first: version 3, version 2 kept.
    expect(await b.rotate()).toBe('3');
    expect(masterKeysIn(file)).toHaveLength(3);
  });

  it('two instances created on the same new path share one key', async () => {
    const file = path.join(tempDir(), 'keys', 'master.json');
    const a = createLocalProvider({ file });
    const b = createLocalProvider({ file });
    const key = randomBytes(32);
    expect(Buffer.from(await b.unwrap(await a.wrap(key, { t: '1' }), { t: '1' })).equals(key)).toBe(true);
    expect(masterKeysIn(file)).toHaveLength(1);
  });

  it('concurrent rotations never lose a version (the key file is locked)', async () => {
    const file = path.join(tempDir(), 'master.json');
    const instances = Array.from({ length: 6 }, () => createLocalProvider({ file }));
    const labels = await Promise.all(instances.map((p) => p.rotate()));
    expect([...labels].sort()).toEqual(['2', '3', '4', '5', '6', '7']);
    expect(masterKeysIn(file)).toHaveLength(7);
  });

  it('processes starting at once on a new path all use the same key', async () => {
    // Separate processes, released at the same instant, race to create the file: exactly one must
    // create it and every other one must read a complete file (never a half-written one).
    const file = path.join(tempDir(), 'keys', 'master.json');
    const moduleUrl = new URL('../../src/crypto/local-provider.ts', import.meta.url).href;
    const child = [
      'const [moduleUrl, file, startAt] = process.argv.slice(1);',
      'const { createLocalProvider } = await import(moduleUrl);',
      'while (Date.now() < Number(startAt)) {}',
      'const provider = createLocalProvider({ file });',
      "process.stdout.write(await provider.wrap(new Uint8Array(32).fill(7), { t: 'race' }));",
    ].join('\n');
    const startAt = Date.now() + 1500;
    const results = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
            const proc = spawn(
              process.execPath,
              ['--import', 'tsx', '--input-type=module', '-e', child, moduleUrl, file, String(startAt)],
              { cwd: fileURLToPath(new URL('../..', import.meta.url)) },
            );
            let out = '';
            let err = '';
            proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
            proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
            proc.on('close', (code) => resolve({ code, out, err }));
          }),
      ),
    );
    for (const r of results) expect(r, r.err).toMatchObject({ code: 0 });
    expect(masterKeysIn(file)).toHaveLength(1);
    const provider = createLocalProvider({ file });
    for (const r of results) {
      expect(Buffer.from(await provider.unwrap(r.out, { t: 'race' })).equals(Buffer.alloc(32, 7))).toBe(true);
    }
  });
});

describe('local provider: environment variable', () => {
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64');

  it('parseMasterKeyVariable accepts <base64> as version 1', () => {
    const versions = parseMasterKeyVariable(k1);
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(versions[0]?.key.equals(Buffer.from(k1, 'base64'))).toBe(true);
    // Surrounding whitespace (a trailing newline from a secret file) is tolerated.
    expect(parseMasterKeyVariable(` ${k1}\n`).map((v) => v.version)).toEqual([1]);
  });

  it('parseMasterKeyVariable accepts 1:<base64>,2:<base64> in any order', () => {
    expect(parseMasterKeyVariable(`1:${k1},2:${k2}`).map((v) => v.version)).toEqual([1, 2]);
    const reordered = parseMasterKeyVariable(`2:${k2}, 1:${k1}`);
    expect(reordered.map((v) => v.version)).toEqual([1, 2]);
    expect(reordered[1]?.key.equals(Buffer.from(k2, 'base64'))).toBe(true);
  });

  it('parseMasterKeyVariable refuses duplicates and bad forms without echoing keys', async () => {
    const bad = [
      '',
      `1:${k1},1:${k2}`,
      `1:${k1},`,
      `0:${k1}`,
      `x:${k1}`,
      '1:',
      randomBytes(16).toString('base64'),
      `1:${randomBytes(31).toString('base64')}`,
      'not base64 at all!',
      `${k1},${k2}`,
    ];
    for (const value of bad) {
      expect(await errorCode(() => parseMasterKeyVariable(value)), value).toBe('VG_KEY_FILE');
      const message = await errorMessage(() => parseMasterKeyVariable(value));
      expect(message).toContain('VEILGATE_MASTER_KEY');
      expect(message).not.toContain(k1);
      expect(message).not.toContain(k2);
    }
    expect(await errorMessage(() => parseMasterKeyVariable(`1:${k1},1:${k2}`))).toContain(
      'duplicate version 1',
    );
  });

  it('wraps with the newest version and unwraps older ones', async () => {
    const old = createLocalProvider({ variable: k1 });
    const key = randomBytes(32);
    const wrappedV1 = await old.wrap(key, { t: '1' });
    expect(old.versionOf(wrappedV1)).toBe('1');
    const both = createLocalProvider({ variable: `1:${k1},2:${k2}` });
    expect(both.versionOf(await both.wrap(key, { t: '1' }))).toBe('2');
    expect(Buffer.from(await both.unwrap(wrappedV1, { t: '1' })).equals(key)).toBe(true);
  });

  it('cannot rotate (VG_KEY_ROTATE)', async () => {
    const provider = createLocalProvider({ variable: k1, name: 'MY_KEY' });
    expect(await errorCode(() => provider.rotate())).toBe('VG_KEY_ROTATE');
  });
});

it('encodes wrap contexts unambiguously: a value cannot forge another key', async () => {
  const { encodeWrapContext } = await import('../../src/crypto/master-key.js');
  expect(encodeWrapContext({ purpose: 'p', tenant: 't' })).not.toEqual(
    encodeWrapContext({ purpose: 'p\ntenant=t' }),
  );
  expect(encodeWrapContext({ a: '1', b: '2' })).toEqual(encodeWrapContext({ b: '2', a: '1' }));
});
