/**
 * createRouter from configuration: the offline demo default, wiring of real providers (keys from the
 * environment, headers, routes, fallbacks, breaker settings) against stub upstreams, and refusal of bad
 * configuration with the key path.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamConfigShape, upstreamSection } from '../../../src/gateway/providers/config.js';
import {
  createRouter,
  DEMO_LABEL,
  type Router,
  type RouterEvents,
} from '../../../src/gateway/providers/index.js';
import { startStubUpstream, type StubUpstream } from '../stub-upstream.js';
import { chatBody, jsonBody, messagesBody, upstreamRequest } from './requests.js';

describe('createRouter without providers', () => {
  const router = createRouter();
  afterAll(() => router.close());

  it('lists the demo model and routes every model name to it, in both formats', async () => {
    expect(router.models()).toEqual([{ id: 'demo', provider: 'demo', formats: ['openai', 'anthropic'] }]);
    expect(router.resolve('gpt-4o')).toEqual({
      id: 'gpt-4o',
      provider: 'demo',
      formats: ['openai', 'anthropic'],
    });
    const chat = jsonBody(await router.send(upstreamRequest('chat', chatBody('hi', 'gpt-4o')))) as {
      model: string;
      choices: { message: { content: string } }[];
    };
    expect(chat.choices[0]?.message.content.startsWith(DEMO_LABEL)).toBe(true);
    expect(chat.model).toBe('gpt-4o');
    const message = await router.send(upstreamRequest('messages', messagesBody('hi', 'demo')));
    expect(message).toMatchObject({ kind: 'json', status: 200, provider: 'demo', model: 'demo' });
  });
});

describe('createRouter with providers', () => {
  let openai: StubUpstream;
  let anthropic: StubUpstream;
  let router: Router;
  const breaker: Parameters<NonNullable<RouterEvents['onBreaker']>>[0][] = [];
  beforeAll(async () => {
    openai = await startStubUpstream();
    anthropic = await startStubUpstream();
    const yaml = `
providers:
  - name: openai
    type: openai
    baseUrl: ${openai.url}/v1
    apiKeyEnv: TEST_OPENAI_KEY
    headers: { OpenAI-Organization: org-x }
  - name: claude
    type: anthropic
    baseUrl: ${anthropic.url}
    apiKeyEnv: TEST_ANTHROPIC_KEY
  - name: offline
    type: demo
models:
  - name: gpt-4o
    provider: openai
    model: gpt-4o-2024-08-06
    timeout: 5s
    retries: 0
    fallbacks: [offline-model]
  - name: claude-*
    provider: claude
  - name: offline-model
    provider: offline
    model: demo
breaker: { failures: 1, cooldown: 1m }
`;
    router = createRouter(parseYaml(yaml) as object, {
      env: { TEST_OPENAI_KEY: 'sk-from-env', TEST_ANTHROPIC_KEY: 'sk-ant-from-env' },
      events: { onBreaker: (e) => breaker.push(e) },
    });
  });
  afterAll(async () => {
    await router?.close();
    await openai?.close();
    await anthropic?.close();
  });

  it('sends with the key from the environment, the headers and the upstream model of the route', async () => {
    const response = await router.send(upstreamRequest('chat', chatBody('hello', 'gpt-4o')));
    expect(response).toMatchObject({ status: 200, provider: 'openai', model: 'gpt-4o-2024-08-06' });
    const seen = openai.last();
    expect(seen.headers.authorization).toBe('Bearer sk-from-env');
    expect(seen.headers['openai-organization']).toBe('org-x');
    expect(seen.body).toMatchObject({ model: 'gpt-4o-2024-08-06' });

    await router.send(upstreamRequest('messages', messagesBody('hello', 'claude-sonnet-4')));
    expect(anthropic.last().headers['x-api-key']).toBe('sk-ant-from-env');
    expect(anthropic.last().body).toMatchObject({ model: 'claude-sonnet-4' });
  });

  it('lists exact routes, and falls back to the next model with the configured breaker', async () => {
    expect(router.models().map((m) => m.id)).toEqual(['gpt-4o', 'offline-model']);
    openai.script({ status: 500 });
    const response = await router.send(upstreamRequest('chat', chatBody('hello', 'gpt-4o')));
    expect(response).toMatchObject({ status: 200, provider: 'offline', model: 'demo' });
    expect(breaker).toEqual([{ provider: 'openai', state: 'open' }]); // failures: 1
    const before = openai.requests.length;
    expect(await router.send(upstreamRequest('chat', chatBody('again', 'gpt-4o')))).toMatchObject({
      provider: 'offline',
    });
    expect(openai.requests.length).toBe(before); // open for a minute
  });
});

describe('configuration errors', () => {
  const provider = { name: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1' };

  it('names a missing key variable, never a value', () => {
    expect(() =>
      createRouter({ providers: [{ ...provider, apiKeyEnv: 'TEST_ABSENT_KEY' }] } as never, { env: {} }),
    ).toThrow(
      expect.objectContaining({
        code: 'VG_CONFIG_INVALID',
        message: 'gateway.providers.0.apiKeyEnv: the environment variable TEST_ABSENT_KEY is not set',
      }) as Error,
    );
  });

  it('refuses unknown keys, bad durations, unknown providers and fallbacks, and duplicate names', () => {
    const cases: [unknown, RegExp][] = [
      [{ providers: [{ ...provider, apiKey: 'sk-inline' }] }, /^gateway\.providers\.0: .*apiKey/],
      [
        { providers: [provider], models: [{ name: 'm', provider: 'openai', timeout: '30' }] },
        /^gateway\.models\.0\.timeout: expected a duration/,
      ],
      [
        { providers: [provider], models: [{ name: 'm', provider: 'nope' }] },
        /^gateway\.models\.0\.provider: no provider is named nope$/,
      ],
      [
        { models: [{ name: 'm', provider: 'openai' }] },
        /^gateway\.models\.0\.provider: no provider is named openai$/,
      ],
      [
        { providers: [provider], models: [{ name: 'm', provider: 'openai', fallbacks: ['x'] }] },
        /fallback x matches no model route/,
      ],
      [{ providers: [provider, provider] }, /^gateway\.providers\.1\.name: duplicate provider name openai$/],
      [{ providers: [{ ...provider, type: 'bedrock' }] }, /^gateway\.providers\.0\.type: /],
      [
        { providers: [{ ...provider, headers: { 'X-A': 'a\r\nX-B: b' } }] },
        /header value without line breaks/,
      ],
      [{ breaker: { failures: 0 } }, /^gateway\.breaker\.failures: /],
    ];
    for (const [config, message] of cases) {
      expect(() => createRouter(config as never, { env: {} }), JSON.stringify(config)).toThrow(message);
    }
  });

  it('mounts under gateway and emits a JSON Schema with descriptions', () => {
    const gateway = z.strictObject({ gateway: z.strictObject(upstreamConfigShape).prefault({}) });
    expect(gateway.parse({})).toEqual({
      gateway: {
        providers: [],
        models: [],
        breaker: { failures: 5, cooldown: '30s' },
        retry: { maxRetryAfter: '30s' },
      },
    });
    const schema = JSON.stringify(z.toJSONSchema(upstreamSection, { io: 'input' }));
    expect(schema).toContain('Environment variable holding the API key');
    expect(schema).toContain('"additionalProperties":false');
  });
});
