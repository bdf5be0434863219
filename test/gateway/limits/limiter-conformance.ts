/**
 * One behaviour for every RateLimiter: the in-memory one and the Redis one run this same suite. It uses the
 * real clock, so its rules are slow (a unit every 10 s or slower) and the few milliseconds a test takes
 * cannot change a decision; waits are compared to a tolerance of one second.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  LimitCheck,
  LimitOutcome,
  LimitRule,
  RateLimiter,
} from '../../../src/gateway/limits/limiter.js';

export interface LimiterFixture {
  /** A limiter whose keys no other limiter opened by this fixture can see. */
  open(): Promise<RateLimiter>;
  dispose(): Promise<void>;
}

const SIX_PER_MINUTE: LimitRule = { perMinute: 6 }; // 10 s per unit, burst 6
/** A unit per 1 000 minutes: nothing refills while a property runs. */
const GLACIAL = (burst: number): LimitRule => ({ perMinute: 0.001, burst });

export interface Op {
  readonly kind: 'consume' | 'debit';
  readonly checks: readonly { readonly key: number; readonly cost: number }[];
}

/** Random consume/debit histories over three keys with glacial rules. */
export const historyArb = fc.record({
  bursts: fc.tuple(
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 5 }),
  ),
  ops: fc.array(
    fc.record({
      kind: fc.constantFrom<'consume' | 'debit'>('consume', 'consume', 'consume', 'debit'),
      checks: fc.array(
        fc.record({ key: fc.integer({ min: 0, max: 2 }), cost: fc.integer({ min: 0, max: 6 }) }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    }),
    { maxLength: 12 },
  ),
});

export function checksOf(namespace: string, bursts: readonly number[], checks: Op['checks']): LimitCheck[] {
  return checks.map(({ key, cost }) => ({
    key: `${namespace}:k${key}`,
    rule: GLACIAL(bursts[key] ?? 1),
    cost,
  }));
}

/** Outcomes taken at different instants differ in retryAfterMs by the time between them, nothing more. */
export function expectSameOutcome(
  actual: LimitOutcome | undefined,
  expected: LimitOutcome | undefined,
): void {
  expect(actual === undefined).toBe(expected === undefined);
  if (actual === undefined || expected === undefined) return;
  expect({ ...actual, retryAfterMs: 0 }).toEqual({ ...expected, retryAfterMs: 0 });
  if (expected.retryAfterMs <= 0) expect(actual.retryAfterMs).toBe(expected.retryAfterMs);
  else expect(Math.abs(actual.retryAfterMs - expected.retryAfterMs)).toBeLessThan(1_000);
}

export function runLimiterConformance(
  name: string,
  fixture: () => Promise<LimiterFixture>,
  numRuns: number,
): void {
  describe(`${name} rate limiter conformance`, () => {
    let f: LimiterFixture;
    let limiter: RateLimiter;
    let counter = 0;
    const fresh = (label: string): string => `${label}-${(counter += 1)}`;

    // A fixture that cannot start (Redis down) fails every test with its reason instead of skipping them.
    let setupError: unknown;
    beforeAll(async () => {
      try {
        f = await fixture();
        limiter = await f.open();
      } catch (err) {
        setupError = err;
      }
    });
    beforeEach(() => {
      if (setupError !== undefined) throw setupError;
    });
    afterAll(async () => {
      await f?.dispose();
    });

    it('spends the burst at once, then refuses with the wait for one unit', async () => {
      const key = fresh('burst');
      for (let i = 5; i >= 0; i -= 1) {
        expect(await limiter.consume([{ key, rule: SIX_PER_MINUTE, cost: 1 }])).toEqual({
          allowed: true,
          retryAfterMs: 0,
          remaining: i,
          key,
        });
      }
      const refused = await limiter.consume([{ key, rule: SIX_PER_MINUTE, cost: 1 }]);
      expect(refused).toMatchObject({ allowed: false, remaining: 0, key });
      expect(refused.retryAfterMs).toBeGreaterThan(9_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(10_000);
    });

    it('all or nothing: when one key refuses, no key is charged', async () => {
      const a = fresh('a');
      const b = fresh('b');
      const tight: LimitRule = { perMinute: 6, burst: 1 };
      expect((await limiter.consume([{ key: b, rule: tight, cost: 1 }])).allowed).toBe(true);
      const refused = await limiter.consume([
        { key: a, rule: SIX_PER_MINUTE, cost: 1 },
        { key: b, rule: tight, cost: 1 },
      ]);
      expect(refused).toMatchObject({ allowed: false, key: b, remaining: 0 });
      // `a` still has its whole burst: the refused request did not charge it.
      expect(await limiter.consume([{ key: a, rule: SIX_PER_MINUTE, cost: 6 }])).toMatchObject({
        allowed: true,
        remaining: 0,
      });
    });

    it('reports the first refusing key with the longest wait among the refusals', async () => {
      const a = fresh('a');
      const b = fresh('b');
      const c = fresh('c');
      const everyTenSeconds: LimitRule = { perMinute: 6, burst: 1 };
      const everyMinute: LimitRule = { perMinute: 1, burst: 1 };
      await limiter.consume([{ key: a, rule: everyTenSeconds, cost: 1 }]);
      await limiter.consume([{ key: b, rule: everyMinute, cost: 1 }]);
      const both = await limiter.consume([
        { key: c, rule: SIX_PER_MINUTE, cost: 1 },
        { key: a, rule: everyTenSeconds, cost: 1 },
        { key: b, rule: everyMinute, cost: 1 },
      ]);
      expect(both).toMatchObject({ allowed: false, key: a });
      expect(both.retryAfterMs).toBeGreaterThan(59_000);
      expect(both.retryAfterMs).toBeLessThanOrEqual(60_000);
      // A cost that can never fit outranks any wait: -1.
      const never = await limiter.consume([
        { key: a, rule: everyTenSeconds, cost: 1 },
        { key: c, rule: SIX_PER_MINUTE, cost: 7 },
      ]);
      expect(never).toMatchObject({ allowed: false, key: a, retryAfterMs: -1 });
      expect(await limiter.consume([{ key: c, rule: SIX_PER_MINUTE, cost: 0 }])).toMatchObject({
        remaining: 6,
      });
    });

    it('a cost above the burst is refused with -1 and charges nothing', async () => {
      const key = fresh('never');
      const other = fresh('other');
      expect(
        await limiter.consume([
          { key: other, rule: SIX_PER_MINUTE, cost: 1 },
          { key, rule: SIX_PER_MINUTE, cost: 7 },
        ]),
      ).toEqual({ allowed: false, retryAfterMs: -1, remaining: 6, key });
      expect(await limiter.consume([{ key: other, rule: SIX_PER_MINUTE, cost: 6 }])).toMatchObject({
        allowed: true,
      });
    });

    it('an admitted request names the key with the fewest units left', async () => {
      const roomy = fresh('roomy');
      const tight = fresh('tight');
      expect(
        await limiter.consume([
          { key: roomy, rule: { perMinute: 10 }, cost: 1 },
          { key: tight, rule: { perMinute: 3 }, cost: 1 },
        ]),
      ).toEqual({ allowed: true, retryAfterMs: 0, remaining: 2, key: tight });
      expect(await limiter.consume([])).toMatchObject({ allowed: true, retryAfterMs: 0 });
    });

    it('checks naming the same key add up', async () => {
      const key = fresh('twice');
      expect(
        await limiter.consume([
          { key, rule: SIX_PER_MINUTE, cost: 4 },
          { key, rule: SIX_PER_MINUTE, cost: 4 },
        ]),
      ).toMatchObject({ allowed: false, key });
      expect(
        await limiter.consume([
          { key, rule: SIX_PER_MINUTE, cost: 3 },
          { key, rule: SIX_PER_MINUTE, cost: 3 },
        ]),
      ).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('a debit always applies, even past the burst, and the next request waits for it', async () => {
      const key = fresh('debit');
      await limiter.debit([{ key, rule: SIX_PER_MINUTE, cost: 12 }]); // 120 s of debt, 60 s of tolerance
      const refused = await limiter.consume([{ key, rule: SIX_PER_MINUTE, cost: 1 }]);
      expect(refused).toMatchObject({ allowed: false, remaining: 0 });
      // One more unit fits once the debt is down to 50 s: after about 70 s.
      expect(refused.retryAfterMs).toBeGreaterThan(69_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(70_000);
    });

    it('rejects a bad rule or cost with VG_CONFIG_INVALID before charging anything', async () => {
      const key = fresh('valid');
      for (const bad of [
        { key: fresh('bad'), rule: { perMinute: 0 }, cost: 1 },
        { key: fresh('bad'), rule: { perMinute: 6, burst: -1 }, cost: 1 },
        { key: fresh('bad'), rule: SIX_PER_MINUTE, cost: Number.NaN },
        { key: fresh('bad'), rule: SIX_PER_MINUTE, cost: -1 },
      ]) {
        const checks = [{ key, rule: SIX_PER_MINUTE, cost: 1 }, bad];
        await expect(limiter.consume(checks)).rejects.toMatchObject({ code: 'VG_CONFIG_INVALID' });
        await expect(limiter.debit(checks)).rejects.toMatchObject({ code: 'VG_CONFIG_INVALID' });
      }
      expect(await limiter.consume([{ key, rule: SIX_PER_MINUTE, cost: 0 }])).toMatchObject({ remaining: 6 });
    });

    it('all or nothing, for any history: a multi-key consume equals its checks one by one, or nothing', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          historyArb,
          fc.array(fc.record({ key: fc.integer({ min: 0, max: 2 }), cost: fc.integer({ min: 0, max: 6 }) }), {
            minLength: 1,
            maxLength: 3,
          }),
          async ({ bursts, ops }, probe) => {
            const ns = fresh(`twins-${(run += 1)}`);
            // Twins share a namespace, each in its own limiter, so both start from the same (empty) state.
            const [one, two] = [await f.open(), await f.open()];
            try {
              for (const op of ops) {
                for (const limiterOfTwin of [one, two]) {
                  if (op.kind === 'debit') await limiterOfTwin.debit(checksOf(ns, bursts, op.checks));
                  else await limiterOfTwin.consume(checksOf(ns, bursts, op.checks));
                }
              }
              const checks = checksOf(ns, bursts, probe);
              const together = await one.consume(checks);
              if (together.allowed) {
                for (const check of checks) expect((await two.consume([check])).allowed).toBe(true);
              }
              // Same state afterwards: every key reports the same units left and the same wait (zero-cost probes).
              for (const key of [0, 1, 2]) {
                const [look] = checksOf(ns, bursts, [{ key, cost: 0 }]);
                if (look === undefined) throw new Error('unreachable');
                expectSameOutcome(await one.consume([look]), await two.consume([look]));
                const fit = { ...look, cost: bursts[key] ?? 1 };
                expectSameOutcome(await one.consume([fit]), await two.consume([fit]));
              }
            } finally {
              await one.close();
              await two.close();
            }
          },
        ),
        { numRuns },
      );
    });

    it('refuses every call once closed', async () => {
      const closing = await f.open();
      await closing.close();
      await expect(
        closing.consume([{ key: fresh('closed'), rule: SIX_PER_MINUTE, cost: 1 }]),
      ).rejects.toMatchObject({
        code: 'VG_LIMIT_UNAVAILABLE',
      });
    });
  });
}
