/**
 * Routes a client's model name to a provider and an upstream model, and sends the request with retries,
 * fallbacks and a circuit breaker per provider.
 *
 * For one request the router builds a chain: the matching route, then its fallbacks (one level, in order;
 * routes that do not speak the request's wire format are left out). Each route in the chain is tried up to
 * `1 + retries` times:
 *
 * - 2xx and the client's own 4xx (not 429) end the request; the 4xx is returned, not thrown.
 * - 429, 500, 502, 503, 504, network errors and timeouts are retried after the upstream's Retry-After (when
 *   at most `maxRetryAfterMs`) or an exponential backoff with full jitter; other failures, and a Retry-After
 *   longer than the cap, move on to the next route at once.
 * - VG_UPSTREAM_TOO_LARGE ends the request: another attempt would only fetch the same oversized answer.
 * - A route whose provider's circuit is open is skipped. Failures other than 429 count towards opening it
 *   (429 says "slow down", not "broken").
 *
 * Streams are retried only on their response status: once a stream is returned, its events are the
 * caller's, and errors inside it surface from the iterator.
 *
 * When the chain is exhausted: a single route throws its own last error (VG_UPSTREAM_ERROR or _TIMEOUT), or
 * VG_UPSTREAM_UNAVAILABLE when its circuit is open; a chain with fallbacks throws VG_UPSTREAM_UNAVAILABLE.
 */
import { VeilgateError } from '../../errors.js';
import {
  cancelled,
  CircuitBreaker,
  retryDelayMs,
  sleep as sleepFor,
  UpstreamFailure,
  type RetryPolicy,
} from './resilience.js';
import {
  ENDPOINT_FORMAT,
  type ModelInfo,
  type Provider,
  type Router,
  type RouterEvents,
  type UpstreamRequest,
  type UpstreamResponse,
  type WireFormat,
} from './types.js';

export interface RouteSpec {
  /** The model name clients ask for, or a glob (`*` any characters, `?` one). */
  readonly name: string;
  readonly provider: Provider;
  /** Upstream model; default: the name the client asked for. */
  readonly model?: string | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
  /** Names (matched like client names) tried in order when this route fails. */
  readonly fallbacks: readonly string[];
}

export interface ModelRouterOptions {
  /** Exact names are matched first, then globs in this order. */
  readonly routes: readonly RouteSpec[];
  readonly breaker: { readonly failures: number; readonly cooldownMs: number };
  readonly retry: RetryPolicy;
  readonly events?: RouterEvents | undefined;
  /** Injectable for deterministic tests: clock, [0, 1) randomness, and the wait between retries. */
  readonly now?: (() => number) | undefined;
  readonly random?: (() => number) | undefined;
  readonly sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
}

interface Candidate {
  readonly route: RouteSpec;
  readonly upstreamModel: string;
}

const ROUTE_HINT: Readonly<Record<WireFormat, string>> = {
  openai: 'POST /v1/chat/completions (or /v1/completions, /v1/embeddings)',
  anthropic: 'POST /anthropic/v1/messages',
};

const FORMAT_NAME: Readonly<Record<WireFormat, string>> = { openai: 'OpenAI', anthropic: 'Anthropic' };

/** A client-supplied model name, quoted and shortened so it cannot stretch or break a log line. */
function quoted(model: string): string {
  return JSON.stringify(model.length > 100 ? `${model.slice(0, 100)}…` : model);
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\/]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`);
}

export class ModelRouter implements Router {
  readonly #exact = new Map<string, RouteSpec>();
  readonly #globs: { readonly pattern: RegExp; readonly route: RouteSpec }[] = [];
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #options: ModelRouterOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(options: ModelRouterOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? sleepFor;
    for (const route of options.routes) {
      if (/[*?]/.test(route.name)) this.#globs.push({ pattern: globToRegExp(route.name), route });
      else this.#exact.set(route.name, route);
    }
    for (const route of options.routes) {
      for (const fallback of route.fallbacks) {
        if (this.#match(fallback) === undefined) {
          throw new VeilgateError(
            'VG_CONFIG_INVALID',
            `model route ${route.name}: fallback ${fallback} matches no model route`,
          );
        }
      }
    }
  }

  resolve(model: string): ModelInfo {
    const route = this.#match(model);
    if (route === undefined) {
      throw new VeilgateError(
        'VG_GATEWAY_UNKNOWN_MODEL',
        `no route is configured for the model ${quoted(model)}`,
      );
    }
    return { id: model, provider: route.provider.name, formats: route.provider.formats };
  }

  models(): readonly ModelInfo[] {
    return [...this.#exact.values()].map((r) => ({
      id: r.name,
      provider: r.provider.name,
      formats: r.provider.formats,
    }));
  }

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const model = request.body.model;
    if (typeof model !== 'string' || model === '') {
      throw new VeilgateError('VG_GATEWAY_BAD_REQUEST', 'the request has no model');
    }
    const route = this.#match(model);
    if (route === undefined) {
      throw new VeilgateError(
        'VG_GATEWAY_UNKNOWN_MODEL',
        `no route is configured for the model ${quoted(model)}`,
      );
    }
    const format = ENDPOINT_FORMAT[request.endpoint];
    if (!route.provider.formats.includes(format)) {
      const spoken = route.provider.formats[0] ?? 'openai';
      throw new VeilgateError(
        'VG_GATEWAY_BAD_REQUEST',
        `the model ${quoted(model)} is served by an ${FORMAT_NAME[spoken]}-format provider; call ${ROUTE_HINT[spoken]} instead`,
      );
    }
    const chain = this.#chain(route, model, format);

    let lastFailure: UpstreamFailure | undefined;
    let attempted = 0;
    for (const candidate of chain) {
      const outcome = await this.#tryRoute(candidate, request);
      if (outcome.response !== undefined) return outcome.response;
      if (outcome.failure !== undefined) {
        attempted += 1;
        lastFailure = outcome.failure;
      }
    }

    if (chain.length === 1 && lastFailure !== undefined) throw lastFailure;
    const retryAfter = this.#soonestRecovery(chain);
    throw new UpstreamFailure(
      'VG_UPSTREAM_UNAVAILABLE',
      attempted === 0
        ? `every route for the model ${quoted(model)} has an open circuit`
        : `every route for the model ${quoted(model)} failed or has an open circuit (${chain.length} routes)`,
      {
        status: lastFailure?.status ?? 503,
        retryAfterMs: retryAfter ?? lastFailure?.retryAfterMs,
        cause: lastFailure,
      },
    );
  }

  async close(): Promise<void> {
    const providers = new Set(this.#options.routes.map((r) => r.provider));
    await Promise.all([...providers].map((p) => p.close()));
  }

  #match(model: string): RouteSpec | undefined {
    return this.#exact.get(model) ?? this.#globs.find((g) => g.pattern.test(model))?.route;
  }

  #chain(route: RouteSpec, model: string, format: WireFormat): Candidate[] {
    const chain: Candidate[] = [{ route, upstreamModel: route.model ?? model }];
    for (const name of route.fallbacks) {
      const fallback = this.#match(name);
      if (fallback === undefined || !fallback.provider.formats.includes(format)) continue;
      const upstreamModel = fallback.model ?? name;
      if (chain.some((c) => c.route === fallback && c.upstreamModel === upstreamModel)) continue;
      chain.push({ route: fallback, upstreamModel });
    }
    return chain;
  }

  #breaker(provider: string): CircuitBreaker {
    let breaker = this.#breakers.get(provider);
    if (breaker === undefined) {
      breaker = new CircuitBreaker({
        failures: this.#options.breaker.failures,
        cooldownMs: this.#options.breaker.cooldownMs,
        now: this.#now,
        onStateChange: (state) => this.#options.events?.onBreaker?.({ provider, state }),
      });
      this.#breakers.set(provider, breaker);
    }
    return breaker;
  }

  /** Tries one route of the chain with its retries: a response, the last failure, or neither (circuit open). */
  async #tryRoute(
    candidate: Candidate,
    request: UpstreamRequest,
  ): Promise<{ response?: UpstreamResponse; failure?: UpstreamFailure }> {
    const { route, upstreamModel } = candidate;
    const provider = route.provider;
    const breaker = this.#breaker(provider.name);
    let failure: UpstreamFailure | undefined;
    for (let attempt = 0; attempt <= route.retries; attempt++) {
      if (request.signal.aborted) throw cancelled(request.signal.reason);
      const permit = breaker.tryAcquire();
      if (permit === undefined) return failure === undefined ? {} : { failure };
      const started = this.#now();
      try {
        const response = await provider.send({ ...request, upstreamModel, timeoutMs: route.timeoutMs });
        breaker.onSuccess(permit);
        this.#report(provider.name, upstreamModel, response.status, started, false);
        return { response };
      } catch (err) {
        if (!(err instanceof UpstreamFailure) || request.signal.aborted) {
          breaker.release(permit);
          throw request.signal.aborted ? cancelled(request.signal.reason) : err;
        }
        if (err.code === 'VG_UPSTREAM_TOO_LARGE') {
          breaker.release(permit);
          this.#report(provider.name, upstreamModel, err.status, started, false);
          throw err;
        }
        if (err.status === 429) breaker.release(permit);
        else breaker.onFailure(permit);
        failure = err;
        const delay =
          attempt < route.retries ? retryDelayMs(err, attempt, this.#options.retry, this.#random) : undefined;
        this.#report(provider.name, upstreamModel, err.status, started, delay !== undefined);
        if (delay === undefined) return { failure };
        try {
          await this.#sleep(delay, request.signal);
        } catch (reason) {
          throw cancelled(reason);
        }
      }
    }
    return failure === undefined ? {} : { failure };
  }

  #report(
    provider: string,
    model: string,
    status: UpstreamFailure['status'],
    started: number,
    retry: boolean,
  ): void {
    this.#options.events?.onAttempt?.({ provider, model, status, ms: this.#now() - started, retry });
  }

  /** When the first open circuit of the chain lets a trial through, if any is open. */
  #soonestRecovery(chain: readonly Candidate[]): number | undefined {
    const waits = chain
      .map((c) => this.#breaker(c.route.provider.name).retryAfterMs())
      .filter((ms) => ms > 0);
    return waits.length === 0 ? undefined : Math.min(...waits);
  }
}
