/**
 * The machine's real Redis for the limiter tests (127.0.0.1:6379 unless VEILGATE_TEST_REDIS says otherwise).
 * Each test file works under a key prefix of its own and deletes it afterwards. An unreachable Redis fails the
 * tests with a one-line reason; it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env['VEILGATE_TEST_REDIS'] ?? 'redis://127.0.0.1:6379';

/** A plain client for inspecting keys, connected or failing within a second. */
export async function connectTestRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `Redis is not reachable at ${new URL(REDIS_URL).host}: start it with redis-server --daemonize yes (or set VEILGATE_TEST_REDIS)`,
      { cause: err },
    );
  }
}

/** A key prefix no other test run uses. */
export function uniquePrefix(label: string): string {
  return `veilgate-test:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
