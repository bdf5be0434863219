/**
 * The Anthropic Messages provider over real HTTP against the stub upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../../src/gateway/providers/anthropic.js';
import { startStubUpstream, type StubUpstream } from '../stub-upstream.js';
import { collectEvents, jsonBody, messagesBody, messageStreamText, upstreamRequest } from './requests.js';

const send = { upstreamModel: 'claude-upstream', timeoutMs: 5000 };

describe('Anthropic provider', () => {
  let stub: StubUpstream;
  let provider: AnthropicProvider;
  beforeAll(async () => {
    stub = await startStubUpstream();
    provider = new AnthropicProvider({
      name: 'anthropic',
      baseUrl: stub.url,
      apiKey: 'sk-ant-test',
      headers: { 'anthropic-beta': 'tools-2024-04-04', 'X-Api-Key': 'not-this-one' },
    });
  });
  afterAll(async () => {
    await provider?.close();
    await stub?.close();
  });

  it('posts to {baseUrl}/v1/messages with x-api-key, anthropic-version and the upstream model', async () => {
    const request = upstreamRequest('messages', { ...messagesBody('hi claude'), system: 'be brief' });
    const response = await provider.send({ ...request, ...send });
    expect(response).toMatchObject({
      kind: 'json',
      status: 200,
      provider: 'anthropic',
      model: 'claude-upstream',
    });
    expect(jsonBody(response)).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'stub: hi claude' }],
      stop_reason: 'end_turn',
    });
    const seen = stub.last();
    expect(seen.path).toBe('/v1/messages');
    expect(seen.headers['x-api-key']).toBe('sk-ant-test');
    expect(seen.headers['anthropic-version']).toBe('2023-06-01');
    expect(seen.headers['anthropic-beta']).toBe('tools-2024-04-04');
    expect(seen.headers['x-request-id']).toBe(request.requestId);
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.body).toEqual({ ...messagesBody('hi claude', 'claude-upstream'), system: 'be brief' });
  });

  it('streams the named Messages events in order', async () => {
    const events = await collectEvents(
      await provider.send({
        ...upstreamRequest('messages', messagesBody('a b c'), { stream: true }),
        ...send,
      }),
    );
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      ...Array(4).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(messageStreamText(events)).toBe('stub: a b c');
    expect(stub.last().body).toMatchObject({ stream: true });
  });

  it('passes a tool_use block through', async () => {
    const body = {
      ...messagesBody('weather please'),
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any' },
    };
    expect(jsonBody(await provider.send({ ...upstreamRequest('messages', body), ...send }))).toMatchObject({
      content: [{ type: 'tool_use', name: 'get_weather', input: { text: 'weather please' } }],
      stop_reason: 'tool_use',
    });
  });

  it('uses the configured API version', async () => {
    const pinned = new AnthropicProvider({ name: 'pinned', baseUrl: `${stub.url}/`, version: '2024-01-01' });
    try {
      await pinned.send({ ...upstreamRequest('messages', messagesBody('x')), ...send });
      expect(stub.last().headers['anthropic-version']).toBe('2024-01-01');
      expect(stub.last().headers['x-api-key']).toBeUndefined();
    } finally {
      await pinned.close();
    }
  });

  it("returns Anthropic's own error body with its status", async () => {
    stub.script({
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens' } },
    });
    expect(await provider.send({ ...upstreamRequest('messages', messagesBody('x')), ...send })).toMatchObject(
      {
        kind: 'json',
        status: 400,
        body: { type: 'error', error: { type: 'invalid_request_error' } },
      },
    );
  });

  it('refuses OpenAI endpoints with the route to call instead', async () => {
    await expect(
      provider.send({ ...upstreamRequest('chat', messagesBody('x')), ...send }),
    ).rejects.toMatchObject({
      code: 'VG_GATEWAY_BAD_REQUEST',
      message: expect.stringContaining('/anthropic/v1/messages') as string,
    });
  });
});
