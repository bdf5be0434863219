/**
 * Everything that keeps a misbehaving upstream from hurting the gateway: one bounded HTTP exchange (deadline,
 * size caps, error classification), retry delays (exponential backoff with full jitter, Retry-After), and a
 * circuit breaker per provider. Time and randomness come in as parameters so tests are deterministic.
 */
import { request, type Dispatcher } from 'undici';
import { VeilgateError, type ErrorCode } from '../../errors.js';
import { readSseEvents } from './sse.js';
import type { UpstreamRequest, UpstreamResponse } from './types.js';

export type AttemptStatus = number | 'network' | 'timeout';

/**
 * One failed upstream attempt. `status` is what the router reports and decides retries on; `retryAfterMs` is
 * the upstream's own Retry-After (or, on VG_UPSTREAM_UNAVAILABLE, when a breaker lets requests through again),
 * which the HTTP layer can pass to the client.
 */
export class UpstreamFailure extends VeilgateError {
  readonly status: AttemptStatus;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: { status: AttemptStatus; retryAfterMs?: number | undefined; cause?: unknown },
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Statuses that say "try again": rate limited, or a transient server or gateway failure. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export function isRetryableStatus(status: AttemptStatus): boolean {
  return typeof status === 'string' || RETRYABLE_STATUSES.has(status);
}

// ---------------------------------------------------------------------------------------------------------
// Retry delays

export interface RetryPolicy {
  /** First backoff ceiling; doubles per attempt. */
  readonly baseDelayMs: number;
  /** Largest backoff ceiling. */
  readonly maxDelayMs: number;
  /** Longest upstream Retry-After the router waits; a longer one moves on to the fallbacks instead. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
});

/**
 * "Full jitter" backoff (AWS Architecture Blog, "Exponential Backoff and Jitter", 2015): a uniform delay in
 * [0, min(max, base·2^attempt)), which spreads the retries of many clients instead of synchronising them.
 * `attempt` counts from 0 for the first retry; `random` returns values in [0, 1).
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * How long to wait before retrying after `failure`, or undefined when it should not be retried: the status is
 * not transient, or the upstream asked for a longer pause than the policy allows.
 */
export function retryDelayMs(
  failure: UpstreamFailure,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (!isRetryableStatus(failure.status)) return undefined;
  if (failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs <= policy.maxRetryAfterMs ? failure.retryAfterMs : undefined;
  }
  return backoffDelayMs(attempt, policy, random);
}

/**
 * The upstream's requested pause: `retry-after-ms` (sent by OpenAI and Azure OpenAI), else `Retry-After` as
 * delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Unparseable values are ignored.
 */
export function parseRetryAfterMs(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  nowMs: number,
): number | undefined {
  const ms = firstHeader(headers['retry-after-ms']);
  if (ms !== undefined && /^\d+(?:\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = firstHeader(headers['retry-after'])?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // All three HTTP-date forms start with a day name; Date.parse alone would take "-1" as a year.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Circuit breaker

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failures: number;
  /** Time the circuit stays open before one trial request may pass. */
  readonly cooldownMs: number;
  readonly now: () => number;
  readonly onStateChange?: (state: BreakerState) => void;
}

/** Leave to send one request; report its outcome with the same permit. */
export interface BreakerPermit {
  /** The single trial request of a half-open circuit. */
  readonly trial: boolean;
}

/**
 * closed → (N consecutive failures) → open → (cooldown elapsed) → half-open: one trial request passes, the
 * others are refused; its success closes the circuit, its failure opens it for another cooldown (the
 * "Circuit Breaker" pattern, M. Nygard, Release It!, ch. 5). Only the trial's outcome moves a half-open
 * circuit, so answers of requests sent before it opened cannot close it early.
 */
export class CircuitBreaker {
  readonly #options: BreakerOptions;
  #state: BreakerState = 'closed';
  #consecutiveFailures = 0;
  #openedAt = 0;
  #trialInFlight = false;

  constructor(options: BreakerOptions) {
    this.#options = options;
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** A permit to send, or undefined while the circuit refuses requests. */
  tryAcquire(): BreakerPermit | undefined {
    if (this.#state === 'closed') return { trial: false };
    if (this.#state === 'open') {
      if (this.#options.now() - this.#openedAt < this.#options.cooldownMs) return undefined;
      this.#transition('half-open');
    }
    if (this.#trialInFlight) return undefined;
    this.#trialInFlight = true;
    return { trial: true };
  }

  onSuccess(permit: BreakerPermit): void {
    if (permit.trial) {
      this.#trialInFlight = false;
      this.#consecutiveFailures = 0;
      this.#transition('closed');
    } else if (this.#state === 'closed') {
      this.#consecutiveFailures = 0;
    }
  }

  onFailure(permit: BreakerPermit): void {
    if (permit.trial) {
      this.#trialInFlight = false;
      this.#open();
    } else if (this.#state === 'closed') {
      this.#consecutiveFailures += 1;
      if (this.#consecutiveFailures >= this.#options.failures) this.#open();
    }
  }

  /** The request ended without saying anything about the upstream's health (cancelled, rate limited). */
  release(permit: BreakerPermit): void {
    if (permit.trial) this.#trialInFlight = false;
  }

  /** Time until an open circuit lets a trial through; 0 when it is not open. */
  retryAfterMs(): number {
    if (this.#state !== 'open') return 0;
    return Math.max(0, this.#openedAt + this.#options.cooldownMs - this.#options.now());
  }

  #open(): void {
    this.#openedAt = this.#options.now();
    this.#consecutiveFailures = 0;
    this.#transition('open');
  }

  #transition(state: BreakerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.onStateChange?.(state);
  }
}

// ---------------------------------------------------------------------------------------------------------
// One bounded HTTP exchange with an upstream

export interface UpstreamLimits {
  /** Largest JSON body, and largest whole stream, in bytes. */
  readonly maxResponseBytes: number;
  /** Largest single SSE event in bytes. */
  readonly maxEventBytes: number;
}

export const DEFAULT_UPSTREAM_LIMITS: UpstreamLimits = Object.freeze({
  maxResponseBytes: 16 * 1024 * 1024,
  maxEventBytes: 1024 * 1024,
});

export interface UpstreamHttpCall {
  readonly dispatcher: Dispatcher;
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Ask for an SSE stream; a JSON answer is still accepted (error statuses always are JSON). */
  readonly stream: boolean;
  readonly signal: AbortSignal;
  /** Deadline for the response headers, and for the whole body of a JSON answer; longest silence in a stream. */
  readonly timeoutMs: number;
  readonly limits: UpstreamLimits;
  readonly provider: string;
  readonly model: string;
  readonly now: () => number;
}

/** The JSON body sent upstream: the guarded request with the route's upstream model, `stream` as asked. */
export function upstreamBody(request: UpstreamRequest & { readonly upstreamModel: string }): string {
  const body: Record<string, unknown> = { ...request.body, model: request.upstreamModel };
  if (request.stream || 'stream' in body) body.stream = request.stream;
  return JSON.stringify(body);
}

/**
 * A provider's configured static headers after the gateway's user-agent, names lower-cased so a configured
 * header cannot sit beside one the gateway sets under another spelling.
 */
export function configuredHeaders(
  configured: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'veilgate' };
  for (const [name, value] of Object.entries(configured ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

/**
 * Sends one request. Returns 2xx answers (JSON or a stream) and 4xx answers other than 429 (the client's own
 * mistakes, passed on with their status). Throws UpstreamFailure for everything else: 429 and 5xx statuses,
 * network errors, timeouts, invalid JSON, oversized bodies. A cancelled `signal` rethrows its reason when that
 * is a VeilgateError (so the caller can abort with VG_UPSTREAM_TIMEOUT), else VG_UPSTREAM_ERROR.
 */
export async function callUpstream(call: UpstreamHttpCall): Promise<UpstreamResponse> {
  const timeoutMs = Math.max(1, Math.ceil(call.timeoutMs)); // undici takes whole milliseconds only
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort();
  }, call.timeoutMs);
  const signal = AbortSignal.any([call.signal, deadline.signal]);
  const failed = (err: unknown): VeilgateError => {
    if (err instanceof VeilgateError) return err;
    if (call.signal.aborted) return cancelled(call.signal.reason);
    if (timedOut || isUndiciTimeout(err)) {
      return new UpstreamFailure(
        'VG_UPSTREAM_TIMEOUT',
        `upstream ${call.provider} did not answer within ${call.timeoutMs} ms`,
        { status: 'timeout', cause: err },
      );
    }
    return new UpstreamFailure('VG_UPSTREAM_ERROR', `upstream ${call.provider} could not be reached`, {
      status: 'network',
      cause: err,
    });
  };

  let response: Dispatcher.ResponseData;
  try {
    response = await request(call.url, {
      dispatcher: call.dispatcher,
      method: call.method,
      headers: { ...call.headers, accept: call.stream ? 'text/event-stream' : 'application/json' },
      body: call.body ?? null,
      signal,
      headersTimeout: timeoutMs,
      // Streams are watched for silence by readSseEvents, which does not count time the client takes to read.
      bodyTimeout: call.stream ? 0 : timeoutMs,
    });
  } catch (err) {
    clearTimeout(timer);
    throw failed(err);
  }

  const status = response.statusCode;
  const contentType = firstHeader(response.headers['content-type']) ?? '';
  if (status >= 200 && status < 300 && call.stream && contentType.startsWith('text/event-stream')) {
    clearTimeout(timer); // the deadline was for the first byte; from here on the idle timeout applies
    const events = readSseEvents(response.body, {
      maxEventBytes: call.limits.maxEventBytes,
      maxStreamBytes: call.limits.maxResponseBytes,
      idleTimeoutMs: call.timeoutMs,
    });
    return { kind: 'stream', status, events, provider: call.provider, model: call.model };
  }

  let text: string;
  try {
    text = await readBodyWithLimit(response, call.limits.maxResponseBytes, call.provider);
  } catch (err) {
    throw failed(err);
  } finally {
    clearTimeout(timer);
  }

  if (status >= 200 && status < 300) {
    const body = parseJson(text);
    if (body === undefined) {
      throw new UpstreamFailure('VG_UPSTREAM_ERROR', `upstream ${call.provider} returned invalid JSON`, {
        status,
      });
    }
    return { kind: 'json', status, body, provider: call.provider, model: call.model };
  }
  if (status >= 400 && status < 500 && status !== 429) {
    const body = parseJson(text) ?? {
      error: { message: `upstream returned ${status}`, type: 'upstream_error' },
    };
    return { kind: 'json', status, body, provider: call.provider, model: call.model };
  }
  throw new UpstreamFailure('VG_UPSTREAM_ERROR', `upstream ${call.provider} returned ${status}`, {
    status,
    retryAfterMs: parseRetryAfterMs(response.headers, call.now()),
  });
}

/** The error for a request whose signal aborted: the signal's own VeilgateError, else VG_UPSTREAM_ERROR. */
export function cancelled(reason: unknown): VeilgateError {
  if (reason instanceof VeilgateError) return reason;
  return new VeilgateError('VG_UPSTREAM_ERROR', 'upstream request cancelled', { cause: reason });
}

function isUndiciTimeout(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

/** Reads a whole body, counting bytes as they arrive, and gives up (closing the connection) past `maxBytes`. */
async function readBodyWithLimit(
  response: Dispatcher.ResponseData,
  maxBytes: number,
  provider: string,
): Promise<string> {
  const tooLarge = (): UpstreamFailure =>
    new UpstreamFailure(
      'VG_UPSTREAM_TOO_LARGE',
      `upstream ${provider} response exceeds the limit of ${maxBytes} bytes`,
      { status: response.statusCode },
    );
  const declared = Number(firstHeader(response.headers['content-length']));
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(); // leaving the loop destroys the body
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
