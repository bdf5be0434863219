/**
 * Retry delays and the circuit breaker, with the clock and the randomness injected: every number here is
 * exact.
 */
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  CircuitBreaker,
  parseRetryAfterMs,
  retryDelayMs,
  sleep,
  UpstreamFailure,
  type BreakerPermit,
  type BreakerState,
} from '../../../src/gateway/providers/resilience.js';

const policy = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

function failure(status: UpstreamFailure['status'], retryAfterMs?: number): UpstreamFailure {
  return new UpstreamFailure('VG_UPSTREAM_ERROR', `upstream test returned ${String(status)}`, {
    status,
    retryAfterMs,
  });
}

describe('backoff with full jitter', () => {
  it('draws uniformly below a ceiling that doubles per attempt up to the maximum', () => {
    const almostOne = () => 0.999999;
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, almostOne))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(2, policy, () => 0.5)).toBe(200);
  });

  it('retries 429, 500, 502, 503, 504, network errors and timeouts, and nothing else', () => {
    const half = () => 0.5;
    for (const status of [429, 500, 502, 503, 504, 'network', 'timeout'] as const) {
      expect(retryDelayMs(failure(status), 1, policy, half)).toBe(100);
    }
    for (const status of [400, 401, 404, 422, 501, 505, 302]) {
      expect(retryDelayMs(failure(status), 0, policy, half)).toBeUndefined();
    }
  });

  it('waits exactly the upstream Retry-After up to the cap, and gives the route up beyond it', () => {
    expect(retryDelayMs(failure(429, 2000), 0, policy, () => 0.5)).toBe(2000);
    expect(retryDelayMs(failure(503, 5000), 0, policy, () => 0.5)).toBe(5000);
    expect(retryDelayMs(failure(503, 5001), 0, policy, () => 0.5)).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delay-seconds, an HTTP-date (RFC 9110 §10.2.3) and retry-after-ms', () => {
    expect(parseRetryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(parseRetryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }, now)).toBe(7000);
    expect(parseRetryAfterMs({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfterMs({ 'retry-after-ms': '250.5', 'retry-after': '9' }, now)).toBe(251);
  });
  it('ignores absent and malformed values', () => {
    expect(parseRetryAfterMs({}, now)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after': '-1' }, now)).toBeUndefined();
    expect(parseRetryAfterMs({ 'retry-after-ms': 'x' }, now)).toBeUndefined();
  });
});

/** A permit the test knows the breaker must grant. */
function acquire(b: CircuitBreaker): BreakerPermit {
  const permit = b.tryAcquire();
  if (permit === undefined) throw new Error('the breaker refused a request it should have let through');
  return permit;
}

describe('CircuitBreaker', () => {
  function breaker() {
    let time = 0;
    const states: BreakerState[] = [];
    const b = new CircuitBreaker({
      failures: 3,
      cooldownMs: 10_000,
      now: () => time,
      onStateChange: (s) => states.push(s),
    });
    return { b, states, advance: (ms: number) => (time += ms) };
  }

  it('opens after N consecutive failures; a success in between resets the count', () => {
    const { b, states } = breaker();
    for (let i = 0; i < 2; i++) b.onFailure(acquire(b));
    b.onSuccess(acquire(b));
    for (let i = 0; i < 2; i++) b.onFailure(acquire(b));
    expect(b.state).toBe('closed');
    b.onFailure(acquire(b));
    expect(b.state).toBe('open');
    expect(states).toEqual(['open']);
    expect(b.tryAcquire()).toBeUndefined();
  });

  it('half-opens after the cooldown, lets exactly one trial through, and closes on its success', () => {
    const { b, states, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure(acquire(b));
    advance(9_999);
    expect(b.retryAfterMs()).toBe(1);
    expect(b.tryAcquire()).toBeUndefined();
    advance(1);
    const trial = b.tryAcquire();
    expect(trial).toEqual({ trial: true });
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBeUndefined(); // one trial at a time
    b.onSuccess(trial as BreakerPermit);
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toEqual({ trial: false });
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for a full cooldown when the trial fails', () => {
    const { b, states, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure(acquire(b));
    advance(10_000);
    b.onFailure(acquire(b));
    expect(b.state).toBe('open');
    expect(b.retryAfterMs()).toBe(10_000);
    expect(states).toEqual(['open', 'half-open', 'open']);
  });

  it('does not let answers of requests sent before it opened close it, and frees a released trial', () => {
    const { b, advance } = breaker();
    const early = acquire(b);
    for (let i = 0; i < 3; i++) b.onFailure(acquire(b));
    b.onSuccess(early);
    expect(b.state).toBe('open');
    advance(10_000);
    const trial = acquire(b);
    b.release(trial); // e.g. the client went away
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toEqual({ trial: true });
  });
});

describe('sleep', () => {
  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(new Error('gone')), 20);
    await expect(waiting).rejects.toThrow('gone');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
