/**
 * Wires the upstream side of the gateway from configuration: one provider per `gateway.providers` entry,
 * one route per `gateway.models` entry, and the router over them. With no providers configured, the built-in
 * demo model answers every model name, so a fresh install works offline.
 */
import { VeilgateError } from '../../errors.js';
import { AnthropicProvider } from './anthropic.js';
import { routeDurationMs, upstreamSection, type ProviderConfig, type UpstreamConfigInput } from './config.js';
import { DEMO_MODEL, DemoProvider } from './demo.js';
import { OpenAICompatibleProvider } from './openai-compatible.js';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_UPSTREAM_LIMITS,
  type RetryPolicy,
  type UpstreamLimits,
} from './resilience.js';
import { ModelRouter, type RouteSpec } from './router.js';
import type { Provider, Router, RouterEvents } from './types.js';

export type * from './types.js';
export { ENDPOINT_FORMAT } from './types.js';
export { UpstreamFailure } from './resilience.js';
export { formatSseEvent } from './sse.js';
export {
  upstreamConfigShape,
  upstreamSection,
  type UpstreamConfig,
  type UpstreamConfigInput,
} from './config.js';
export { DEMO_LABEL, DEMO_MODEL } from './demo.js';

export interface CreateRouterOptions {
  /** Where `apiKeyEnv` variables are read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Response size limits (`gateway.limits.upstreamResponseBytes` feeds `maxResponseBytes`). */
  readonly limits?: Partial<UpstreamLimits>;
  readonly events?: RouterEvents;
  /** Backoff of retries without a Retry-After; `maxRetryAfter` comes from the config. */
  readonly backoff?: Partial<Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>>;
  /** Injectable for deterministic tests. */
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Timeout of the implicit demo routes; the demo answers in-process, so it never applies in practice. */
const DEMO_TIMEOUT_MS = 60_000;

/**
 * Builds the router. With neither providers nor models configured, the demo model serves every model name.
 * Throws VeilgateError VG_CONFIG_INVALID when the section does not validate, a route names an unknown provider
 * or fallback (routes without any provider included), or an `apiKeyEnv` variable is not set.
 */
export function createRouter(config: UpstreamConfigInput = {}, options: CreateRouterOptions = {}): Router {
  const parsed = upstreamSection.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['gateway', ...(issue?.path ?? [])].map(String).join('.');
    throw new VeilgateError('VG_CONFIG_INVALID', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  const { providers, models, breaker, retry } = parsed.data;
  const limits: UpstreamLimits = { ...DEFAULT_UPSTREAM_LIMITS, ...options.limits };
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;

  let routes: RouteSpec[];
  if (providers.length === 0 && models.length === 0) {
    const demo = new DemoProvider();
    const demoRoute = { provider: demo, timeoutMs: DEMO_TIMEOUT_MS, retries: 0, fallbacks: [] };
    routes = [
      { ...demoRoute, name: DEMO_MODEL },
      { ...demoRoute, name: '*' },
    ];
  } else {
    const byName = new Map<string, Provider>();
    providers.forEach((p, i) => byName.set(p.name, buildProvider(p, i, env, limits, now)));
    routes = models.map((m, i) => {
      const provider = byName.get(m.provider);
      if (provider === undefined) {
        throw new VeilgateError(
          'VG_CONFIG_INVALID',
          `gateway.models.${i}.provider: no provider is named ${m.provider}`,
        );
      }
      return {
        name: m.name,
        provider,
        model: m.model,
        timeoutMs: routeDurationMs(m.timeout),
        retries: m.retries,
        fallbacks: m.fallbacks,
      };
    });
  }

  return new ModelRouter({
    routes,
    breaker: { failures: breaker.failures, cooldownMs: routeDurationMs(breaker.cooldown) },
    retry: {
      ...DEFAULT_RETRY_POLICY,
      ...options.backoff,
      maxRetryAfterMs: routeDurationMs(retry.maxRetryAfter),
    },
    events: options.events,
    now,
    random: options.random,
    sleep: options.sleep,
  });
}

function buildProvider(
  config: ProviderConfig,
  index: number,
  env: Readonly<Record<string, string | undefined>>,
  limits: UpstreamLimits,
  now: () => number,
): Provider {
  if (config.type === 'demo') return new DemoProvider(config.name);
  let apiKey: string | undefined;
  if (config.apiKeyEnv !== undefined) {
    apiKey = env[config.apiKeyEnv];
    if (apiKey === undefined || apiKey === '') {
      throw new VeilgateError(
        'VG_CONFIG_INVALID',
        `gateway.providers.${index}.apiKeyEnv: the environment variable ${config.apiKeyEnv} is not set`,
      );
    }
  }
  const common = {
    name: config.name,
    apiKey,
    headers: config.headers,
    maxConnections: config.maxConnections,
    limits,
    now,
  };
  if (config.type === 'anthropic') {
    return new AnthropicProvider({ ...common, baseUrl: config.baseUrl, version: config.version });
  }
  return new OpenAICompatibleProvider({ ...common, baseUrl: config.baseUrl, azure: config.azure });
}
