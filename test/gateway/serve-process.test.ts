/**
 * `veilgate serve` as a real process: the quickstart (no configuration: SQLite, demo upstream, a demo
 * key printed once), and two replicas sharing rate limits through the machine's Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, expect, it } from 'vitest';
import { CLI, runCli } from '../cli/run-cli.js';

const REDIS_URL = process.env['VEILGATE_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'veilgate-serve-'));
  dirs.push(d);
  return d;
}

/** Start `veilgate serve`; resolves with its URL and everything it printed on stderr so far. */
function serve(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; stderr: () => string; child: ChildProcess }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does)`);
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { PATH: process.env['PATH'], ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString('utf8')));
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const onExit = (code: number | null) => reject(new Error(`serve exited with ${code}: ${err}`));
    child.once('exit', onExit);
    const poll = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      // The banner after the listening line: the demo key (or a note that keys exist) in demo mode.
      const banner = !err.includes('DEMO') || /demo API key[\s\S]*-d '|API keys exist/.test(err);
      if (m !== null && banner && Date.now() - started > 300) {
        clearInterval(poll);
        child.off('exit', onExit);
        resolve({ url: m[1] as string, stderr: () => err, child });
      } else if (Date.now() - started > 20_000) {
        clearInterval(poll);
        reject(new Error(`serve did not start: ${err}`));
      }
    }, 50);
  });
}

it('quickstart: serves the demo model on the embedded store and prints a demo key once', async () => {
  const cwd = tempDir();
  const { url, stderr, child } = await serve(cwd, ['serve', '--port', '0']);
  const out = stderr();
  expect(out).toMatch(/built-in DEMO model/);
  const key = /\n {2}(vg_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43})\n/.exec(out)?.[1];
  expect(key).toBeDefined();
  expect(out).toMatch(/curl -s http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/);

  const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: key as string, maxRetries: 0 });
  const seen = await openai.chat.completions.create(
    { model: 'demo', messages: [{ role: 'user', content: 'echo: card 4111 1111 1111 1111' }] },
    { headers: { 'x-veilgate-restore': 'none' } },
  );
  expect(seen.choices[0]?.message.content).toMatch(
    /^\[veilgate demo model\][\s\S]*user: echo: card <CREDIT_CARD_1>$/,
  );
  const restored = await openai.chat.completions.create({
    model: 'demo',
    messages: [{ role: 'user', content: 'echo: card 4111 1111 1111 1111' }],
  });
  expect(restored.choices[0]?.message.content).toContain('user: echo: card 4111 1111 1111 1111');
  const anthropic = new Anthropic({ baseURL: `${url}/anthropic`, apiKey: key as string, maxRetries: 0 });
  const msg = await anthropic.messages
    .stream({ model: 'demo', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] })
    .finalMessage();
  expect(msg.content[0]?.type === 'text' ? msg.content[0].text : '').toMatch(/^\[veilgate demo model\]/);
  expect(existsSync(path.join(cwd, '.veilgate', 'veilgate.db'))).toBe(true);

  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  // A second start does not print a key again: it was shown once.
  const again = await serve(cwd, ['serve', '--port', '0']);
  expect(again.stderr()).toMatch(/API keys exist/);
  expect(again.stderr()).not.toMatch(/vg_[A-Za-z0-9]{12}_/);
});

it('two replicas share one rate limit through Redis', async () => {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  try {
    await redis.connect();
  } catch (err) {
    throw new Error(
      `Redis is not reachable at ${REDIS_URL}: start it with redis-server --daemonize yes, or set VEILGATE_TEST_REDIS`,
      { cause: err },
    );
  } finally {
    redis.disconnect();
  }
  const cwd = tempDir();
  const prefix = `veilgate:test:${randomBytes(6).toString('hex')}:`;
  writeFileSync(
    path.join(cwd, 'profiles.yaml'),
    'version: 1\nprofiles:\n  five:\n    limits: { requestsPerMinute: 5 }\n',
  );
  writeFileSync(
    path.join(cwd, 'veilgate.yaml'),
    `gateway:\n  profiles: profiles.yaml\n  rateLimits: { store: redis, redis: '${REDIS_URL}', keyPrefix: '${prefix}' }\n  providers: [{ name: demo, type: demo }]\n  models: [{ name: demo, provider: demo }]\n`,
  );
  const env = { VEILGATE_MASTER_KEY: randomBytes(32).toString('base64') };
  const made = await runCli(['keys', 'create', '--tenant', 't', '--profile', 'five', '--format', 'json'], {
    cwd,
    env,
  });
  expect(made.code).toBe(0);
  const key = (JSON.parse(made.stdout) as { key: string }).key;
  const [a, b] = await Promise.all([
    serve(cwd, ['serve', '--port', '0'], env),
    serve(cwd, ['serve', '--port', '0'], env),
  ]);
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const url = (i % 2 === 0 ? a : b).url;
    const r = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] }),
    });
    statuses.push(r.status);
    if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    await r.arrayBuffer();
  }
  expect(statuses.filter((s) => s === 200)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  const cleanup = new Redis(REDIS_URL);
  const keys = await cleanup.keys(`${prefix}*`);
  if (keys.length > 0) await cleanup.del(...keys);
  cleanup.disconnect();
});
