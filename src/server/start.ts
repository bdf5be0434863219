/**
 * Starting the gateway from configuration: database and vault, API keys, profiles (hot-reloaded), rate
 * limiter (memory, or Redis shared by replicas), router and providers, scanners, metrics and the HTTP
 * server. Used by `veilgate serve` and by the integration tests, which start real gateways on random
 * loopback ports.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { durationMs, type VeilgateConfig } from '../config/schema.js';
import { scannerOptionsFromConfig } from '../config/scanner-options.js';
import { createScanner as createEngineScanner, type Scanner } from '../detect/scanner.js';
import type { InjectionDetector } from '../detect/injection/types.js';
import { createApiKeyVerifier } from '../gateway/access/verify-api-key.js';
import type { GatewayDeps } from '../gateway/deps.js';
import { createMemoryLimiter, type RateLimiter } from '../gateway/limits/limiter.js';
import { createRedisLimiter } from '../gateway/limits/redis-limiter.js';
import { openProfileSource } from '../gateway/profiles/profile-source.js';
import { createRouter } from '../gateway/providers/index.js';
import { loadInjectionDetector, shippedModels } from '../models/shipped.js';
import { createGatewayMetrics } from '../telemetry/metrics.js';
import { openVaultRuntime, type VaultRuntime } from '../vault/runtime.js';
import { createGatewayServer } from './app.js';
import { VeilgateError } from '../errors.js';

export interface StartOptions {
  readonly config: VeilgateConfig;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Overrides of `gateway.host` / `gateway.port` (port 0: a free port). */
  readonly host?: string;
  readonly port?: number;
  readonly log?: Logger;
  readonly notice?: (message: string) => void;
}

export interface RunningGateway {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly deps: GatewayDeps;
  readonly runtime: VaultRuntime;
  /** Whether the router uses the built-in demo upstream (no provider configured). */
  readonly demo: boolean;
  close(): Promise<void>;
}

export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const { config, cwd, env } = options;
  const gw = config.gateway;
  // Asynchronous, buffered log writes: a synchronous write per exchange costs more than the guards do.
  const destination =
    options.log === undefined ? pino.destination({ dest: 1, sync: false, minLength: 4096 }) : undefined;
  const log = options.log ?? pino({ level: gw.log.level, base: undefined }, destination);
  const notice = options.notice ?? (() => {});
  const scannerOptions = scannerOptionsFromConfig(config.scan);
  const patterns = createEngineScanner(scannerOptions);
  let all: Scanner | undefined;
  let injection: InjectionDetector | undefined;
  const metrics = createGatewayMetrics();
  const runtime = await openVaultRuntime({
    vault: config.vault,
    keys: config.keys,
    cwd,
    env,
    entities: patterns.entities,
    notice,
  });
  const closers: (() => Promise<void> | void)[] = [() => runtime.close(), () => destination?.flushSync()];
  try {
    const profiles = openProfileSource({
      ...(gw.profiles !== undefined ? { file: gw.profiles } : {}),
      cwd,
      onReload: (e) => {
        metrics.profileReloads.inc({ result: e.ok ? 'ok' : 'invalid' });
        if (e.ok) log.info({ profiles: e.profiles }, 'guardrail profiles reloaded');
        else
          log.warn(
            { reason: e.error, profiles: e.profiles },
            'guardrail profiles file refused; keeping the last good profiles',
          );
      },
    });
    closers.push(() => profiles.close());
    let limiter: RateLimiter;
    if (gw.rateLimits.store === 'redis') {
      limiter = createRedisLimiter({ url: gw.rateLimits.redis, keyPrefix: gw.rateLimits.keyPrefix });
    } else {
      limiter = createMemoryLimiter();
    }
    closers.push(() => limiter.close());
    const router = createRouter(
      { providers: gw.providers, models: gw.models, breaker: gw.breaker, retry: gw.retry },
      {
        env,
        limits: { maxResponseBytes: gw.limits.upstreamResponseBytes },
        events: {
          onAttempt: (e) => metrics.upstreamAttempts.inc({ provider: e.provider, status: String(e.status) }),
          onBreaker: (e) => log.warn({ provider: e.provider, state: e.state }, 'upstream circuit breaker'),
        },
      },
    );
    closers.push(() => router.close());
    const deps: GatewayDeps = {
      verifier: createApiKeyVerifier(runtime.database.apiKeys, {}),
      profiles,
      limiter,
      router,
      scanners: {
        patterns,
        all: () => (all ??= createEngineScanner({ ...scannerOptions, models: shippedModels })),
      },
      injection: () => (injection ??= loadInjectionDetector()),
      runtime,
      metrics,
      log,
    };
    const app = createGatewayServer(deps, {
      // Ready when the database answers (a lookup of an id no key can have).
      ready: async () => {
        await runtime.database.apiKeys.get('readiness-probe');
        return true;
      },
      limits: {
        bodyBytes: gw.limits.bodyBytes,
        headerBytes: gw.limits.headerBytes,
        requestTimeoutMs: durationMs(gw.limits.requestTimeout) ?? 0,
      },
    });
    closers.push(() => app.close());
    const host = options.host ?? gw.host;
    const port = options.port ?? gw.port;
    try {
      await app.listen({ host, port });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      const why =
        {
          EADDRINUSE: 'address already in use',
          EACCES: 'permission denied',
          EADDRNOTAVAIL: 'address not available',
        }[code] ?? code;
      throw new VeilgateError('VG_SERVER_LISTEN', `cannot listen on ${host}:${port}: ${why}`, { cause: err });
    }
    const address = app.server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closed = false;
    return {
      url: `http://${shownHost}:${address.port}`,
      app,
      deps,
      runtime,
      demo: gw.providers.length === 0,
      async close() {
        if (closed) return;
        closed = true;
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close();
    throw err;
  }
}
