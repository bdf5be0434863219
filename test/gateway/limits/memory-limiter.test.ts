import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryLimiter, type LimitRule } from '../../../src/gateway/limits/limiter.js';
import { runLimiterConformance } from './limiter-conformance.js';

runLimiterConformance(
  'memory',
  async () => ({
    open: async () => createMemoryLimiter(),
    dispose: async () => undefined,
  }),
  100,
);

const PER_SECOND: LimitRule = { perMinute: 60 }; // 1 000 ms per unit, burst 60

describe('memory rate limiter', () => {
  it('drops rested keys first when full, so busy keys keep their debt', async () => {
    let now = 1_000_000;
    const limiter = createMemoryLimiter({ now: () => now, maxKeys: 4 });
    await limiter.consume([{ key: 'rested-1', rule: PER_SECOND, cost: 1 }]); // rested after 1 s
    await limiter.consume([{ key: 'busy-1', rule: PER_SECOND, cost: 60 }]); // busy for 60 s
    await limiter.consume([{ key: 'rested-2', rule: PER_SECOND, cost: 1 }]);
    await limiter.consume([{ key: 'busy-2', rule: PER_SECOND, cost: 60 }]);
    expect(limiter.keyCount()).toBe(4);
    now += 5_000;
    await limiter.consume([{ key: 'new-1', rule: PER_SECOND, cost: 1 }]);
    await limiter.consume([{ key: 'new-2', rule: PER_SECOND, cost: 1 }]);
    expect(limiter.keyCount()).toBe(4);
    for (const key of ['busy-1', 'busy-2']) {
      expect(await limiter.consume([{ key, rule: PER_SECOND, cost: 10 }])).toMatchObject({
        allowed: false,
        retryAfterMs: 5_000,
      });
    }
  });

  it('drops the least recently used key when every key is busy', async () => {
    const now = 1_000_000;
    const limiter = createMemoryLimiter({ now: () => now, maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) await limiter.consume([{ key, rule: PER_SECOND, cost: 60 }]);
    await limiter.consume([{ key: 'a', rule: PER_SECOND, cost: 0 }]); // a is now more recent than b
    await limiter.consume([{ key: 'd', rule: PER_SECOND, cost: 60 }]);
    expect(limiter.keyCount()).toBe(3);
    // Refusals write nothing, so probing a, c and d does not reorder them.
    for (const key of ['a', 'c', 'd']) {
      expect((await limiter.consume([{ key, rule: PER_SECOND, cost: 1 }])).allowed).toBe(false);
    }
    expect(await limiter.consume([{ key: 'b', rule: PER_SECOND, cost: 1 }])).toMatchObject({
      allowed: true,
      remaining: 59,
    });
  });

  it('never holds more than maxKeys keys, whatever the traffic', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.array(
          fc.record({
            gapMs: fc.integer({ min: 0, max: 3_000 }),
            key: fc.integer({ min: 0, max: 60 }),
            cost: fc.integer({ min: 0, max: 70 }),
            debit: fc.boolean(),
          }),
          { maxLength: 200 },
        ),
        async (maxKeys, steps) => {
          let now = 0;
          const limiter = createMemoryLimiter({ now: () => now, maxKeys });
          for (const step of steps) {
            now += step.gapMs;
            const checks = [
              { key: `k${step.key}`, rule: PER_SECOND, cost: step.cost },
              { key: `k${(step.key * 7) % 61}`, rule: PER_SECOND, cost: 1 },
            ];
            if (step.debit) await limiter.debit(checks);
            else await limiter.consume(checks);
            expect(limiter.keyCount()).toBeLessThanOrEqual(maxKeys);
          }
        },
      ),
    );
  });

  it('keeps no entry for a key that is rested again', async () => {
    let now = 0;
    const limiter = createMemoryLimiter({ now: () => now });
    await limiter.consume([{ key: 'free', rule: PER_SECOND, cost: 0 }]);
    expect(limiter.keyCount()).toBe(0);
    await limiter.consume([{ key: 'one', rule: PER_SECOND, cost: 1 }]);
    expect(limiter.keyCount()).toBe(1);
    now += 1_000;
    await limiter.consume([{ key: 'one', rule: PER_SECOND, cost: 0 }]);
    expect(limiter.keyCount()).toBe(0);
  });

  it('rejects a maxKeys that is not a positive integer', () => {
    for (const maxKeys of [0, -1, 1.5, Number.NaN]) {
      expect(() => createMemoryLimiter({ maxKeys })).toThrow(
        expect.objectContaining({ code: 'VG_CONFIG_INVALID' }),
      );
    }
  });
});
