/**
 * The built-in demo model: determinism, the label, echo, tool calls, embeddings and usage in both wire
 * formats; and, served over HTTP with formatSseEvent, its answers read back by the official OpenAI and
 * Anthropic SDKs (which check the event sequences and accumulate streamed tool calls).
 */
import { createServer, type Server } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LABEL, DemoProvider } from '../../../src/gateway/providers/demo.js';
import { formatSseEvent } from '../../../src/gateway/providers/sse.js';
import type { Endpoint, UpstreamResponse } from '../../../src/gateway/providers/types.js';
import { chatStreamText, collectEvents, jsonBody, messageStreamText, upstreamRequest } from './requests.js';
import { listenOnLoopback } from '../../loopback.js';

const demo = new DemoProvider();

function ask(endpoint: Endpoint, body: Record<string, unknown>, stream = false): Promise<UpstreamResponse> {
  return demo.send({
    ...upstreamRequest(endpoint, body, { stream }),
    upstreamModel: 'demo',
    timeoutMs: 1000,
  });
}

const conversation = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'My name is <PERSON_1>.' },
  { role: 'assistant', content: 'Noted.' },
  { role: 'user', content: [{ type: 'text', text: 'Please ECHO this back.' }] },
];

type ChatCompletion = {
  id: string;
  choices: {
    message: {
      content: string;
      tool_calls?: { id: string; function: { name: string; arguments: string } }[];
    };
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

describe('demo provider: OpenAI format', () => {
  it('answers the same request identically, with an id derived from the request', async () => {
    const body = { model: 'demo', messages: [{ role: 'user', content: 'hi' }] };
    const a = jsonBody(await ask('chat', body));
    const b = jsonBody(await ask('chat', structuredClone(body)));
    const c = jsonBody(await ask('chat', { ...body, messages: [{ role: 'user', content: 'hi!' }] }));
    expect(a).toEqual(b);
    expect(a.id).toMatch(/^chatcmpl-[0-9a-f]{24}$/);
    expect(c.id).not.toBe(a.id);
    expect(a.created).toBe(0);
  });

  it('labels itself and counts the messages', async () => {
    const one = jsonBody(
      await ask('chat', { model: 'demo', messages: [{ role: 'user', content: 'hi' }] }),
    ) as ChatCompletion;
    expect(one.choices[0]?.message.content).toMatch(/^\[veilgate demo model\] .*received 1 message\./);
    const three = jsonBody(
      await ask('chat', { model: 'demo', messages: conversation.slice(0, 3) }),
    ) as ChatCompletion;
    expect(three.choices[0]?.message.content).toContain('received 3 messages.');
    expect(three.choices[0]?.finish_reason).toBe('stop');
  });

  it('echoes what it received, one role: text line per message, when the last user message says echo', async () => {
    const answer = jsonBody(await ask('chat', { model: 'demo', messages: conversation })) as ChatCompletion;
    expect(answer.choices[0]?.message.content).toBe(
      `${DEMO_LABEL} These are the 4 messages I received:\n` +
        'system: You are terse.\nuser: My name is <PERSON_1>.\nassistant: Noted.\nuser: Please ECHO this back.',
    );
    // "echo" as part of another word does not count
    const echoes = jsonBody(
      await ask('chat', { model: 'demo', messages: [{ role: 'user', content: 'echoes' }] }),
    ) as ChatCompletion;
    expect(echoes.choices[0]?.message.content).not.toContain('These are');
  });

  it('counts usage as characters / 4, rounded up', async () => {
    const answer = jsonBody(
      await ask('chat', { model: 'demo', messages: [{ role: 'user', content: 'abcde' }] }),
    ) as ChatCompletion;
    const text = answer.choices[0]?.message.content ?? '';
    expect(answer.usage).toEqual({
      prompt_tokens: 2,
      completion_tokens: Math.ceil(text.length / 4),
      total_tokens: 2 + Math.ceil(text.length / 4),
    });
  });

  it('calls the first tool with the last user text when asked to "call tool"', async () => {
    const tools = [
      { type: 'function', function: { name: 'search', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'other' } },
    ];
    const body = { model: 'demo', messages: [{ role: 'user', content: 'Please call tool now' }], tools };
    const answer = jsonBody(await ask('chat', body)) as ChatCompletion;
    expect(answer.choices[0]?.finish_reason).toBe('tool_calls');
    expect(answer.choices[0]?.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_/) as string,
        type: 'function',
        function: { name: 'search', arguments: '{"text":"Please call tool now"}' },
      },
    ]);
    const withoutTools = jsonBody(await ask('chat', { ...body, tools: undefined })) as ChatCompletion;
    expect(withoutTools.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it('streams a role delta, word chunks, a finish chunk, usage when asked, then [DONE]', async () => {
    const body = {
      model: 'demo',
      messages: [{ role: 'user', content: 'hello' }],
      stream_options: { include_usage: true },
    };
    const plain = jsonBody(await ask('chat', body)) as ChatCompletion;
    const events = await collectEvents(await ask('chat', body, true));
    const chunks = events.slice(0, -1).map(
      (e) =>
        JSON.parse(e.data) as {
          object: string;
          choices: { delta: Record<string, unknown>; finish_reason: string | null }[];
          usage?: unknown;
        },
    );
    expect(events.at(-1)).toEqual({ data: '[DONE]' });
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.length).toBeGreaterThan(8); // several word chunks
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: plain.usage });
    expect(chatStreamText(events)).toBe(plain.choices[0]?.message.content);
  });

  it('answers legacy completions, plain and streamed', async () => {
    const plain = jsonBody(await ask('completions', { model: 'demo', prompt: 'say echo' })) as {
      choices: { text: string }[];
    };
    expect(plain.choices[0]?.text).toBe(`${DEMO_LABEL} These are the 1 message I received:\nuser: say echo`);
    const events = await collectEvents(await ask('completions', { model: 'demo', prompt: 'say echo' }, true));
    const text = events
      .filter((e) => e.data !== '[DONE]')
      .map((e) => (JSON.parse(e.data) as { choices: { text: string }[] }).choices[0]?.text)
      .join('');
    expect(text).toBe(plain.choices[0]?.text);
  });

  it('embeds into deterministic 8-dimensional unit vectors', async () => {
    const answer = jsonBody(
      await ask('embeddings', { model: 'demo', input: ['alpha', 'beta', 'alpha'] }),
    ) as {
      data: { index: number; embedding: number[] }[];
      usage: { prompt_tokens: number };
    };
    const [a, b, again] = answer.data.map((d) => d.embedding);
    expect(a).toHaveLength(8);
    expect(Math.hypot(...(a ?? []))).toBeCloseTo(1, 10);
    expect(again).toEqual(a);
    expect(b).not.toEqual(a);
    expect(answer.data.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(answer.usage.prompt_tokens).toBe(Math.ceil(14 / 4));
    const single = jsonBody(await ask('embeddings', { model: 'demo', input: 'alpha' })) as {
      data: { embedding: number[] }[];
    };
    expect(single.data[0]?.embedding).toEqual(a);
  });
});

describe('demo provider: Anthropic format', () => {
  const body = {
    model: 'demo',
    max_tokens: 100,
    system: 'Be kind.',
    messages: [
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: [{ type: 'text', text: 'hi' }] },
      { role: 'user', content: [{ type: 'text', text: 'echo please' }] },
    ],
  };

  it('echoes system and messages in a Messages API answer', async () => {
    const answer = jsonBody(await ask('messages', body));
    expect(answer).toMatchObject({
      id: expect.stringMatching(/^msg_[0-9a-f]{24}$/) as string,
      type: 'message',
      role: 'assistant',
      model: 'demo',
      stop_reason: 'end_turn',
      stop_sequence: null,
      content: [
        {
          type: 'text',
          text: `${DEMO_LABEL} These are the 4 messages I received:\nsystem: Be kind.\nuser: hello\nassistant: hi\nuser: echo please`,
        },
      ],
    });
    expect(jsonBody(await ask('messages', structuredClone(body)))).toEqual(answer);
  });

  it('streams the Messages event sequence with the same text', async () => {
    const plain = jsonBody(await ask('messages', body)) as {
      content: { text: string }[];
      usage: { output_tokens: number };
    };
    const events = await collectEvents(await ask('messages', body, true));
    const names = events.map((e) => e.event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(names.filter((n) => n === 'content_block_delta').length).toBeGreaterThan(5);
    for (const e of events) expect((JSON.parse(e.data) as { type: string }).type).toBe(e.event);
    expect(messageStreamText(events)).toBe(plain.content[0]?.text);
    expect(JSON.parse(events.at(-2)?.data ?? '')).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: plain.usage.output_tokens },
    });
  });

  it('returns a tool_use block when asked to call a tool', async () => {
    const withTools = {
      ...body,
      messages: [{ role: 'user', content: 'call tool please' }],
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
    };
    expect(jsonBody(await ask('messages', withTools))).toMatchObject({
      stop_reason: 'tool_use',
      content: [
        { type: 'text' },
        {
          type: 'tool_use',
          id: expect.stringMatching(/^toolu_/) as string,
          name: 'get_weather',
          input: { text: 'call tool please' },
        },
      ],
    });
  });
});

describe('demo provider read by the official SDKs', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const path = req.url ?? '';
        const endpoint: Endpoint = path.endsWith('/chat/completions')
          ? 'chat'
          : path.endsWith('/messages')
            ? 'messages'
            : path.endsWith('/embeddings')
              ? 'embeddings'
              : 'completions';
        void (async () => {
          const response = await ask(endpoint, body, body.stream === true);
          if (response.kind === 'json') {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify(response.body));
            return;
          }
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          for await (const event of response.events) res.write(formatSseEvent(event));
          res.end();
        })();
      });
    });
    url = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('OpenAI SDK: a streamed tool call accumulates to the same message as the plain answer', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0 });
    const request = {
      model: 'demo',
      messages: [{ role: 'user' as const, content: 'call tool with ü and 🦊' }],
      tools: [{ type: 'function' as const, function: { name: 'note', parameters: { type: 'object' } } }],
    };
    const plain = await client.chat.completions.create(request);
    const streamed = await client.chat.completions.stream(request).finalChatCompletion();
    expect(streamed.choices[0]?.message.content).toBe(plain.choices[0]?.message.content);
    expect(streamed.choices[0]?.message.tool_calls).toEqual(plain.choices[0]?.message.tool_calls);
    expect(streamed.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('OpenAI SDK: base64 embeddings decode to the float vectors', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0 });
    const viaSdk = await client.embeddings.create({ model: 'demo', input: 'alpha' }); // asks for base64
    const direct = jsonBody(await ask('embeddings', { model: 'demo', input: 'alpha' })) as {
      data: { embedding: number[] }[];
    };
    const expected = direct.data[0]?.embedding ?? [];
    expect(viaSdk.data[0]?.embedding).toHaveLength(8);
    viaSdk.data[0]?.embedding.forEach((x, i) => expect(x).toBeCloseTo(expected[i] ?? NaN, 6));
  });

  it('Anthropic SDK: the streamed message accumulates to the plain one, tool input included', async () => {
    const client = new Anthropic({ apiKey: 'unused', baseURL: url, maxRetries: 0 });
    const request = {
      model: 'demo',
      max_tokens: 100,
      messages: [{ role: 'user' as const, content: 'please call tool "x"' }],
      tools: [{ name: 'lookup', input_schema: { type: 'object' as const } }],
    };
    const plain = await client.messages.create(request);
    const streamed = await client.messages.stream(request).finalMessage();
    // The SDK's accumulator adds `citations: null` to text blocks.
    expect(streamed.content.map((b) => ({ ...b, citations: undefined }))).toEqual(
      plain.content.map((b) => ({ ...b, citations: undefined })),
    );
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.usage.output_tokens).toBe(plain.usage.output_tokens);
    expect(streamed.id).toBe(plain.id);
  });
});
