/**
 * The gateway's HTTP server (Fastify): OpenAI routes under `/v1/*`, Anthropic's under `/anthropic/v1/*`,
 * `/healthz`, `/readyz` and `/metrics`. The edge does what must happen before any stage: size limits,
 * JSON parsing, request schema validation (fields outside the schema are refused, never forwarded), a
 * request id. Errors go out in the wire format of the route, as one line without values or stack traces.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { VeilgateError } from '../errors.js';
import type { GatewayDeps } from '../gateway/deps.js';
import { createExchange } from '../gateway/exchange.js';
import { buildPipeline } from '../gateway/pipeline.js';
import { UpstreamFailure } from '../gateway/providers/resilience.js';
import { formatSseEvent } from '../gateway/providers/sse.js';
import type { Endpoint } from '../gateway/providers/types.js';
import { Refusal, STATUS_OF_CODE } from '../gateway/refusal.js';
import type { GatewayRequest } from '../gateway/stage.js';
import { parseRequestBody } from '../gateway/wire/validate.js';
import { modelAllowed } from '../gateway/access/verify-api-key.js';

export interface ServerLimits {
  /** Largest request body accepted (bytes); larger gets 413. */
  readonly bodyBytes: number;
  /** Largest request header section (bytes); larger gets 431 from Node's parser. */
  readonly headerBytes: number;
  /** Time allowed to receive a request (ms). */
  readonly requestTimeoutMs: number;
}

export interface GatewayServerOptions {
  readonly limits: ServerLimits;
  /** Returns whether the dependencies (store, vault) are ready; `/readyz` reports it. */
  readonly ready?: () => Promise<boolean>;
}

type Flavour = 'openai' | 'anthropic';

const ANTHROPIC_ERROR_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'api_error',
};

const OPENAI_ERROR_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** The error body of a route's wire format; `code` is Veilgate's stable code. */
export function errorBody(flavour: Flavour, status: number, code: string, message: string): unknown {
  if (flavour === 'anthropic') {
    return { type: 'error', error: { type: ANTHROPIC_ERROR_TYPE[status] ?? 'api_error', message } };
  }
  return {
    error: { message, type: OPENAI_ERROR_TYPE[status] ?? 'api_error', param: null, code: code.toLowerCase() },
  };
}

interface Failure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

function toFailure(err: unknown): Failure {
  if (err instanceof Refusal)
    return { status: err.status, code: err.code, message: err.message, headers: err.headers };
  if (err instanceof VeilgateError) {
    const status = STATUS_OF_CODE[err.code] ?? 500;
    const retryAfterMs = err instanceof UpstreamFailure ? err.retryAfterMs : undefined;
    const headers: Record<string, string> =
      retryAfterMs !== undefined && status === 503
        ? { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }
        : {};
    return { status, code: err.code, message: err.message.split('\n')[0] ?? err.code, headers };
  }
  return { status: 500, code: 'VG_INTERNAL', message: 'internal error', headers: {} };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/** Anthropic beta feature names, e.g. `prompt-caching-2024-07-31`. */
const BETA_NAME = /^[a-z0-9][a-z0-9.-]{0,63}$/;

/** The feature names of an `anthropic-beta` header; null when malformed (more than 16, or a bad name). */
function anthropicBetas(header: string | undefined): string[] | undefined | null {
  if (header === undefined) return undefined;
  const betas = header
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return betas.length > 16 || !betas.every((b) => BETA_NAME.test(b)) ? null : betas;
}

function headerValue(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function presentedKey(req: FastifyRequest): string | undefined {
  const auth = headerValue(req, 'authorization');
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1];
  }
  return headerValue(req, 'x-api-key');
}

export function createGatewayServer(deps: GatewayDeps, options: GatewayServerOptions): FastifyInstance {
  const app = Fastify({
    logger: false, // our own pino lines: one per exchange, never bodies or headers
    bodyLimit: options.limits.bodyBytes,
    requestTimeout: options.limits.requestTimeoutMs,
    http: { maxHeaderSize: options.limits.headerBytes },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      const id = Array.isArray(given) ? given[0] : given;
      return id !== undefined && REQUEST_ID.test(id) ? id : randomUUID();
    },
  });
  const stages = buildPipeline(deps);

  app.setNotFoundHandler((req, reply) => {
    const flavour: Flavour = req.url.startsWith('/anthropic/') ? 'anthropic' : 'openai';
    void reply
      .code(404)
      .send(
        errorBody(
          flavour,
          404,
          'VG_GATEWAY_BAD_REQUEST',
          `no route ${req.method} ${req.url.split('?')[0] ?? ''}`,
        ),
      );
  });

  // Parser and limit errors raised by Fastify before a handler runs (invalid JSON, body too large, ...).
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const flavour: Flavour = req.url.startsWith('/anthropic/') ? 'anthropic' : 'openai';
    let status = err.statusCode ?? 500;
    let code = 'VG_GATEWAY_BAD_REQUEST';
    let message: string;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      code = 'VG_GATEWAY_TOO_LARGE';
      message = `request body larger than ${options.limits.bodyBytes} bytes`;
    } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      status = 415;
      message = 'expected Content-Type: application/json';
    } else if (
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err instanceof SyntaxError ||
      err.code?.startsWith('FST_ERR_CTP')
    ) {
      status = 400;
      message = 'the request body is not valid JSON';
    } else if (status < 500) {
      message = 'invalid request';
    } else {
      status = 500;
      code = 'VG_INTERNAL';
      message = 'internal error';
      deps.log.error({ requestId: req.id, error: err.code ?? err.name }, 'unhandled error');
    }
    deps.metrics.requests.inc({ route: routeOf(req), status: String(status) });
    void reply
      .code(status)
      .header('x-request-id', req.id)
      .send(errorBody(flavour, status, code, message));
  });

  const routeOf = (req: FastifyRequest): string => req.routeOptions.url ?? 'unmatched';

  async function handle(
    endpoint: Endpoint,
    flavour: Flavour,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const started = performance.now();
    const route = routeOf(req);
    const refuse = async (message: string): Promise<void> => {
      deps.metrics.requests.inc({ route, status: '400' });
      await reply
        .code(400)
        .header('x-request-id', req.id)
        .send(errorBody(flavour, 400, 'VG_GATEWAY_BAD_REQUEST', message));
    };
    const parsed = parseRequestBody(endpoint, req.body);
    if (!parsed.ok) return refuse(parsed.message);
    const betas = endpoint === 'messages' ? anthropicBetas(headerValue(req, 'anthropic-beta')) : undefined;
    if (betas === null) return refuse('anthropic-beta: expected up to 16 comma-separated feature names');
    const body = parsed.body as Record<string, unknown>;
    const stream = body['stream'] === true;
    const abort = new AbortController();
    // The client went away: stop the upstream call too.
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const request: GatewayRequest = {
      requestId: req.id,
      endpoint,
      apiKey: presentedKey(req),
      scopeHint: headerValue(req, 'x-veilgate-scope'),
      declineRestore: headerValue(req, 'x-veilgate-restore')?.toLowerCase() === 'none',
      ...(betas !== undefined ? { betas } : {}),
      stream,
      signal: abort.signal,
    };
    const exchange = createExchange(deps, stages, request, body);
    let status = 200;
    let errorCode: string | undefined;
    try {
      const result = await exchange.run();
      if (result.kind === 'json') {
        status = result.status;
        await reply.code(status).header('x-request-id', req.id).send(result.body);
      } else {
        status = await sendStream(flavour, reply, req.id, result.events, (code) => (errorCode = code));
      }
    } catch (err) {
      const failure = toFailure(err);
      status = failure.status;
      errorCode = failure.code;
      if (failure.code === 'VG_GATEWAY_BLOCKED')
        deps.metrics.blocks.inc({ direction: exchange.ctx.upstream === undefined ? 'input' : 'output' });
      if (failure.code.startsWith('VG_UPSTREAM')) {
        deps.metrics.upstreamErrors.inc({
          provider: exchange.ctx.upstream?.provider ?? 'none',
          code: failure.code,
        });
      }
      if (failure.status >= 500 && !(err instanceof VeilgateError)) {
        deps.log.error(
          { requestId: req.id, error: err instanceof Error ? err.name : 'unknown' },
          'internal error',
        );
      }
      if (!reply.sent && !reply.raw.headersSent) {
        // Output blocked on a whole response: the client may not receive it; 403, not a retryable 5xx.
        const blockedOutput = failure.code === 'VG_GATEWAY_BLOCKED' && exchange.ctx.upstream !== undefined;
        status = blockedOutput ? 403 : failure.status;
        await reply
          .code(status)
          .headers({ ...failure.headers, 'x-request-id': req.id })
          .send(errorBody(flavour, status, failure.code, failure.message));
      }
    } finally {
      const ms = performance.now() - started;
      deps.metrics.requests.inc({ route, status: String(status) });
      deps.metrics.requestDuration.observe({ route, stream: String(stream) }, ms / 1000);
      for (const f of exchange.ctx.findings)
        deps.metrics.findings.inc({ direction: f.direction, entity: f.entity, action: f.action });
      deps.log.info(
        {
          requestId: req.id,
          route,
          model: exchange.ctx.model.slice(0, 100),
          key: exchange.ctx.principal?.keyId,
          tenant: exchange.ctx.principal?.tenant,
          profile: exchange.ctx.profile?.name,
          profileVersion: exchange.ctx.profile?.version,
          status,
          error: errorCode,
          stream,
          ms: Math.round(ms * 100) / 100,
          stages: Object.fromEntries(
            Object.entries(exchange.ctx.timings).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
          ),
          findings: summarise(exchange.ctx.findings),
          upstream: exchange.ctx.upstream,
        },
        'exchange',
      );
      // Alert-level findings get a line of their own, at warn level: every finding a profile set to
      // `alert`, and every canary or system-prompt leak, blocked or not (a model that leaks its prompt has
      // been compromised by something in this conversation, which a security team wants to know).
      const alerts = exchange.ctx.findings.filter((f) => f.action === 'alert' || LEAK_ENTITIES.has(f.entity));
      if (alerts.length > 0) {
        deps.log.warn(
          {
            requestId: req.id,
            route,
            key: exchange.ctx.principal?.keyId,
            tenant: exchange.ctx.principal?.tenant,
            profile: exchange.ctx.profile?.name,
            alerts: summarise(alerts),
          },
          'guard alert',
        );
      }
      void exchange.complete(status, errorCode);
    }
  }

  /** Stream SSE events to the client; a failure mid-stream ends it with an error event. Returns the status. */
  async function sendStream(
    flavour: Flavour,
    reply: FastifyReply,
    requestId: string,
    events: AsyncIterable<{ event?: string; data: string }>,
    onError: (code: string) => void,
  ): Promise<number> {
    const iterator = events[Symbol.asyncIterator]();
    // Nothing is sent before the first event: a failure before it is still a normal HTTP error.
    const first = await iterator.next();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': requestId,
      'x-accel-buffering': 'no',
    });
    // Backpressure: wait for 'drain', or for 'close' when the client has gone (no drain will come then).
    const write = (chunk: string): Promise<void> =>
      new Promise((resolve) => {
        if (res.destroyed || res.write(chunk)) {
          resolve();
          return;
        }
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    try {
      let next = first;
      while (next.done !== true) {
        if (res.destroyed) {
          await iterator.return?.();
          break;
        }
        await write(formatSseEvent(next.value));
        next = await iterator.next();
      }
    } catch (err) {
      const failure = toFailure(err);
      onError(failure.code);
      if (failure.code === 'VG_GATEWAY_BLOCKED') deps.metrics.blocks.inc({ direction: 'output' });
      const body = errorBody(flavour, failure.status, failure.code, failure.message);
      await write(
        formatSseEvent(
          flavour === 'anthropic'
            ? { event: 'error', data: JSON.stringify(body) }
            : { data: JSON.stringify(body) },
        ),
      );
      await iterator.return?.();
    }
    res.end();
    return 200;
  }

  app.post('/v1/chat/completions', (req, reply) => handle('chat', 'openai', req, reply));
  app.post('/v1/completions', (req, reply) => handle('completions', 'openai', req, reply));
  app.post('/v1/embeddings', (req, reply) => handle('embeddings', 'openai', req, reply));
  app.post('/anthropic/v1/messages', (req, reply) => handle('messages', 'anthropic', req, reply));

  const listModels = (flavour: Flavour) => async (req: FastifyRequest, reply: FastifyReply) => {
    const principal = await deps.verifier.verify(presentedKey(req));
    if (principal === null) {
      return reply.code(401).send(errorBody(flavour, 401, 'VG_GATEWAY_UNAUTHORIZED', 'invalid API key'));
    }
    const models = deps.router.models().filter((m) => modelAllowed(principal, m.id));
    if (flavour === 'anthropic') {
      return {
        data: models.map((m) => ({
          type: 'model',
          id: m.id,
          display_name: m.id,
          created_at: '1970-01-01T00:00:00Z',
        })),
        has_more: false,
        first_id: models[0]?.id ?? null,
        last_id: models.at(-1)?.id ?? null,
      };
    }
    return {
      object: 'list',
      data: models.map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.provider })),
    };
  };
  app.get('/v1/models', listModels('openai'));
  app.get('/anthropic/v1/models', listModels('anthropic'));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ready = options.ready === undefined ? true : await options.ready().catch(() => false);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
  });
  app.get('/metrics', async (_req, reply) => {
    return reply
      .header('content-type', deps.metrics.registry.contentType)
      .send(await deps.metrics.registry.metrics());
  });
  return app;
}

/** Findings that are alert-level whatever the action taken (see the `guard alert` log line). */
const LEAK_ENTITIES: ReadonlySet<string> = new Set(['CANARY_LEAK', 'SYSTEM_PROMPT_LEAK']);

/** Counts per direction, entity and action: what a log line may say about findings. */
function summarise(
  findings: readonly { direction: string; entity: string; action: string }[],
): Record<string, number> | undefined {
  if (findings.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const f of findings) {
    const k = `${f.direction}:${f.entity}:${f.action}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
