/**
 * The OpenAI-compatible provider over real HTTP against the stub upstream: what it sends (path, headers,
 * body), what it returns (JSON, streams, tool calls, error bodies), Azure's variant, and keep-alive.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenAICompatibleProvider } from '../../../src/gateway/providers/openai-compatible.js';
import { startStubUpstream, type StubUpstream } from '../stub-upstream.js';
import { chatBody, chatStreamText, collectEvents, jsonBody, upstreamRequest } from './requests.js';

const send = { upstreamModel: 'gpt-upstream', timeoutMs: 5000 };

describe('OpenAI-compatible provider', () => {
  let stub: StubUpstream;
  let provider: OpenAICompatibleProvider;
  const opened: OpenAICompatibleProvider[] = [];
  beforeAll(async () => {
    stub = await startStubUpstream();
    provider = new OpenAICompatibleProvider({
      name: 'openai',
      baseUrl: `${stub.url}/v1/`,
      apiKey: 'sk-test-key',
      headers: { 'OpenAI-Organization': 'org-test', Authorization: 'Bearer not-this-one' },
    });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await provider?.close();
    await stub?.close();
  });

  it('posts chat to {baseUrl}/chat/completions with the upstream model, bearer key and request id', async () => {
    const request = upstreamRequest('chat', chatBody('hello there', 'client-name'));
    const response = await provider.send({ ...request, ...send });
    expect(response).toMatchObject({ kind: 'json', status: 200, provider: 'openai', model: 'gpt-upstream' });
    const body = jsonBody(response) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe('stub: hello there');
    const seen = stub.last();
    expect(seen.method).toBe('POST');
    expect(seen.path).toBe('/v1/chat/completions');
    expect(seen.headers.authorization).toBe('Bearer sk-test-key');
    expect(seen.headers['openai-organization']).toBe('org-test');
    expect(seen.headers['x-request-id']).toBe(request.requestId);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.body).toEqual({
      model: 'gpt-upstream',
      messages: [{ role: 'user', content: 'hello there' }],
    });
  });

  it('streams chat completion chunks through to [DONE]', async () => {
    const response = await provider.send({
      ...upstreamRequest(
        'chat',
        { ...chatBody('one two three'), stream_options: { include_usage: true } },
        { stream: true },
      ),
      ...send,
    });
    expect(response).toMatchObject({ kind: 'stream', status: 200, model: 'gpt-upstream' });
    const events = await collectEvents(response);
    expect(events.at(-1)).toEqual({ data: '[DONE]' });
    expect(chatStreamText(events)).toBe('stub: one two three');
    expect(JSON.parse(events.at(-2)?.data ?? '')).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) },
    });
    expect(stub.last().body).toMatchObject({ stream: true, model: 'gpt-upstream' });
    expect(stub.last().headers.accept).toBe('text/event-stream');
  });

  it('passes tool calls through, plain and streamed', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }];
    const body = { ...chatBody('find it'), tools, tool_choice: 'required' };
    const plain = jsonBody(await provider.send({ ...upstreamRequest('chat', body), ...send })) as {
      choices: {
        message: { tool_calls: { function: { name: string; arguments: string } }[] };
        finish_reason: string;
      }[];
    };
    expect(plain.choices[0]?.finish_reason).toBe('tool_calls');
    expect(plain.choices[0]?.message.tool_calls[0]?.function).toEqual({
      name: 'lookup',
      arguments: '{"text":"find it"}',
    });
    const events = await collectEvents(
      await provider.send({ ...upstreamRequest('chat', body, { stream: true }), ...send }),
    );
    const args = events
      .filter((e) => e.data !== '[DONE]')
      .flatMap(
        (e) =>
          (
            JSON.parse(e.data) as {
              choices: { delta: { tool_calls?: { function: { arguments?: string } }[] } }[];
            }
          ).choices,
      )
      .flatMap((c) => c.delta.tool_calls ?? [])
      .map((t) => t.function.arguments ?? '')
      .join('');
    expect(args).toBe('{"text":"find it"}');
  });

  it('posts completions and embeddings to their paths, and lists upstream models', async () => {
    const completion = jsonBody(
      await provider.send({ ...upstreamRequest('completions', { model: 'x', prompt: 'say hi' }), ...send }),
    );
    expect(completion).toMatchObject({ object: 'text_completion', choices: [{ text: 'stub: say hi' }] });
    expect(stub.last().path).toBe('/v1/completions');
    const embeddings = jsonBody(
      await provider.send({
        ...upstreamRequest('embeddings', { model: 'x', input: ['ab', 'abcd'] }),
        ...send,
      }),
    );
    expect(embeddings).toMatchObject({ data: [{ embedding: [2, 1, 0, -1] }, { embedding: [4, 1, 0, -1] }] });
    expect(stub.last().path).toBe('/v1/embeddings');
    expect(stub.last().body).toEqual({ model: 'gpt-upstream', input: ['ab', 'abcd'] });
    const models = jsonBody(await provider.listUpstreamModels(new AbortController().signal));
    expect(models).toMatchObject({ object: 'list', data: [{ id: 'stub-model' }] });
    expect(stub.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
  });

  it('Azure OpenAI: deployment in the path, api-version in the query, key in api-key and no Authorization', async () => {
    const azure = new OpenAICompatibleProvider({
      name: 'azure',
      baseUrl: `${stub.url}/openai/deployments/{model}`,
      apiKey: 'azure-key',
      azure: { apiVersion: '2024-10-21' },
    });
    opened.push(azure);
    const response = await azure.send({
      ...upstreamRequest('chat', chatBody('hi azure')),
      ...send,
      upstreamModel: 'gpt-4o prod',
    });
    expect(response.status).toBe(200);
    const seen = stub.last();
    expect(seen.path).toBe('/openai/deployments/gpt-4o%20prod/chat/completions?api-version=2024-10-21');
    expect(seen.headers['api-key']).toBe('azure-key');
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('sends no Authorization header when no key is configured (local servers)', async () => {
    const local = new OpenAICompatibleProvider({ name: 'ollama', baseUrl: `${stub.url}/v1` });
    opened.push(local);
    await local.send({ ...upstreamRequest('chat', chatBody('hi')), ...send });
    expect(stub.last().headers.authorization).toBeUndefined();
  });

  it("returns the upstream's 4xx as JSON with its status, and wraps a non-JSON one", async () => {
    stub.script({ status: 400, body: { error: { message: 'bad param', type: 'invalid_request_error' } } });
    const bad = await provider.send({ ...upstreamRequest('chat', chatBody('x')), ...send });
    expect(bad).toMatchObject({ kind: 'json', status: 400, body: { error: { message: 'bad param' } } });
    stub.script({ status: 404, body: '<html>not here</html>' });
    const missing = await provider.send({ ...upstreamRequest('chat', chatBody('x')), ...send });
    expect(missing).toMatchObject({
      kind: 'json',
      status: 404,
      body: { error: { message: 'upstream returned 404', type: 'upstream_error' } },
    });
  });

  it('throws for 5xx and 429 (the router decides on retries), with the Retry-After it was given', async () => {
    stub.script({ status: 429, retryAfter: 2 });
    const error = await provider
      .send({ ...upstreamRequest('chat', chatBody('secret prompt')), ...send })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'VG_UPSTREAM_ERROR',
      status: 429,
      retryAfterMs: 2000,
      message: 'upstream openai returned 429',
    });
    const visible =
      error instanceof Error ? `${error.message} ${JSON.stringify(error)} ${String(error.cause)}` : '';
    expect(visible).toContain('429');
    expect(visible).not.toMatch(/sk-test-key|secret prompt/);
  });

  it('keeps one connection alive for sequential requests, errors and streams included', async () => {
    const keepAlive = new OpenAICompatibleProvider({ name: 'pool', baseUrl: `${stub.url}/v1` });
    opened.push(keepAlive);
    // undici's Pool frees a connection on its 'drain' event, a tick after the body ends; requests arriving
    // from clients are always further apart than that, back-to-back calls in one task are not.
    const nextTick = () => new Promise((resolve) => setImmediate(resolve));
    const before = stub.connections;
    const first = stub.requests.length;
    stub.script({}, { status: 503 }, {}, { status: 400 });
    for (let i = 0; i < 4; i++) {
      await keepAlive.send({ ...upstreamRequest('chat', chatBody(`n${i}`)), ...send }).catch(() => undefined);
      await nextTick();
    }
    await collectEvents(
      await keepAlive.send({ ...upstreamRequest('chat', chatBody('s'), { stream: true }), ...send }),
    );
    await nextTick();
    await keepAlive.send({ ...upstreamRequest('chat', chatBody('last')), ...send });
    expect(stub.requests.slice(first).map((r) => r.connection)).toEqual(Array(6).fill(before + 1));
    expect(stub.connections).toBe(before + 1);
  });
});
