/**
 * Prometheus metrics of the gateway (prom-client), one registry per gateway instance. Labels carry route,
 * stage, entity type, provider and status: never prompt text, values or keys.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface GatewayMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'route' | 'status'>;
  readonly requestDuration: Histogram<'route' | 'stream'>;
  readonly stageDuration: Histogram<'stage'>;
  readonly findings: Counter<'direction' | 'entity' | 'action'>;
  readonly blocks: Counter<'direction'>;
  readonly guardFailures: Counter<'stage' | 'mode'>;
  readonly upstreamAttempts: Counter<'provider' | 'status'>;
  readonly upstreamErrors: Counter<'provider' | 'code'>;
  readonly rateLimited: Counter<'scope' | 'kind'>;
  readonly profileReloads: Counter<'result'>;
}

// Guard stages take well under a millisecond; upstream calls take seconds.
const STAGE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1];
const REQUEST_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createGatewayMetrics(options: { defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'veilgate_' });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: 'veilgate_requests_total',
      help: 'Requests by route and HTTP status',
      labelNames: ['route', 'status'],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'veilgate_request_duration_seconds',
      help: 'Time from request to the end of the response (streams: to the last event)',
      labelNames: ['route', 'stream'],
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    stageDuration: new Histogram({
      name: 'veilgate_stage_duration_seconds',
      help: 'Time spent in each pipeline stage hook (e.g. input-guard, output-guard, forward)',
      labelNames: ['stage'],
      buckets: STAGE_BUCKETS,
      registers,
    }),
    findings: new Counter({
      name: 'veilgate_findings_total',
      help: 'Findings by direction, entity type and the action taken',
      labelNames: ['direction', 'entity', 'action'],
      registers,
    }),
    blocks: new Counter({
      name: 'veilgate_blocks_total',
      help: 'Requests or responses blocked by a guard',
      labelNames: ['direction'],
      registers,
    }),
    guardFailures: new Counter({
      name: 'veilgate_guard_failures_total',
      help: 'Stages that failed (mode closed: request refused; open: stage skipped as the profile allows)',
      labelNames: ['stage', 'mode'],
      registers,
    }),
    upstreamAttempts: new Counter({
      name: 'veilgate_upstream_attempts_total',
      help: 'Upstream attempts by provider and status (network, timeout for failures without a status)',
      labelNames: ['provider', 'status'],
      registers,
    }),
    upstreamErrors: new Counter({
      name: 'veilgate_upstream_errors_total',
      help: 'Exchanges that failed upstream, by provider and error code',
      labelNames: ['provider', 'code'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'veilgate_rate_limited_total',
      help: 'Requests refused by a rate limit, by scope (key, tenant) and kind (requests, tokens)',
      labelNames: ['scope', 'kind'],
      registers,
    }),
    profileReloads: new Counter({
      name: 'veilgate_profile_reloads_total',
      help: 'Guardrail profile reloads by result (ok, invalid)',
      labelNames: ['result'],
      registers,
    }),
  };
}
