/**
 * A real gateway for integration tests: `startGateway` on a random loopback port, in front of the stub
 * upstream, with its database on SQLite (a temporary file) or the machine's PostgreSQL (a schema of its
 * own), a profiles file the test can rewrite, and the log captured so tests can check what it says.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { configSchema, type VeilgateConfig } from '../../src/config/schema.js';
import { generateApiKey } from '../../src/gateway/access/api-keys.js';
import { startGateway, type RunningGateway } from '../../src/server/start.js';
import { POSTGRES_URL } from '../store/databases.js';
import { startStubUpstream, type RecordedRequest, type StubUpstream } from './stub-upstream.js';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface Harness {
  readonly gateway: RunningGateway;
  readonly stub: StubUpstream;
  readonly dir: string;
  readonly profilesFile: string;
  /** Everything the gateway logged (JSON lines). */
  log(): string;
  /** What the stub answers next (default: `stub: <last user text>`). */
  setReply(reply: ((r: RecordedRequest) => string) | undefined): void;
  createKey(options: {
    tenant?: string;
    profile?: string;
    models?: string[] | null;
    expiresAt?: number | null;
  }): Promise<{ key: string; id: string }>;
  close(): Promise<void>;
}

export const PROFILES = `version: 1
profiles:
  strict:
    input:
      default: tokenize
      entities: { CREDIT_CARD: block, DATE_TIME: allow }
    output:
      default: redact
      entities: { US_SSN: block }
  norestore:
    restore: none
  limited:
    limits: { requestsPerMinute: 2 }
  open:
    failMode: open
tenants:
  capped: { limits: { requestsPerMinute: 3 } }
`;

async function postgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `vg_gw_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL}: start it (e.g. \`service postgresql start\`) or set VEILGATE_TEST_POSTGRES`,
      { cause: err },
    );
  }
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

export async function startHarness(
  kind: DatabaseKind = 'sqlite',
  overrides: (config: Record<string, unknown>) => void = () => {},
): Promise<Harness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-gw-'));
  const profilesFile = path.join(dir, 'profiles.yaml');
  writeFileSync(profilesFile, PROFILES);
  let reply: ((r: RecordedRequest) => string) | undefined;
  const stub = await startStubUpstream({
    reply: (r) => (reply !== undefined ? reply(r) : defaultReply(r)),
  });
  const pgDb = kind === 'postgres' ? await postgresUrl() : undefined;
  const raw: Record<string, unknown> = {
    vault: { db: pgDb?.url ?? `sqlite:${path.join(dir, 'veilgate.db')}` },
    keys: { file: path.join(dir, 'master.key') },
    gateway: {
      port: 0,
      profiles: profilesFile,
      providers: [
        { name: 'stub', type: 'openai', baseUrl: `${stub.url}/v1` },
        { name: 'stub-anthropic', type: 'anthropic', baseUrl: stub.url },
      ],
      models: [
        { name: 'gpt-test', provider: 'stub', model: 'stub-model', retries: 0 },
        { name: 'gpt-other', provider: 'stub' },
        { name: 'gpt-slow', provider: 'stub', timeout: '1s', retries: 0 },
        { name: 'claude-test', provider: 'stub-anthropic', retries: 0 },
      ],
      limits: { bodyBytes: 64 * 1024 },
    },
  };
  overrides(raw);
  const config: VeilgateConfig = configSchema.parse(raw);
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const gateway = await startGateway({ config, cwd: dir, env: {}, log: pino({ level: 'info' }, sink) });
  return {
    gateway,
    stub,
    dir,
    profilesFile,
    log: () => lines.join(''),
    setReply: (r) => (reply = r),
    async createKey(o) {
      const made = generateApiKey();
      await gateway.runtime.database.apiKeys.insert({
        id: made.id,
        prefix: made.prefix,
        hash: made.hash,
        tenant: o.tenant ?? 'acme',
        profile: o.profile ?? 'default',
        models: o.models ?? null,
        createdAt: Date.now(),
        expiresAt: o.expiresAt ?? null,
        revokedAt: null,
      });
      return { key: made.key, id: made.id };
    },
    async close() {
      await gateway.close();
      await stub.close();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function defaultReply(r: RecordedRequest): string {
  const body = r.body as { messages?: { role: string; content: unknown }[] };
  const last = [...(body.messages ?? [])].reverse().find((m) => m.role === 'user');
  const content = last?.content;
  const text =
    typeof content === 'string'
      ? content
      : Array.isArray(content)
        ? content.map((p: { text?: string }) => p.text ?? '').join('')
        : '';
  return `stub: ${text}`;
}
