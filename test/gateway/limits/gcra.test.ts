import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consumeGcra, debitGcra, RESTED_TAT, type GcraLimit } from '../../../src/gateway/limits/gcra.js';

const START = 1_750_000_000_000; // a realistic epoch time in ms, where float rounding actually bites

const limitArb: fc.Arbitrary<GcraLimit> = fc.record(
  {
    rate: fc.oneof(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.double({ min: 0.01, max: 10_000, noNaN: true }),
    ),
    periodMs: fc.integer({ min: 1, max: 3_600_000 }),
    burst: fc.oneof(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.double({ min: 0.5, max: 10_000, noNaN: true }),
    ),
  },
  { requiredKeys: ['rate', 'periodMs'] },
);

interface Step {
  /** Time since the previous step, as a fraction of the period (0 often: bursts are where limits bite). */
  readonly gapFraction: number;
  /** Cost as a fraction of the burst (> 1 asks for more than can ever fit), or exactly one unit when 0. */
  readonly costFraction: number;
  readonly debit: boolean;
}

const stepsArb = fc.array(
  fc.record({
    gapFraction: fc.oneof(
      fc.constant(0),
      fc.double({ min: 0, max: 0.05, noNaN: true }),
      fc.double({ min: 0, max: 2, noNaN: true }),
    ),
    costFraction: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1.2, noNaN: true })),
    debit: fc.boolean(),
  }),
  { maxLength: 40 },
);

function costOf(limit: GcraLimit, step: Step, integral: boolean): number {
  if (step.costFraction === 0) return 1;
  const raw = (limit.burst ?? limit.rate) * step.costFraction;
  return integral ? Math.round(raw) : raw;
}

/** Replays steps from a rested key; returns the state, the clock and what was admitted when. */
function replay(limit: GcraLimit, steps: readonly Step[], withDebits: boolean, integral: boolean) {
  let tat = RESTED_TAT;
  let now = START;
  const admitted: { at: number; cost: number }[] = [];
  for (const step of steps) {
    now += Math.floor(step.gapFraction * limit.periodMs); // whole ms, as Date.now() and Redis TIME give
    const cost = costOf(limit, step, integral);
    if (withDebits && step.debit) {
      tat = debitGcra(tat, limit, cost, now);
      continue;
    }
    const decision = consumeGcra(tat, limit, cost, now);
    if (decision.allowed) admitted.push({ at: now, cost });
    tat = decision.tat;
  }
  return { tat, now, admitted };
}

describe('GCRA', () => {
  it('never admits more than burst + rate × elapsed in any window', () => {
    fc.assert(
      fc.property(limitArb, stepsArb, fc.boolean(), (limit, steps, integral) => {
        const { admitted } = replay(limit, steps, false, integral);
        const burst = limit.burst ?? limit.rate;
        for (let i = 0; i < admitted.length; i += 1) {
          let sum = 0;
          for (let j = i; j < admitted.length; j += 1) {
            const a = admitted[j];
            const first = admitted[i];
            if (a === undefined || first === undefined) throw new Error('unreachable');
            sum += a.cost;
            // Epoch milliseconds near 1.75e12 resolve 2.4e-4 ms, and every step may round the TAT by up to that:
            // the guarantee holds up to that much time per step, which is far below one unit for real rules.
            const clockSlackMs = (steps.length + 1) * 2.5e-4;
            const bound = burst + (limit.rate * (a.at - first.at + clockSlackMs)) / limit.periodMs;
            expect(sum).toBeLessThanOrEqual(bound * (1 + 1e-9) + 1e-9);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a refused request leaves the state unchanged', () => {
    fc.assert(
      fc.property(
        limitArb,
        stepsArb,
        fc.double({ min: 0, max: 2, noNaN: true }),
        (limit, steps, fraction) => {
          const { tat, now } = replay(limit, steps, true, false);
          const decision = consumeGcra(tat, limit, (limit.burst ?? limit.rate) * fraction, now);
          if (!decision.allowed) expect(decision.tat).toBe(tat);
          else expect(decision.tat).toBeGreaterThanOrEqual(Math.max(tat, now));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('retryAfterMs is exact: admitted at now + retryAfterMs, still refused 1 ms earlier', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        limitArb,
        stepsArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (limit, steps, fraction, integral) => {
          const { tat, now } = replay(limit, steps, true, integral);
          const raw = (limit.burst ?? limit.rate) * fraction;
          const cost = integral ? Math.min(Math.round(raw), Math.floor(limit.burst ?? limit.rate)) : raw;
          const refused = consumeGcra(tat, limit, cost, now);
          if (refused.allowed) return;
          checked += 1;
          expect(refused.retryAfterMs).toBeGreaterThan(0);
          expect(consumeGcra(tat, limit, cost, now + refused.retryAfterMs).allowed).toBe(true);
          expect(consumeGcra(tat, limit, cost, now + refused.retryAfterMs - 1).allowed).toBe(false);
        },
      ),
      { numRuns: 1_000 },
    );
    // The generators must actually reach refusals, or the property above says nothing.
    expect(checked).toBeGreaterThan(50);
  });

  it('a rested key admits any cost up to the burst, and reports what is left', () => {
    fc.assert(
      fc.property(limitArb, fc.double({ min: 0, max: 1, noNaN: true }), (limit, fraction) => {
        const burst = limit.burst ?? limit.rate;
        const cost = Math.floor(burst * fraction);
        const decision = consumeGcra(RESTED_TAT, limit, cost, START);
        expect(decision.allowed).toBe(true);
        if (Number.isInteger(burst)) expect(decision.remaining).toBe(burst - cost);
      }),
      { numRuns: 500 },
    );
  });

  it('a cost above the burst is refused with -1 ("never"), whatever the state', () => {
    fc.assert(
      fc.property(
        limitArb,
        stepsArb,
        fc.double({ min: 1.000001, max: 100, noNaN: true }),
        (limit, steps, factor) => {
          const { tat, now } = replay(limit, steps, true, false);
          const decision = consumeGcra(tat, limit, (limit.burst ?? limit.rate) * factor, now + 10 ** 9);
          expect(decision).toMatchObject({ allowed: false, retryAfterMs: -1, tat });
        },
      ),
    );
  });

  it('60 per minute: 60 at once, then one per second', () => {
    const limit = { rate: 60, periodMs: 60_000 };
    let tat = RESTED_TAT;
    for (let i = 0; i < 60; i += 1) {
      const d = consumeGcra(tat, limit, 1, START);
      expect(d).toMatchObject({ allowed: true, remaining: 59 - i });
      tat = d.tat;
    }
    const refused = consumeGcra(tat, limit, 1, START);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 1_000, remaining: 0, resetMs: 60_000 });
    expect(consumeGcra(tat, limit, 1, START + 999).allowed).toBe(false);
    const next = consumeGcra(tat, limit, 1, START + 1_000);
    expect(next).toMatchObject({ allowed: true, remaining: 0, resetMs: 60_000 });
    // Five units need five seconds of refill after the bucket is empty.
    expect(consumeGcra(next.tat, limit, 5, START + 1_000).retryAfterMs).toBe(5_000);
  });

  it('a smaller burst spreads the allowance', () => {
    const limit = { rate: 600, periodMs: 60_000, burst: 10 };
    let tat = RESTED_TAT;
    for (let i = 0; i < 10; i += 1) tat = consumeGcra(tat, limit, 1, START).tat;
    expect(consumeGcra(tat, limit, 1, START)).toMatchObject({ allowed: false, retryAfterMs: 100 });
  });

  it('a debit is always applied, past the burst, and makes the next request wait for it', () => {
    const limit = { rate: 1_000, periodMs: 60_000 }; // 60 ms per unit
    const tat = debitGcra(RESTED_TAT, limit, 3_000, START); // three minutes' worth
    expect(tat).toBe(START + 180_000);
    // Burst is 1 000 units = 60 s of tolerance: the next unit may go once 120 s of debt have drained.
    const refused = consumeGcra(tat, limit, 1, START);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 120_060, remaining: 0, resetMs: 180_000 });
    expect(debitGcra(tat, limit, 0, START + 500_000)).toBe(START + 500_000);
  });

  it('rejects rules and costs that are not finite positive numbers', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => consumeGcra(RESTED_TAT, { rate: bad, periodMs: 1 }, 1, START)).toThrow(
        expect.objectContaining({ code: 'VG_CONFIG_INVALID' }),
      );
      expect(() => consumeGcra(RESTED_TAT, { rate: 1, periodMs: bad }, 1, START)).toThrow(
        expect.objectContaining({ code: 'VG_CONFIG_INVALID' }),
      );
      expect(() => consumeGcra(RESTED_TAT, { rate: 1, periodMs: 1, burst: bad }, 1, START)).toThrow(
        expect.objectContaining({ code: 'VG_CONFIG_INVALID' }),
      );
    }
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => consumeGcra(RESTED_TAT, { rate: 1, periodMs: 1 }, bad, START)).toThrow(
        expect.objectContaining({ code: 'VG_CONFIG_INVALID' }),
      );
      expect(() => debitGcra(RESTED_TAT, { rate: 1, periodMs: 1 }, bad, START)).toThrow(
        expect.objectContaining({ code: 'VG_CONFIG_INVALID' }),
      );
    }
  });
});
