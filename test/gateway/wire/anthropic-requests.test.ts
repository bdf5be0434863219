/**
 * The Anthropic schema accepts what the official `@anthropic-ai/sdk` client really sends (captured on a
 * loopback server), and refuses fields outside the allowlist with the path in the message.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequestBody } from '../../../src/gateway/wire/validate.js';
import { fullMessagesRequest, mcpMessagesRequest } from './fixtures.js';
import { startLoopbackUpstream, type LoopbackUpstream } from './loopback-upstream.js';

const emptyMessage = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  content: [],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
};

let upstream: LoopbackUpstream;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startLoopbackUpstream((_path, body) =>
    (body as { stream?: unknown }).stream === true
      ? {
          style: 'anthropic',
          sse: [{ type: 'message_start', message: emptyMessage }, { type: 'message_stop' }],
        }
      : { json: emptyMessage },
  );
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 });
});

afterAll(async () => {
  await upstream.close();
});

function lastReceived(): { path: string; body: unknown; headers: Record<string, unknown> } {
  const last = upstream.received.at(-1);
  if (!last) throw new Error('the client sent nothing');
  return last;
}

const user = (content: unknown) => ({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content }] });

describe('Anthropic request schema accepts what the official client sends', () => {
  it('messages with documents, search results, thinking, tool use and results, server tools', async () => {
    await client.messages.create(fullMessagesRequest);
    const { path, body } = lastReceived();
    expect(path).toBe('/v1/messages');
    expect(body).toEqual(fullMessagesRequest);
    expect(parseRequestBody('messages', body)).toEqual({ ok: true, body: fullMessagesRequest });
  });

  it('beta MCP connector requests; betas travel as a header, not in the body', async () => {
    const stream = await client.beta.messages.create(mcpMessagesRequest);
    for await (const event of stream) void event;
    const { body, headers } = lastReceived();
    expect(headers['anthropic-beta']).toContain('mcp-client-2025-04-04');
    const { betas: _betas, ...expected } = mcpMessagesRequest;
    expect(body).toEqual(expected);
    expect(parseRequestBody('messages', body)).toEqual({ ok: true, body: expected });
  });

  it('sampling fields that older clients send, system-role messages and string system prompts', () => {
    const body = {
      model: 'claude-3-5-haiku-latest',
      max_tokens: 256,
      system: 'Be brief.',
      temperature: 0.7,
      top_k: 40,
      top_p: 0.95,
      messages: [
        { role: 'system', content: 'Extra instructions.' },
        { role: 'user', content: 'Hi' },
      ],
      tool_choice: { type: 'tool', name: 'lookup' },
      tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
    };
    expect(parseRequestBody('messages', body)).toEqual({ ok: true, body });
  });

  it('sends response content blocks back as the next turn (response-only fields included)', () => {
    const assistant = {
      role: 'assistant',
      content: [
        {
          type: 'text',
          text: 'Per the note, a headache.',
          citations: [
            {
              type: 'char_location',
              cited_text: 'headache',
              document_index: 0,
              document_title: null,
              start_char_index: 0,
              end_char_index: 8,
              file_id: null,
            },
          ],
        },
        { type: 'tool_use', id: 'toolu_1', name: 'f', input: {}, caller: { type: 'direct' } },
      ],
    };
    expect(parseRequestBody('messages', { model: 'm', max_tokens: 10, messages: [assistant] }).ok).toBe(true);
  });
});

describe('Anthropic request schema refuses what it does not know', () => {
  it('names the allowed block types for an unknown one', () => {
    const result = parseRequestBody('messages', user([{ type: 'video', url: 'x' }]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(
      /^messages\[0\]\.content\[0\]\.type: expected one of text, image, document, /,
    );
  });

  it('refuses unknown fields in blocks, nested tool results, tools and the body', () => {
    expect(parseRequestBody('messages', user([{ type: 'text', text: 'x', extra: 1 }]))).toEqual({
      ok: false,
      message: "unknown field 'extra' at messages[0].content[0]",
    });
    const nested = [
      { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'x', note: 'y' }] },
    ];
    expect(parseRequestBody('messages', user(nested))).toEqual({
      ok: false,
      message: "unknown field 'note' at messages[0].content[0].content[0]",
    });
    const tools = [{ name: 'f', input_schema: { type: 'object' }, prompt: 'hidden' }];
    expect(parseRequestBody('messages', { ...user('x'), tools })).toEqual({
      ok: false,
      message: "unknown field 'prompt' at tools[0]",
    });
    expect(parseRequestBody('messages', { ...user('x'), prompt: 'legacy' })).toEqual({
      ok: false,
      message: "unknown field 'prompt' in request body",
    });
  });

  it('requires max_tokens and an object input_schema; refuses unknown tool types', () => {
    expect(parseRequestBody('messages', { model: 'm', messages: [] })).toEqual({
      ok: false,
      message: 'max_tokens: required',
    });
    const badSchema = [{ name: 'f', input_schema: { type: 'string' } }];
    expect(parseRequestBody('messages', { ...user('x'), tools: badSchema })).toEqual({
      ok: false,
      message: "tools[0].input_schema.type: expected 'object'",
    });
    const unknownTool = [{ type: 'computer_19990101', name: 'computer' }];
    const result = parseRequestBody('messages', { ...user('x'), tools: unknownTool });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.message).toMatch(/^tools\[0\]\.type: expected one of custom, bash_20250124, /);
  });

  it('refuses tool inputs nested deeper than the walkers allow, and non-object inputs', () => {
    let input: unknown = 'leaf';
    for (let i = 0; i < 70; i++) input = { a: input };
    const deep = { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input }] };
    expect(parseRequestBody('messages', { model: 'm', max_tokens: 1, messages: [deep] })).toEqual({
      ok: false,
      message: 'messages[0].content[0].input: expected a JSON object nested at most 64 levels deep',
    });
    const scalar = { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: 'x' }] };
    expect(parseRequestBody('messages', { model: 'm', max_tokens: 1, messages: [scalar] })).toEqual({
      ok: false,
      message: 'messages[0].content[0].input: expected object',
    });
  });
});
