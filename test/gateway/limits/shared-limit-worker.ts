/**
 * One "gateway replica" for the two-process test. It connects a Redis limiter and prints "ready"; then for
 * each line "<key> <attempts>" on stdin it spends that many one-unit requests on the key as fast as it can
 * (ten in flight at a time, as a busy replica would have) and prints what it was granted as one JSON line.
 * With VEILGATE_TEST_CLOCK_SKEW_MS set, its own clock is wrong by that much, which must not matter: the limit
 * runs on the Redis server's clock.
 *
 * argv: url prefix perMinute
 */
import { createInterface } from 'node:readline';
import { createRedisLimiter } from '../../../src/gateway/limits/redis-limiter.js';

const [url = '', keyPrefix = '', perMinute = '0'] = process.argv.slice(2);
const skew = Number(process.env['VEILGATE_TEST_CLOCK_SKEW_MS'] ?? '0');
if (skew !== 0) {
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + skew;
}

const rule = { perMinute: Number(perMinute) };
const limiter = createRedisLimiter({ url, keyPrefix });
// Connect and load the script on a key of its own, so that the rounds only race for the keys they name.
await limiter.consume([{ key: `warm-up:${process.pid}`, rule, cost: 0 }]);
process.stdout.write('ready\n');

for await (const line of createInterface({ input: process.stdin })) {
  const [key = '', attempts = '0'] = line.split(' ');
  const total = Number(attempts);
  let allowed = 0;
  let refused = 0;
  let failed = 0;
  for (let sent = 0; sent < total; sent += 10) {
    const batch = Array.from({ length: Math.min(10, total - sent) }, () =>
      limiter.consume([{ key, rule, cost: 1 }]),
    );
    for (const result of await Promise.allSettled(batch)) {
      if (result.status === 'rejected') failed += 1;
      else if (result.value.allowed) allowed += 1;
      else refused += 1;
    }
  }
  process.stdout.write(`${JSON.stringify({ allowed, refused, failed })}\n`);
}
await limiter.close();
