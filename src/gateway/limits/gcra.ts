/**
 * GCRA, the generic cell rate algorithm, in its "virtual scheduling" form (ITU-T Recommendation I.371 and the
 * ATM Forum Traffic Management Specification 4.0 define GCRA(I, L) this way): the only state is the theoretical
 * arrival time TAT, the instant at which the key would be fully rested if every admitted unit had arrived exactly
 * one emission interval I apart. A cell arriving at t conforms iff TAT <= t + L; it then sets
 * TAT := max(TAT, t) + I. A non-conforming cell leaves TAT unchanged.
 *
 * Here a request weighs `cost` units (1 for a request, N for N tokens), which is GCRA applied to `cost`
 * back-to-back cells at once: the request conforms iff max(TAT, now) + cost·I - burst·I <= now. With
 * I = period / rate and a tolerance of burst·I, a rested key admits `burst` units at once and afterwards
 * `rate` units per `period`, so over any window of length w at most burst + rate·w/period units are admitted.
 *
 * Pure: no clock and no storage. Time is passed in, state comes in and goes out as a number. Times are epoch
 * milliseconds in doubles, which resolve 2.4e-4 ms today: each charge may round the TAT by about 1e-4 ms, far
 * less than one unit for any practical rule (a 10-million-tokens-per-minute rule has 6e-3 ms per token).
 */
import { VeilgateError } from '../../errors.js';

/** The state of a key nobody has used: any TAT at or before `now` means "fully rested". */
export const RESTED_TAT = 0;

export interface GcraLimit {
  /** Units admitted per period in the long run. */
  readonly rate: number;
  /** Length of the period in milliseconds. */
  readonly periodMs: number;
  /** Units a rested key may spend at once; defaults to `rate` (a whole period's allowance up front). */
  readonly burst?: number;
}

export interface GcraDecision {
  readonly allowed: boolean;
  /** Units that could still be spent right now after this decision (0 when refused or exhausted). */
  readonly remaining: number;
  /**
   * Whole milliseconds to wait before the same request would be admitted: 0 when allowed, -1 when it can never
   * be admitted because its cost exceeds the burst (the gateway answers 413/429 with a clear message).
   */
  readonly retryAfterMs: number;
  /** Whole milliseconds until the key is fully rested again (the full burst available). */
  readonly resetMs: number;
  /** The state to store: the new TAT when allowed, the unchanged one when refused. */
  readonly tat: number;
}

interface GcraParameters {
  /** Emission interval I: milliseconds one unit occupies. */
  readonly interval: number;
  /** Burst capacity in units. */
  readonly burst: number;
  /** Tolerance burst·I in milliseconds. */
  readonly tolerance: number;
}

/** Checks a limit once; config loading should call this so a bad rule fails at start, not on a request. */
export function gcraParameters(limit: GcraLimit): GcraParameters {
  const { rate, periodMs } = limit;
  const burst = limit.burst ?? rate;
  if (!isPositiveFinite(rate)) throw invalid('rate');
  if (!isPositiveFinite(periodMs)) throw invalid('period');
  if (!isPositiveFinite(burst)) throw invalid('burst');
  const interval = periodMs / rate;
  return { interval, burst, tolerance: burst * interval };
}

/**
 * Admits `cost` units at `now` if the limit allows it, or refuses and says how long to wait.
 * A refused request does not touch the state: retrying does not push the wait further out.
 */
export function consumeGcra(tat: number, limit: GcraLimit, cost: number, now: number): GcraDecision {
  const { interval, burst, tolerance } = gcraParameters(limit);
  checkCost(cost);
  const start = Math.max(tat, now);
  // The debt in ms, taken before adding the cost so that `remaining` does not inherit the rounding of a large
  // absolute timestamp (1.7e12 ms has a resolution of 2.4e-4 ms, coarser than the interval of a fast token limit).
  const debt = start - now;
  if (cost > burst) {
    // More than the bucket can ever hold: waiting does not help, so say "never" instead of a wait time.
    return {
      allowed: false,
      remaining: unitsLeft(debt, interval, tolerance),
      retryAfterMs: -1,
      resetMs: wholeMs(debt),
      tat,
    };
  }
  // cost·I - tolerance <= 0 because cost <= burst, and floating-point rounding keeps that sign, so a rested
  // key (start = now) always admits: the comparison below never refuses a request that fits the burst.
  // For a key in debt, allowAt depends on the stored TAT alone, not on `now`: that makes retryAfterMs exact.
  const allowAt = start + (cost * interval - tolerance);
  if (allowAt > now) {
    return {
      allowed: false,
      remaining: unitsLeft(debt, interval, tolerance),
      // Rounded up so that consuming at now + retryAfterMs succeeds and one millisecond earlier does not.
      retryAfterMs: Math.ceil(allowAt - now),
      resetMs: wholeMs(debt),
      tat,
    };
  }
  const charged = debt + cost * interval;
  return {
    allowed: true,
    remaining: unitsLeft(charged, interval, tolerance),
    retryAfterMs: 0,
    resetMs: wholeMs(charged),
    tat: start + cost * interval,
  };
}

/**
 * Charges `cost` units after the fact (completion tokens known only once the response is over). Always
 * applied, even past the burst: the debt pushes TAT into the future so the next requests wait for it.
 */
export function debitGcra(tat: number, limit: GcraLimit, cost: number, now: number): number {
  const { interval } = gcraParameters(limit);
  checkCost(cost);
  return Math.max(tat, now) + cost * interval;
}

/** Whole units still admissible with `debt` ms of the tolerance used. */
function unitsLeft(debt: number, interval: number, tolerance: number): number {
  // Advisory (it feeds the X-RateLimit-Remaining header), so a nudge of 1e-6 units absorbs the rounding that
  // would otherwise turn an exact 5 into 4.999... and floor it to 4.
  return Math.max(0, Math.floor((tolerance - debt) / interval + 1e-6));
}

function wholeMs(ms: number): number {
  return Math.max(0, Math.ceil(ms));
}

function checkCost(cost: number): void {
  if (!Number.isFinite(cost) || cost < 0) {
    throw new VeilgateError('VG_CONFIG_INVALID', 'A rate-limit cost must be a finite number of units >= 0.');
  }
}

function isPositiveFinite(n: number): boolean {
  return Number.isFinite(n) && n > 0;
}

function invalid(what: string): VeilgateError {
  return new VeilgateError('VG_CONFIG_INVALID', `A rate-limit ${what} must be a finite number > 0.`);
}
