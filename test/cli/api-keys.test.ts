/**
 * `veilgate keys create | list | revoke` as an operator runs them: the built binary, in a fresh directory
 * with the default SQLite database, and once against the real PostgreSQL server. A key the CLI creates must
 * verify through the gateway's verifier; the database must hold its hash, never the key.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyVerifier } from '../../src/gateway/access/verify-api-key.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { POSTGRES_URL } from '../store/databases.js';
import { runCli } from './run-cli.js';

const KEY = /^vg_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/;

interface Listed {
  id: string;
  prefix: string;
  name: string | null;
  tenant: string;
  profile: string;
  models: string[] | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

describe('veilgate keys on SQLite (the default database)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-cli-apikeys-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (args: string[]) => runCli(args, { cwd: dir });
  const list = async (extra: string[] = []) => {
    const r = await cli(['keys', 'list', '--format', 'json', ...extra]);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Listed[];
  };

  it('warns when the key names a profile that is not defined, and not when it is', async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), 'veilgate-cli-apikeys-profile-'));
    const cliHere = (args: string[]) => runCli(args, { cwd: own });
    const unknown = await cliHere(['keys', 'create', '--tenant', 'acme', '--profile', 'nonesuch']);
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toMatch(/warning: no profile 'nonesuch' is defined .*refuses this key's requests/);
    const known = await cliHere(['keys', 'create', '--tenant', 'acme', '--profile', 'default']);
    expect(known.code).toBe(0);
    expect(known.stderr).not.toMatch(/warning/);
    rmSync(own, { recursive: true, force: true });
  });

  it('create prints the key once on stdout, stores only its hash, and needs no master key', async () => {
    const r = await cli([
      'keys',
      'create',
      '--tenant',
      'acme',
      '--profile',
      'strict',
      '--models',
      'gpt-4o,claude-*',
      '--expires',
      '30d',
      '--name',
      'billing service',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${KEY.source.slice(1, -1)}\\n$`));
    const key = r.stdout.trim();
    const id = key.slice(3, 15);
    expect(r.stderr).toMatch(
      new RegExp(
        `^veilgate: created API key vg_${id} for tenant acme, profile strict, expiring \\d{4}-.*cannot be shown again\\nveilgate: warning: no profile .strict. is defined[^\\n]*\\n$`,
      ),
    );
    expect(r.stderr).not.toContain(key.slice(16));
    expect(existsSync(path.join(dir, '.veilgate', 'master.key'))).toBe(false);

    const db = new Database(path.join(dir, '.veilgate', 'veilgate.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM vg_api_keys').all() as Record<string, unknown>[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id,
      prefix: `vg_${id}`,
      tenant: 'acme',
      models: '["gpt-4o","claude-*"]',
    });
    expect(rows[0]?.['hash']).toEqual(createHash('sha256').update(key).digest());
    expect(JSON.stringify(rows)).not.toContain(key.slice(16));

    // The gateway's verifier accepts what the CLI created.
    const store = openSqliteStore(path.join(dir, '.veilgate', 'veilgate.db'));
    try {
      const verifier = createApiKeyVerifier(store.apiKeys);
      expect(await verifier.verify(key)).toEqual({
        keyId: id,
        tenant: 'acme',
        profile: 'strict',
        models: ['gpt-4o', 'claude-*'],
      });
    } finally {
      await store.close();
    }
  });

  it('create --format json gives id, key, prefix, tenant, profile, models and expiry', async () => {
    const r = await cli(['keys', 'create', '--tenant', 'json-t', '--profile', 'p', '--format', 'json']);
    expect(r.code).toBe(0);
    const created = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(created).sort()).toEqual([
      'expiresAt',
      'id',
      'key',
      'models',
      'prefix',
      'profile',
      'tenant',
    ]);
    expect(created).toMatchObject({ tenant: 'json-t', profile: 'p', models: null, expiresAt: null });
    expect(created['key']).toMatch(KEY);
    expect(created['prefix']).toBe(`vg_${created['id'] as string}`);
    expect(r.stderr).toContain('cannot be shown again');
  });

  it('list shows keys without their secret; revoke marks one revoked; an expired key shows as expired', async () => {
    const created = await cli([
      'keys',
      'create',
      '--tenant',
      'life',
      '--profile',
      'p',
      '--name',
      'to revoke',
    ]);
    const key = created.stdout.trim();
    const id = key.slice(3, 15);
    const short = await cli(['keys', 'create', '--tenant', 'life', '--profile', 'p', '--expires', '1s']);
    expect(short.code).toBe(0);

    const human = await cli(['keys', 'list', '--tenant', 'life']);
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n')[0]).toMatch(
      /^ID\s+PREFIX\s+NAME\s+TENANT\s+PROFILE\s+MODELS\s+CREATED\s+EXPIRES\s+STATE$/,
    );
    expect(human.stdout).toMatch(
      new RegExp(`^${id}  vg_${id}  to revoke\\s+life\\s+p\\s+\\*\\s+\\S+\\s+never\\s+active$`, 'm'),
    );
    for (const out of [human.stdout, JSON.stringify(await list())]) {
      expect(out).not.toContain(key.slice(16));
      expect(out).not.toContain(short.stdout.trim().slice(16));
      expect(out).not.toMatch(/hash/i);
    }
    const before = await list(['--tenant', 'life']);
    expect(before.map((k) => k.id)).toContain(id);
    expect(before.find((k) => k.id === id)).toMatchObject({
      name: 'to revoke',
      state: 'active',
      revokedAt: null,
    });
    expect((await list(['--tenant', 'nobody'])).length).toBe(0);

    const revoked = await cli(['keys', 'revoke', id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(
      `revoked API key vg_${id}; running gateways refuse it within their key cache time (5 s by default)\n`,
    );
    const again = await cli(['keys', 'revoke', `vg_${id}`, '--format', 'json']);
    expect(again.code).toBe(0);
    const first = (await list(['--tenant', 'life'])).find((k) => k.id === id);
    expect(first?.state).toBe('revoked');
    expect(JSON.parse(again.stdout)).toEqual({ id, prefix: `vg_${id}`, revokedAt: first?.revokedAt });

    await new Promise((r) => setTimeout(r, 1100));
    const shortId = short.stdout.trim().slice(3, 15);
    expect((await list(['--tenant', 'life'])).find((k) => k.id === shortId)?.state).toBe('expired');
  });

  it('refuses bad arguments with exit 2 and one line, creating nothing', async () => {
    const count = async () => (await list()).length;
    const n = await count();
    const cases: [string[], RegExp][] = [
      [
        ['keys', 'create', '--tenant', 't', '--profile', 'p', '--expires', '30'],
        /^veilgate: --expires: expected a duration/,
      ],
      [['keys', 'create', '--tenant', 't', '--profile', 'p', '--expires', '0d'], /^veilgate: --expires:/],
      [['keys', 'create', '--tenant', 't', '--profile', 'p', '--expires', 'soon'], /^veilgate: --expires:/],
      [['keys', 'create', '--profile', 'p'], /^veilgate: --tenant is required\n$/],
      [['keys', 'create', '--tenant', 't'], /^veilgate: --profile is required\n$/],
      [
        ['keys', 'create', '--tenant', 'acme corp', '--profile', 'p'],
        /^veilgate: --tenant: expected 1-64 characters/,
      ],
      [['keys', 'create', '--tenant', 't', '--profile', 'x'.repeat(65)], /^veilgate: --profile: expected/],
      [
        ['keys', 'create', '--tenant', 't', '--profile', 'p', '--models', 'gpt-4o,,x'],
        /^veilgate: --models:/,
      ],
      [['keys', 'create', '--tenant', 't', '--profile', 'p', '--name', 'a\nb'], /^veilgate: --name:/],
      [['keys', 'revoke', 'not-an-id'], /^veilgate: ID: expected a key id/],
      [['keys', 'revoke', 'AAAAAAAAAAAA'], /^veilgate: no API key has the id AAAAAAAAAAAA\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(await count()).toBe(n);
  });
});

describe('veilgate keys on PostgreSQL (--db)', () => {
  const schema = `vg_cli_apikeys_${process.pid}`;
  const url = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  let admin: pg.Client;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-cli-apikeys-pg-'));
    admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect().catch((err: unknown) => {
      throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}: start it (service postgresql start)`, {
        cause: err,
      });
    });
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  });
  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (args: string[]) => runCli([...args, '--db', url], { cwd: dir });

  it('creates, lists and revokes keys in the configured database', async () => {
    const created = await cli([
      'keys',
      'create',
      '--tenant',
      'pg',
      '--profile',
      'default',
      '--models',
      'gpt-4o',
    ]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(KEY);
    const id = key.slice(3, 15);
    const rows = await admin.query<{ id: string; hash: Buffer; models: string }>(
      `SELECT id, hash, models FROM ${schema}.vg_api_keys`,
    );
    expect(rows.rows).toEqual([
      { id, hash: createHash('sha256').update(key).digest(), models: '["gpt-4o"]' },
    ]);
    expect(existsSync(path.join(dir, '.veilgate'))).toBe(false); // nothing written locally

    const listed = JSON.parse((await cli(['keys', 'list', '--format', 'json'])).stdout) as Listed[];
    expect(listed).toEqual([
      expect.objectContaining({ id, tenant: 'pg', models: ['gpt-4o'], state: 'active' }),
    ]);
    expect((await cli(['keys', 'revoke', id])).code).toBe(0);
    const after = JSON.parse((await cli(['keys', 'list', '--format', 'json'])).stdout) as Listed[];
    expect(after[0]?.state).toBe('revoked');
    const unknown = await cli(['keys', 'revoke', 'BBBBBBBBBBBB']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('veilgate: no API key has the id BBBBBBBBBBBB\n');
    const badExpiry = await cli([
      'keys',
      'create',
      '--tenant',
      'pg',
      '--profile',
      'default',
      '--expires',
      '3 days',
    ]);
    expect(badExpiry.code).toBe(2);
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.vg_api_keys`)).rows[0]).toEqual({
      n: 1,
    });
  });
});
