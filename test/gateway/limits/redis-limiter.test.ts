import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLimiter, type RateLimiter } from '../../../src/gateway/limits/limiter.js';
import { createRedisLimiter } from '../../../src/gateway/limits/redis-limiter.js';
import { checksOf, expectSameOutcome, historyArb, runLimiterConformance } from './limiter-conformance.js';
import { connectTestRedis, deleteKeysUnder, REDIS_URL, uniquePrefix } from './redis-server.js';
import { closedLoopbackPort, listenOnLoopback } from '../../loopback.js';

runLimiterConformance(
  'redis',
  async () => {
    const admin = await connectTestRedis();
    const base = uniquePrefix('conformance');
    const opened: RateLimiter[] = [];
    return {
      async open() {
        const limiter = createRedisLimiter({ url: REDIS_URL, keyPrefix: `${base}${opened.length}:` });
        opened.push(limiter);
        return limiter;
      },
      async dispose() {
        for (const limiter of opened) await limiter.close();
        await deleteKeysUnder(admin, base);
        admin.disconnect();
      },
    };
  },
  25,
);

describe('redis rate limiter', () => {
  let admin: Redis;
  let prefix: string;
  let limiter: RateLimiter;

  // Redis down fails every test with the one-line reason instead of skipping them.
  let setupError: unknown;
  beforeAll(async () => {
    try {
      admin = await connectTestRedis();
    } catch (err) {
      setupError = err;
      return;
    }
    prefix = uniquePrefix('redis');
    limiter = createRedisLimiter({ url: REDIS_URL, keyPrefix: prefix });
  });
  beforeEach(() => {
    if (setupError !== undefined) throw setupError;
  });
  afterAll(async () => {
    await limiter?.close();
    if (admin !== undefined) {
      await deleteKeysUnder(admin, prefix);
      admin.disconnect();
    }
  });

  it('decides any sequence exactly as the in-memory limiter does', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, async ({ bursts, ops }) => {
        const ns = `same-${(run += 1)}`;
        const memory = createMemoryLimiter();
        for (const op of ops) {
          const checks = checksOf(ns, bursts, op.checks);
          if (op.kind === 'debit') {
            await memory.debit(checks);
            await limiter.debit(checks);
          } else {
            expectSameOutcome(await limiter.consume(checks), await memory.consume(checks));
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('stores the TAT with an expiry at the moment the key is rested again', async () => {
    await limiter.consume([{ key: 'ttl', rule: { perMinute: 6 }, cost: 3 }]); // 30 s of debt
    const ttl = await admin.pttl(`${prefix}ttl`);
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    // 60 000 per minute: 20 units are 20 ms of debt, and then the key is gone.
    await limiter.consume([{ key: 'short', rule: { perMinute: 60_000 }, cost: 20 }]);
    expect(await admin.exists(`${prefix}short`)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await admin.exists(`${prefix}short`)).toBe(0);
    // A consume that leaves the key rested writes nothing.
    await limiter.consume([{ key: 'free', rule: { perMinute: 6 }, cost: 0 }]);
    expect(await admin.exists(`${prefix}free`)).toBe(0);
  });

  it('two gateway processes share one limit, even with a clock an hour off', async () => {
    const perMinute = 30; // burst 30, then one unit every 2 s
    const worker = path.join(import.meta.dirname, 'shared-limit-worker.ts');
    const start = (skewMs: number): Worker => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', worker, REDIS_URL, prefix, String(perMinute)],
        {
          env: { ...process.env, VEILGATE_TEST_CLOCK_SKEW_MS: String(skewMs) },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      const stderr: Buffer[] = [];
      child.stderr.on('data', (b: Buffer) => stderr.push(b));
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      const nextLine = async (): Promise<string> => {
        const next = await lines.next();
        if (next.done === true) throw new Error(`worker exited: ${Buffer.concat(stderr).toString('utf8')}`);
        return String(next.value);
      };
      return {
        child,
        ready: nextLine,
        async spend(key, attempts) {
          child.stdin.write(`${key} ${attempts}\n`);
          const result = JSON.parse(await nextLine()) as Spent;
          expect(result).toMatchObject({ failed: 0 });
          expect(result.allowed + result.refused).toBe(attempts);
          return result;
        },
      };
    };
    const workers = [start(0), start(3_600_000)];
    const [punctual, skewed] = workers as [Worker, Worker];
    try {
      expect(await Promise.all(workers.map((w) => w.ready()))).toEqual(['ready', 'ready']);

      // Both hammer one key at the same time: together they get one burst, not one each.
      const began = Date.now();
      const raced = await Promise.all(workers.map((w) => w.spend('raced', 200)));
      const refilled = Math.floor((perMinute * (Date.now() - began)) / 60_000);
      const granted = raced.reduce((sum, r) => sum + r.allowed, 0);
      expect(granted).toBeGreaterThanOrEqual(perMinute);
      expect(granted).toBeLessThanOrEqual(perMinute + refilled);
      expect((await limiter.consume([{ key: 'raced', rule: { perMinute }, cost: 1 }])).allowed).toBe(false);

      // One after the other: the replica an hour ahead must see the units the first one spent. A limiter on
      // the local clock would find the key long rested and hand the skewed replica a whole new burst.
      const before = Date.now();
      expect(await punctual.spend('clock', 10)).toMatchObject({ allowed: 10 });
      const second = await skewed.spend('clock', 100);
      expect(second.allowed).toBeGreaterThanOrEqual(perMinute - 10);
      expect(second.allowed).toBeLessThanOrEqual(
        perMinute - 10 + Math.floor((perMinute * (Date.now() - before)) / 60_000),
      );
    } finally {
      for (const w of workers) w.child.kill();
    }
  });
});

interface Spent {
  readonly allowed: number;
  readonly refused: number;
  readonly failed: number;
}

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  ready(): Promise<string>;
  spend(key: string, attempts: number): Promise<Spent>;
}

describe('redis rate limiter without Redis', () => {
  async function timeFailure(limiter: RateLimiter): Promise<{ error: unknown; ms: number }> {
    const began = Date.now();
    const error = await limiter
      .consume([{ key: 'k', rule: { perMinute: 6 }, cost: 1 }])
      .catch((e: unknown) => e);
    return { error, ms: Date.now() - began };
  }

  it('fails closed with VG_LIMIT_UNAVAILABLE within a second when nothing listens', async () => {
    const limiter = createRedisLimiter({ url: `redis://:s3cret-pw@127.0.0.1:${await closedLoopbackPort()}` });
    try {
      for (let i = 0; i < 3; i += 1) {
        const { error, ms } = await timeFailure(limiter);
        expect(error).toMatchObject({ code: 'VG_LIMIT_UNAVAILABLE' });
        expect(String((error as Error).message)).not.toContain('s3cret-pw');
        expect(ms).toBeLessThan(1_000);
      }
      await expect(limiter.debit([{ key: 'k', rule: { perMinute: 6 }, cost: 1 }])).rejects.toMatchObject({
        code: 'VG_LIMIT_UNAVAILABLE',
      });
    } finally {
      await limiter.close();
    }
  });

  it('does not hang on a server that accepts connections and never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    const port = await listenOnLoopback(silent);
    const limiter = createRedisLimiter({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 300 });
    try {
      const { error, ms } = await timeFailure(limiter);
      expect(error).toMatchObject({ code: 'VG_LIMIT_UNAVAILABLE' });
      expect(ms).toBeLessThan(1_000);
    } finally {
      await limiter.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  /**
   * A TCP relay in front of the real Redis that a test can cut, restore, or use to answer one EVALSHA with
   * NOSCRIPT, as a restarted Redis would. The limiter sends one command at a time here, so one chunk is one
   * command.
   */
  async function startRelay(): Promise<{
    port: number;
    cut(): void;
    restore(): Promise<void>;
    forgetScriptOnce(): void;
    seen(command: string): number;
    close(): void;
  }> {
    const target = new URL(REDIS_URL);
    const sockets = new Set<net.Socket>();
    const counts = new Map<string, number>();
    let answerNoScript = false;
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      sockets.add(client).add(upstream);
      client.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1').toLowerCase();
        for (const command of ['evalsha', 'script']) {
          if (text.includes(`\r\n${command}\r\n`)) counts.set(command, (counts.get(command) ?? 0) + 1);
        }
        if (answerNoScript && text.includes('\r\nevalsha\r\n')) {
          answerNoScript = false;
          client.write('-NOSCRIPT No matching script. Please use EVAL.\r\n');
          return;
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        a.on('error', () => b.destroy());
        a.on('close', () => b.destroy());
      }
    });
    const port = await listenOnLoopback(relay);
    const cut = (): void => {
      relay.close();
      for (const socket of sockets) socket.destroy();
    };
    return {
      port,
      cut,
      restore: () => new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve)),
      forgetScriptOnce: () => {
        answerNoScript = true;
      },
      seen: (command) => counts.get(command) ?? 0,
      close: cut,
    };
  }

  it('fails fast when the connection drops, and recovers when Redis is back', async () => {
    const relay = await startRelay();
    const admin = await connectTestRedis();
    const relayPrefix = uniquePrefix('relay');
    const limiter = createRedisLimiter({ url: `redis://127.0.0.1:${relay.port}`, keyPrefix: relayPrefix });
    const check = [{ key: 'k', rule: { perMinute: 6 }, cost: 1 }];
    try {
      expect((await limiter.consume(check)).allowed).toBe(true);

      relay.cut();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const { error, ms } = await timeFailure(limiter);
      expect(error).toMatchObject({ code: 'VG_LIMIT_UNAVAILABLE' });
      expect(ms).toBeLessThan(1_000);

      await relay.restore();
      const deadline = Date.now() + 10_000;
      let outcome = await limiter.consume(check).catch(() => undefined);
      while (outcome === undefined && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        outcome = await limiter.consume(check).catch(() => undefined);
      }
      // The second unit of the burst: the state survived in Redis and nothing was charged twice.
      expect(outcome).toMatchObject({ allowed: true, remaining: 4 });
    } finally {
      await limiter.close();
      relay.close();
      await deleteKeysUnder(admin, relayPrefix);
      admin.disconnect();
    }
  });

  it('loads the script again when Redis answers NOSCRIPT (restarted or flushed)', async () => {
    const relay = await startRelay();
    const admin = await connectTestRedis();
    const relayPrefix = uniquePrefix('noscript');
    const limiter = createRedisLimiter({ url: `redis://127.0.0.1:${relay.port}`, keyPrefix: relayPrefix });
    const check = [{ key: 'k', rule: { perMinute: 6 }, cost: 1 }];
    try {
      expect(await limiter.consume(check)).toMatchObject({ allowed: true, remaining: 5 });
      expect(relay.seen('script')).toBe(1);
      relay.forgetScriptOnce();
      expect(await limiter.consume(check)).toMatchObject({ allowed: true, remaining: 4 });
      expect(relay.seen('script')).toBe(2);
      expect(await limiter.consume(check)).toMatchObject({ allowed: true, remaining: 3 });
      expect(relay.seen('script')).toBe(2);
    } finally {
      await limiter.close();
      relay.close();
      await deleteKeysUnder(admin, relayPrefix);
      admin.disconnect();
    }
  });
});
