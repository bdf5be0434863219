/**
 * The router over real providers and stub upstreams: retries (what, how often, how long), fallbacks, the
 * circuit breaker, timeouts, size limits and stream failures. Sleep, randomness and the clock are injected
 * where a test asserts on them; the timeouts are real.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VeilgateError } from '../../../src/errors.js';
import { AnthropicProvider } from '../../../src/gateway/providers/anthropic.js';
import { OpenAICompatibleProvider } from '../../../src/gateway/providers/openai-compatible.js';
import {
  ModelRouter,
  type ModelRouterOptions,
  type RouteSpec,
} from '../../../src/gateway/providers/router.js';
import type { Provider, RouterEvents } from '../../../src/gateway/providers/types.js';
import { startStubUpstream, type StubUpstream } from '../stub-upstream.js';
import {
  chatBody,
  chatStreamText,
  collectEvents,
  jsonBody,
  messagesBody,
  upstreamRequest,
} from './requests.js';

type Attempt = Parameters<NonNullable<RouterEvents['onAttempt']>>[0];
type BreakerEvent = Parameters<NonNullable<RouterEvents['onBreaker']>>[0];

let main: StubUpstream;
let backup: StubUpstream;
let mainProvider: OpenAICompatibleProvider;
let backupProvider: OpenAICompatibleProvider;
let smallProvider: OpenAICompatibleProvider;
let anthropic: AnthropicProvider;

beforeAll(async () => {
  main = await startStubUpstream();
  backup = await startStubUpstream({ reply: () => 'from backup' });
  mainProvider = new OpenAICompatibleProvider({ name: 'main', baseUrl: `${main.url}/v1` });
  backupProvider = new OpenAICompatibleProvider({ name: 'backup', baseUrl: `${backup.url}/v1` });
  smallProvider = new OpenAICompatibleProvider({
    name: 'small',
    baseUrl: `${main.url}/v1`,
    limits: { maxResponseBytes: 64 * 1024, maxEventBytes: 1024 },
  });
  anthropic = new AnthropicProvider({ name: 'claude', baseUrl: backup.url });
});
afterAll(async () => {
  await Promise.all([mainProvider, backupProvider, smallProvider, anthropic].map((p) => p?.close()));
  await main?.close();
  await backup?.close();
});

function route(name: string, provider: Provider, extra: Partial<RouteSpec> = {}): RouteSpec {
  return { name, provider, timeoutMs: 5000, retries: 2, fallbacks: [], ...extra };
}

/** A router whose waits are recorded instead of slept, with random() = 0.5. */
function harness(routes: RouteSpec[], extra: Partial<ModelRouterOptions> = {}) {
  const attempts: Attempt[] = [];
  const breaker: BreakerEvent[] = [];
  const sleeps: number[] = [];
  const router = new ModelRouter({
    routes,
    breaker: { failures: 3, cooldownMs: 10_000 },
    retry: { baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 5000 },
    events: { onAttempt: (e) => attempts.push(e), onBreaker: (e) => breaker.push(e) },
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { router, attempts, breaker, sleeps };
}

const chat = (model: string, options: { stream?: boolean; signal?: AbortSignal } = {}) =>
  upstreamRequest('chat', chatBody('hello', model), options);

let mainSeen = 0;
let backupSeen = 0;
beforeEach(() => {
  mainSeen = main.requests.length;
  backupSeen = backup.requests.length;
});
const mainRequests = () => main.requests.slice(mainSeen);
const backupRequests = () => backup.requests.slice(backupSeen);

describe('retries', () => {
  it('retries 503 with exponential backoff and full jitter, then returns the success', async () => {
    const { router, attempts, sleeps } = harness([route('gpt', mainProvider)]);
    main.script({ status: 503 }, { status: 503 });
    const response = await router.send(chat('gpt'));
    expect(response).toMatchObject({ kind: 'json', status: 200, provider: 'main', model: 'gpt' });
    expect(mainRequests()).toHaveLength(3);
    expect(sleeps).toEqual([5, 10]); // 0.5 × 10·2^0, 0.5 × 10·2^1
    expect(attempts.map((a) => [a.status, a.retry])).toEqual([
      [503, true],
      [503, true],
      [200, false],
    ]);
  });

  it("waits the upstream's Retry-After on 429", async () => {
    const { router, sleeps } = harness([route('gpt', mainProvider)]);
    main.script({ status: 429, retryAfter: 2 });
    expect((await router.send(chat('gpt'))).status).toBe(200);
    expect(sleeps).toEqual([2000]);
  });

  it('really sleeps the Retry-After between the two requests', async () => {
    const { router } = harness([route('gpt', mainProvider)], { sleep: undefined });
    main.script({ status: 503, retryAfter: 1 });
    expect((await router.send(chat('gpt'))).status).toBe(200);
    const [first, second] = mainRequests();
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('does not retry a 400 and returns it as it came', async () => {
    const { router, attempts } = harness([route('gpt', mainProvider)]);
    main.script({ status: 400, body: { error: { message: 'no', type: 'invalid_request_error' } } });
    const response = await router.send(chat('gpt'));
    expect(response).toMatchObject({ kind: 'json', status: 400, body: { error: { message: 'no' } } });
    expect(mainRequests()).toHaveLength(1);
    expect(attempts).toMatchObject([{ status: 400, retry: false }]);
  });

  it('retries a reset connection and a timeout (network failures)', async () => {
    const { router, attempts } = harness([route('gpt', mainProvider, { timeoutMs: 300 })]);
    main.script({ reset: true }, { delayMs: 1000 });
    expect((await router.send(chat('gpt'))).status).toBe(200);
    expect(attempts.map((a) => a.status)).toEqual(['network', 'timeout', 200]);
  });

  it('gives up after the retries with the last error when there is no fallback', async () => {
    const { router } = harness([route('gpt', mainProvider, { retries: 1 })]);
    main.script({ status: 502 }, { status: 502 });
    const error = await router.send(chat('gpt')).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'VG_UPSTREAM_ERROR',
      status: 502,
      message: 'upstream main returned 502',
    });
    expect(mainRequests()).toHaveLength(2);
  });

  it('does not retry invalid JSON from the upstream', async () => {
    const { router } = harness([route('gpt', mainProvider)]);
    main.script({ malformed: true });
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ code: 'VG_UPSTREAM_ERROR' });
    expect(mainRequests()).toHaveLength(1);
  });

  it('stops at once when the client goes away during a backoff, with the reason it aborted with', async () => {
    const { router } = harness([route('gpt', mainProvider)], { sleep: undefined });
    main.script({ status: 503, retryAfter: 4 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new VeilgateError('VG_UPSTREAM_TIMEOUT', 'gateway deadline')), 100);
    const started = Date.now();
    await expect(router.send(chat('gpt', { signal: controller.signal }))).rejects.toMatchObject({
      code: 'VG_UPSTREAM_TIMEOUT',
      message: 'gateway deadline',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(mainRequests()).toHaveLength(1);
  });
});

describe('fallbacks', () => {
  const routes = () => [
    route('gpt-main', mainProvider, { retries: 1, fallbacks: ['gpt-backup'] }),
    route('gpt-backup', backupProvider, { model: 'backup-upstream', retries: 0 }),
  ];

  it('moves to the next model when the first fails after its retries', async () => {
    const { router, attempts } = harness(routes());
    main.script({ status: 500 }, { status: 500 });
    const response = await router.send(chat('gpt-main'));
    expect(response).toMatchObject({ status: 200, provider: 'backup', model: 'backup-upstream' });
    expect(
      (jsonBody(response) as { choices: { message: { content: string } }[] }).choices[0]?.message.content,
    ).toBe('from backup');
    expect(backupRequests()[0]?.body).toMatchObject({ model: 'backup-upstream' });
    expect(attempts.map((a) => `${a.provider}:${String(a.status)}`)).toEqual([
      'main:500',
      'main:500',
      'backup:200',
    ]);
  });

  it('skips the retries when Retry-After is beyond the cap', async () => {
    const { router, sleeps } = harness(routes());
    main.script({ status: 429, retryAfter: 60 });
    expect(await router.send(chat('gpt-main'))).toMatchObject({ provider: 'backup' });
    expect(sleeps).toEqual([]);
    expect(mainRequests()).toHaveLength(1);
  });

  it('throws VG_UPSTREAM_UNAVAILABLE when every route fails', async () => {
    const { router } = harness(routes());
    main.script({ status: 500 }, { status: 500 });
    backup.script({ status: 503 });
    await expect(router.send(chat('gpt-main'))).rejects.toMatchObject({
      code: 'VG_UPSTREAM_UNAVAILABLE',
      message: 'every route for the model "gpt-main" failed or has an open circuit (2 routes)',
    });
  });

  it('leaves out fallbacks that do not speak the request format', async () => {
    const { router } = harness([
      route('gpt-main', mainProvider, { retries: 0, fallbacks: ['claude'] }),
      route('claude', anthropic),
    ]);
    main.script({ status: 500 });
    await expect(router.send(chat('gpt-main'))).rejects.toMatchObject({
      code: 'VG_UPSTREAM_ERROR',
      status: 500,
    });
    expect(backupRequests()).toHaveLength(0);
  });

  it('refuses a fallback that matches no route at construction', () => {
    expect(() => harness([route('a', mainProvider, { fallbacks: ['nowhere'] })])).toThrow(
      expect.objectContaining({ code: 'VG_CONFIG_INVALID' }) as Error,
    );
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, refuses without calling the upstream, then half-opens and closes', async () => {
    let time = 1_000_000;
    const { router, breaker } = harness(
      [route('gpt', mainProvider, { retries: 0 }), route('gpt-other', mainProvider, { retries: 0 })],
      { breaker: { failures: 2, cooldownMs: 10_000 }, now: () => time },
    );
    main.script({ status: 503 }, { status: 503 });
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ code: 'VG_UPSTREAM_ERROR' });
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ code: 'VG_UPSTREAM_ERROR' });
    expect(breaker).toEqual([{ provider: 'main', state: 'open' }]);

    const refused = await router.send(chat('gpt-other')).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'VG_UPSTREAM_UNAVAILABLE', retryAfterMs: 10_000 });
    expect(mainRequests()).toHaveLength(2);

    time += 10_000;
    expect((await router.send(chat('gpt'))).status).toBe(200);
    expect(breaker.map((e) => e.state)).toEqual(['open', 'half-open', 'closed']);
    expect(mainRequests()).toHaveLength(3);
  });

  it('lets a single trial through while half-open; a failed trial reopens it', async () => {
    let time = 0;
    const { router, breaker } = harness([route('gpt', mainProvider, { retries: 0 })], {
      breaker: { failures: 1, cooldownMs: 5_000 },
      now: () => time,
    });
    main.script({ status: 500 });
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ code: 'VG_UPSTREAM_ERROR' });
    time += 5_000;
    main.script({ delayMs: 200, status: 500 });
    const trial = router.send(chat('gpt')).catch((e: unknown) => e);
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ code: 'VG_UPSTREAM_UNAVAILABLE' });
    expect(await trial).toMatchObject({ code: 'VG_UPSTREAM_ERROR', status: 500 });
    expect(breaker.map((e) => e.state)).toEqual(['open', 'half-open', 'open']);
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ code: 'VG_UPSTREAM_UNAVAILABLE' });
    expect(mainRequests()).toHaveLength(2);
  });

  it('does not count 429 as a failure', async () => {
    const { router, breaker } = harness([route('gpt', mainProvider, { retries: 0 })], {
      breaker: { failures: 1, cooldownMs: 5_000 },
    });
    main.script({ status: 429 }, { status: 429 });
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ status: 429 });
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ status: 429 });
    expect(breaker).toEqual([]);
  });
});

describe('timeouts and size limits', () => {
  it('throws VG_UPSTREAM_TIMEOUT when the upstream does not answer within the route timeout', async () => {
    const { router, attempts } = harness([route('gpt', mainProvider, { timeoutMs: 200, retries: 0 })]);
    main.script({ delayMs: 2000 });
    const started = Date.now();
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({
      code: 'VG_UPSTREAM_TIMEOUT',
      message: 'upstream main did not answer within 200 ms',
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(attempts).toMatchObject([{ status: 'timeout', retry: false }]);
  });

  it('throws VG_UPSTREAM_TOO_LARGE for an oversized JSON body, counted while reading, without retrying', async () => {
    const { router } = harness([route('gpt', smallProvider)]);
    main.script({ oversizedBytes: 4 * 1024 * 1024 });
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ code: 'VG_UPSTREAM_TOO_LARGE' });
    main.script({ body: { padding: 'x'.repeat(100_000) } }); // with a Content-Length
    await expect(router.send(chat('gpt'))).rejects.toMatchObject({ code: 'VG_UPSTREAM_TOO_LARGE' });
    expect(mainRequests()).toHaveLength(2);
    // The pool is still usable afterwards.
    expect((await router.send(chat('gpt'))).status).toBe(200);
  });

  it('limits each stream event and the whole stream', async () => {
    const { router } = harness([route('gpt', smallProvider)]);
    main.script({ oversizedBytes: 4096 });
    await expect(collectEvents(await router.send(chat('gpt', { stream: true })))).rejects.toMatchObject({
      code: 'VG_UPSTREAM_TOO_LARGE',
    });
    const long = await startStubUpstream({ reply: () => 'word '.repeat(20_000) });
    const provider = new OpenAICompatibleProvider({
      name: 'long',
      baseUrl: long.url,
      limits: { maxResponseBytes: 64 * 1024, maxEventBytes: 1024 },
    });
    try {
      const streamed = harness([route('gpt', provider)]).router;
      await expect(collectEvents(await streamed.send(chat('gpt', { stream: true })))).rejects.toMatchObject({
        code: 'VG_UPSTREAM_TOO_LARGE',
        message: 'upstream stream exceeds the limit of 65536 bytes',
      });
    } finally {
      await provider.close();
      await long.close();
    }
  });
});

describe('streams', () => {
  it('retries on the status before the first byte, then streams', async () => {
    const { router } = harness([route('gpt', mainProvider)]);
    main.script({ status: 503 });
    const events = await collectEvents(await router.send(chat('gpt', { stream: true })));
    expect(chatStreamText(events)).toBe('stub: hello');
    expect(mainRequests()).toHaveLength(2);
  });

  it('applies the timeout to silences, not to the whole stream', async () => {
    const { router } = harness([route('gpt', mainProvider, { timeoutMs: 300, retries: 0 })]);
    main.script({ eventDelayMs: 100 }); // 5 events, ~400 ms in all
    const started = Date.now();
    const events = await collectEvents(await router.send(chat('gpt', { stream: true })));
    expect(Date.now() - started).toBeGreaterThan(300);
    expect(events.at(-1)).toEqual({ data: '[DONE]' });
  });

  it('throws VG_UPSTREAM_TIMEOUT from the iterator when the stream goes idle', async () => {
    const { router } = harness([route('gpt', mainProvider, { timeoutMs: 300, retries: 2 })]);
    main.script({ stallAfterEvents: 2 });
    const response = await router.send(chat('gpt', { stream: true }));
    const seen: string[] = [];
    const reading = (async () => {
      if (response.kind !== 'stream') throw new Error('expected a stream');
      for await (const e of response.events) seen.push(e.data);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'VG_UPSTREAM_TIMEOUT' });
    expect(seen).toHaveLength(2);
    expect(mainRequests()).toHaveLength(1); // no retry once streaming
  });

  it('throws VG_UPSTREAM_ERROR from the iterator when the connection breaks mid-stream', async () => {
    const { router } = harness([route('gpt', mainProvider)]);
    main.script({ resetAfterEvents: 2 });
    await expect(collectEvents(await router.send(chat('gpt', { stream: true })))).rejects.toMatchObject({
      code: 'VG_UPSTREAM_ERROR',
    });
    expect(mainRequests()).toHaveLength(1);
  });
});

describe('routing', () => {
  const routes = () => [
    route('gpt-4o', mainProvider, { model: 'gpt-4o-2024-08-06' }),
    route('gpt-*', backupProvider),
    route('claude-*', anthropic),
  ];

  it('matches exact names before globs, and sends the client name upstream for a glob', async () => {
    const { router } = harness(routes());
    expect(await router.send(chat('gpt-4o'))).toMatchObject({ provider: 'main', model: 'gpt-4o-2024-08-06' });
    expect(await router.send(chat('gpt-4.1-mini'))).toMatchObject({
      provider: 'backup',
      model: 'gpt-4.1-mini',
    });
    expect(router.resolve('claude-3-5-haiku')).toEqual({
      id: 'claude-3-5-haiku',
      provider: 'claude',
      formats: ['anthropic'],
    });
    expect(router.models()).toEqual([{ id: 'gpt-4o', provider: 'main', formats: ['openai'] }]);
  });

  it('throws VG_GATEWAY_UNKNOWN_MODEL for a model no route matches', async () => {
    const { router } = harness(routes());
    expect(() => router.resolve('llama')).toThrow(
      expect.objectContaining({ code: 'VG_GATEWAY_UNKNOWN_MODEL' }) as Error,
    );
    await expect(router.send(chat('llama'))).rejects.toMatchObject({
      code: 'VG_GATEWAY_UNKNOWN_MODEL',
      message: 'no route is configured for the model "llama"',
    });
  });

  it('names the route to call when the endpoint format does not match the provider', async () => {
    const { router } = harness(routes());
    await expect(router.send(upstreamRequest('messages', messagesBody('x', 'gpt-4o')))).rejects.toMatchObject(
      {
        code: 'VG_GATEWAY_BAD_REQUEST',
        message:
          'the model "gpt-4o" is served by an OpenAI-format provider; call POST /v1/chat/completions (or /v1/completions, /v1/embeddings) instead',
      },
    );
    await expect(router.send(chat('claude-3'))).rejects.toMatchObject({
      code: 'VG_GATEWAY_BAD_REQUEST',
      message:
        'the model "claude-3" is served by an Anthropic-format provider; call POST /anthropic/v1/messages instead',
    });
  });
});
