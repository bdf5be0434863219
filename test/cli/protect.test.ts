/**
 * `veilgate protect`, `restore`, `keyring` and `vault` as a user runs them: the built binary in a fresh
 * directory, a real SQLite file (and once the real PostgreSQL server), the local key file.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_URL } from '../store/databases.js';
import { runCli } from './run-cli.js';
import pg from 'pg';

const POLICY = `version: 1
default: redact
entities:
  PERSON: tokenize
  EMAIL_ADDRESS: tokenize
  CREDIT_CARD: { operator: mask, keepLast: 4 }
  US_SSN: fpe
  IP_ADDRESS: encrypt
  PHONE_NUMBER: synthesize
`;

const TEXT =
  'Patient Jane Roe (SSN 536-22-1234, phone 212-555-0187, jane.roe@example.org, card 4111 1111 1111 1111) logged in from 10.1.2.3.';

describe('veilgate protect / restore', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-cli-protect-'));
    writeFileSync(path.join(dir, 'policy.yaml'), POLICY);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (args: string[], input?: string) =>
    runCli(args, { cwd: dir, ...(input !== undefined ? { input } : {}) });

  it('protects text per policy, creating the key file and database on first use', async () => {
    const r = await cli(['protect', '--policy', 'policy.yaml', TEXT]);
    expect(r.stderr).toContain('created master key file .veilgate/master.key');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Patient <PERSON_1> \(SSN \d\d\d-\d\d-\d\d\d\d, phone [^,]+, <EMAIL_ADDRESS_1>, card \*\*\*\* \*\*\*\* \*\*\*\* 1111\) logged in from enc\.v1\.IP_ADDRESS\.[\w-]+\.\n$/,
    );
    expect(r.stdout).not.toContain('536-22-1234');
    expect(r.stdout).not.toContain('212-555-0187');
    expect(statSync(path.join(dir, '.veilgate', 'master.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, '.veilgate', 'veilgate.db')).mode & 0o777).toBe(0o600);
  });

  it('restores tokens and ciphertexts; redaction, masks and fakes stay', async () => {
    const p = await cli(['protect', '--policy', 'policy.yaml', TEXT]);
    const r = await cli(['restore', p.stdout.trim()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Patient Jane Roe (SSN');
    expect(r.stdout).toContain('jane.roe@example.org, card **** **** **** 1111) logged in from 10.1.2.3.');
    // Another scope sees placeholders only; --entities narrows what is restored.
    expect((await cli(['restore', '--scope', 'elsewhere', '<PERSON_1>'])).stdout).toBe('<PERSON_1>\n');
    const ip = /enc\.v1\.IP_ADDRESS\.[\w-]+/.exec(p.stdout)?.[0] as string;
    expect((await cli(['restore', '--entities', 'PERSON', ip])).stdout).toBe(`${ip}\n`);
    expect((await cli(['restore', '--entities', 'IP_ADDRESS', ip])).stdout).toBe('10.1.2.3\n');
    expect(
      (await cli(['restore', '--entities', 'EMAIL_ADDRESS', '<PERSON_1> <EMAIL_ADDRESS_1>'])).stdout,
    ).toBe('<PERSON_1> jane.roe@example.org\n');
  });

  it('JSONL round trip restores fpe spans too, with per-record scopes', async () => {
    const input = [
      JSON.stringify({ id: 1, text: 'Jane Roe has SSN 536-22-1234' }),
      JSON.stringify({ id: 2, scope: 'conv-2', text: 'Mail Ann Lee at ann@example.com' }),
      'not json',
      '',
    ].join('\n');
    const p = await cli(['protect', '--policy', 'policy.yaml', '--format', 'jsonl'], input);
    expect(p.code).toBe(2); // the bad line is reported and skipped, the others are written
    expect(p.stderr).toMatch(/stdin:3: invalid JSON; line skipped/);
    const lines = p.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; text: string; protected: unknown[] });
    expect(lines).toHaveLength(2);
    expect(lines[0]?.text).toMatch(/^<PERSON_1> has SSN \d\d\d-\d\d-\d\d\d\d$/);
    expect(lines[0]?.text).not.toContain('536-22-1234');
    expect(lines[1]?.text).toBe('Mail <PERSON_1> at <EMAIL_ADDRESS_1>');
    const back = await cli(['restore', '--format', 'jsonl'], `${p.stdout}`);
    expect(back.code).toBe(0);
    expect(
      back.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { text: string }).text),
    ).toEqual(['Jane Roe has SSN 536-22-1234', 'Mail Ann Lee at ann@example.com']);
  });

  it('keeps one tenant out of another', async () => {
    const p = await cli(['protect', '--policy', 'policy.yaml', '--tenant', 'bank', 'Jane Roe from 10.9.9.9']);
    const r = await cli(['restore', '--tenant', 'hospital', p.stdout.trim()]);
    expect(r.stdout).toBe(p.stdout);
  });

  it('rejects bad policies and flags with a one-line reason and exit 2', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'version: 1\nentities:\n  PERSON: { operator: scramble }\n');
    const bad = await cli(['protect', '--policy', 'bad.yaml', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^veilgate: bad\.yaml:3:\d+: entities\.PERSON/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    writeFileSync(path.join(dir, 'unknown.yaml'), 'version: 1\nentities:\n  PERSON: tokenize\nextra: 1\n');
    expect((await cli(['protect', '--policy', 'unknown.yaml', 'x'])).stderr).toMatch(
      /unknown\.yaml:4:1: .*unknown key 'extra'/,
    );
    writeFileSync(path.join(dir, 'typo.yaml'), 'version: 1\nentities:\n  PERSN: tokenize\n');
    expect((await cli(['protect', '--policy', 'typo.yaml', 'x'])).stderr).toBe(
      "veilgate: typo.yaml: unknown entity type 'PERSN'; run 'veilgate entities'\n",
    );
    expect((await cli(['protect', '--policy', 'missing.yaml', 'x'])).stderr).toMatch(
      /missing\.yaml: cannot read policy file \(ENOENT\)/,
    );
    const tenant = await cli(['protect', '--policy', 'policy.yaml', '--tenant', 'a\u0001b', 'x']);
    expect(tenant.code).toBe(2);
    expect(tenant.stderr).toBe('veilgate: --tenant: expected 1-128 printable characters\n');
    for (const r of [bad, tenant]) expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a tampered ciphertext stops restore without output', async () => {
    const p = await cli(['protect', '--policy', 'policy.yaml', 'from 10.1.2.3']);
    const token = p.stdout.trim().split(' ')[1] as string;
    const tampered = token.slice(0, -3) + (token.endsWith('A') ? 'BBB' : 'AAA');
    const r = await cli(['restore', `from ${tampered}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('veilgate: the protected value could not be decrypted\n');
  });

  it('keyring list, rotate and rewrap keep everything readable', async () => {
    const p = await cli(['protect', '--policy', 'policy.yaml', '--scope', 'rot', 'Jane Roe from 10.1.2.3']);
    expect((await cli(['keyring', 'rotate'])).stdout).toMatch(/new wraps use version 2/);
    expect((await cli(['keyring', 'rotate', '--tenant', 'default'])).stdout).toMatch(/rotated 1 data key/);
    const p2 = await cli(['protect', '--policy', 'policy.yaml', '--scope', 'rot', 'Mary Major']);
    expect(p2.stdout).toBe('<PERSON_2>\n');
    expect((await cli(['keyring', 'rewrap'])).stdout).toMatch(/^rewrapped [1-9]\d* data key/);
    const listed = JSON.parse((await cli(['keyring', 'list', '--format', 'json'])).stdout) as {
      master: { version: string; current: boolean }[];
      data: { masterVersion: string; purpose: string }[];
    };
    expect(listed.master.at(-1)).toMatchObject({ version: '2', current: true });
    expect(listed.data.every((k) => k.masterVersion === '2')).toBe(true);
    expect(JSON.stringify(listed)).not.toMatch(/"key"/);
    const r = await cli(['restore', '--scope', 'rot', `${p.stdout.trim()} / ${p2.stdout.trim()}`]);
    expect(r.stdout).toBe('Jane Roe from 10.1.2.3 / Mary Major\n');
  });

  it('vault forget crypto-shreds a subject, and needs --yes', async () => {
    const p = await cli([
      'protect',
      '--policy',
      'policy.yaml',
      '--tenant',
      'gdpr',
      '--subject',
      'p-1',
      'Ann Smith',
    ]);
    const keep = await cli([
      'protect',
      '--policy',
      'policy.yaml',
      '--tenant',
      'gdpr',
      '--subject',
      'p-2',
      'Bob Jones',
    ]);
    expect((await cli(['vault', 'forget', '--tenant', 'gdpr', '--subject', 'p-1'])).code).toBe(2);
    const f = await cli(['vault', 'forget', '--tenant', 'gdpr', '--subject', 'p-1', '--yes']);
    expect(f.stdout).toBe('destroyed 1 key(s) and deleted 1 entry of subject p-1 of tenant gdpr\n');
    const r = await cli(['restore', '--tenant', 'gdpr', `${p.stdout.trim()} ${keep.stdout.trim()}`]);
    expect(r.stdout).toBe('<PERSON_1> Bob Jones\n');
  });

  it('vault forget --value - reads the value from stdin, keeping it off the command line', async () => {
    const p = await cli([
      'protect',
      '--policy',
      'policy.yaml',
      '--tenant',
      'erase',
      '--scope',
      'a',
      'mail ann@example.com',
    ]);
    expect(p.stdout).toBe('mail <EMAIL_ADDRESS_1>\n');
    const f = await cli(
      ['vault', 'forget', '--tenant', 'erase', '--entity', 'EMAIL_ADDRESS', '--value', '-', '--yes'],
      'ann@example.com\n',
    );
    expect(f.stdout).toBe('deleted 1 entry\n');
    expect((await cli(['restore', '--tenant', 'erase', '--scope', 'a', '<EMAIL_ADDRESS_1>'])).stdout).toBe(
      '<EMAIL_ADDRESS_1>\n',
    );
  });

  it('works on PostgreSQL with --db', async () => {
    const schema = `vg_cli_${process.pid}`;
    const url = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect().catch((err: unknown) => {
      throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}: start it (service postgresql start)`, {
        cause: err,
      });
    });
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    try {
      const p = await cli(['protect', '--policy', 'policy.yaml', '--db', url, '--scope', 'pg', 'Jane Roe']);
      expect(p.stdout).toBe('<PERSON_1>\n');
      expect((await cli(['restore', '--db', url, '--scope', 'pg', '<PERSON_1>'])).stdout).toBe('Jane Roe\n');
      const rows = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.vg_vault_entries`);
      expect(rows.rows[0]).toEqual({ n: 1 });
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
