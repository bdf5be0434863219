/**
 * The rate-limit port of the gateway and its in-process implementation.
 *
 * One request is checked against several keys at once (the API key, the user, the tenant; requests and
 * tokens). Either every key admits it and all are charged, or none is charged: charging the key limit for a
 * request the tenant limit then refuses would make a refused client wait twice. The Redis implementation
 * (redis-limiter.ts) does the same thing in one Lua script so that replicas share the counters.
 */
import { VeilgateError } from '../../errors.js';
import { consumeGcra, debitGcra, gcraParameters, RESTED_TAT, type GcraLimit } from './gcra.js';

export interface LimitRule {
  readonly perMinute: number;
  /** Units that may be spent at once by a rested key; defaults to `perMinute`. */
  readonly burst?: number;
}

export interface LimitCheck {
  readonly key: string;
  readonly rule: LimitRule;
  /** Units this request weighs: 1 for a request limit, the estimated prompt tokens for a token limit. */
  readonly cost: number;
}

export interface LimitOutcome {
  readonly allowed: boolean;
  /** 0 when allowed; -1 when the cost can never fit the burst of a key (answer 413 or 429, do not retry). */
  readonly retryAfterMs: number;
  /** Units left on `key` after this decision. */
  readonly remaining: number;
  /** When refused, the first refusing key; when allowed, the key with the fewest units left. */
  readonly key: string;
}

export interface RateLimiter {
  /** Checks ALL keys atomically: either every check passes and all are charged, or none is charged and the outcome
   *  of the first refusing check is returned (with the longest retryAfterMs among refusals). */
  consume(checks: readonly LimitCheck[]): Promise<LimitOutcome>;
  /** Charge after the fact (tokens used by a response); never refuses. */
  debit(checks: readonly LimitCheck[]): Promise<void>;
  close(): Promise<void>;
}

export interface MemoryRateLimiter extends RateLimiter {
  /** Keys currently held (for metrics and for the test of the bound). */
  keyCount(): number;
}

export const LIMIT_PERIOD_MS = 60_000;

/** Outcome of an empty list of checks: nothing limits the request. */
const UNLIMITED: LimitOutcome = {
  allowed: true,
  retryAfterMs: 0,
  remaining: Number.POSITIVE_INFINITY,
  key: '',
};

const DEFAULT_MAX_KEYS = 100_000;

export function gcraLimitOf(rule: LimitRule): GcraLimit {
  return { rate: rule.perMinute, periodMs: LIMIT_PERIOD_MS, burst: rule.burst };
}

/**
 * Validates every rule and cost before anything is charged, so that a bad check throws VG_CONFIG_INVALID
 * instead of leaving half of the keys charged.
 */
export function validateChecks(checks: readonly LimitCheck[]): void {
  for (const check of checks) {
    gcraParameters(gcraLimitOf(check.rule));
    if (!Number.isFinite(check.cost) || check.cost < 0) {
      throw new VeilgateError(
        'VG_CONFIG_INVALID',
        'A rate-limit cost must be a finite number of units >= 0.',
      );
    }
  }
}

/**
 * Decides a list of checks against the states read by `tatOf`, all or nothing. Checks naming the same key
 * see each other's charge, as they would if they arrived one after the other. Returns the states to write
 * (empty when refused).
 */
export function consumeAll(
  checks: readonly LimitCheck[],
  tatOf: (key: string) => number,
  now: number,
): { readonly outcome: LimitOutcome; readonly writes: ReadonlyMap<string, number> } {
  validateChecks(checks);
  const pending = new Map<string, number>();
  let refusal: LimitOutcome | undefined;
  let tightest: LimitOutcome = UNLIMITED;
  for (const { key, rule, cost } of checks) {
    const decision = consumeGcra(pending.get(key) ?? tatOf(key), gcraLimitOf(rule), cost, now);
    if (!decision.allowed) {
      if (refusal === undefined) {
        refusal = { allowed: false, retryAfterMs: decision.retryAfterMs, remaining: decision.remaining, key };
      } else if (refusal.retryAfterMs !== -1) {
        // "Never" outranks any wait; otherwise the caller must wait for the slowest refusing key.
        const longest =
          decision.retryAfterMs === -1 ? -1 : Math.max(refusal.retryAfterMs, decision.retryAfterMs);
        refusal = { ...refusal, retryAfterMs: longest };
      }
      continue;
    }
    pending.set(key, decision.tat);
    if (decision.remaining < tightest.remaining) {
      tightest = { allowed: true, retryAfterMs: 0, remaining: decision.remaining, key };
    }
  }
  if (refusal !== undefined) return { outcome: refusal, writes: new Map() };
  return { outcome: tightest, writes: pending };
}

/** Charges every check after the fact; returns the states to write. */
export function debitAll(
  checks: readonly LimitCheck[],
  tatOf: (key: string) => number,
  now: number,
): ReadonlyMap<string, number> {
  validateChecks(checks);
  const pending = new Map<string, number>();
  for (const { key, rule, cost } of checks) {
    pending.set(key, debitGcra(pending.get(key) ?? tatOf(key), gcraLimitOf(rule), cost, now));
  }
  return pending;
}

/**
 * Counters in this process only: right for a single gateway, wrong for replicas (each would grant the full
 * limit). The map holds at most `maxKeys` entries. A key whose TAT is in the past is fully rested, so dropping
 * it loses nothing; those go first. If every key is still busy, the least recently used one is dropped, which
 * forgets its debt: size maxKeys well above the number of active keys (default 100 000).
 */
export function createMemoryLimiter(
  options: { now?: () => number; maxKeys?: number } = {},
): MemoryRateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
    throw new VeilgateError('VG_CONFIG_INVALID', 'The rate limiter maxKeys must be an integer >= 1.');
  }
  // Insertion order doubles as recency order: every write deletes and re-inserts its key.
  const tats = new Map<string, number>();
  // No key can have come to rest before this instant, so sweeping earlier would find nothing to drop.
  let nextSweepAt = Number.NEGATIVE_INFINITY;
  let closed = false;

  const tatOf = (key: string): number => tats.get(key) ?? RESTED_TAT;

  function makeRoom(at: number): void {
    if (at >= nextSweepAt) {
      let earliest = Number.POSITIVE_INFINITY;
      for (const [key, tat] of tats) {
        if (tat <= at) tats.delete(key);
        else earliest = Math.min(earliest, tat);
      }
      nextSweepAt = earliest;
    }
    while (tats.size >= maxKeys) {
      const oldest = tats.keys().next();
      if (oldest.done === true) break;
      tats.delete(oldest.value);
    }
  }

  function write(writes: ReadonlyMap<string, number>, at: number): void {
    for (const [key, tat] of writes) {
      tats.delete(key);
      if (tat <= at) continue; // rested: the same as no entry
      if (tats.size >= maxKeys) makeRoom(at);
      tats.set(key, tat);
      // A new key may come to rest before the sweep time computed earlier.
      nextSweepAt = Math.min(nextSweepAt, tat);
    }
  }

  function ensureOpen(): void {
    if (closed) throw new VeilgateError('VG_LIMIT_UNAVAILABLE', 'The rate limiter is closed.');
  }

  return {
    async consume(checks) {
      ensureOpen();
      const at = now();
      const { outcome, writes } = consumeAll(checks, tatOf, at);
      write(writes, at);
      return outcome;
    },
    async debit(checks) {
      ensureOpen();
      const at = now();
      write(debitAll(checks, tatOf, at), at);
    },
    keyCount() {
      return tats.size;
    },
    async close() {
      closed = true;
      tats.clear();
    },
  };
}
