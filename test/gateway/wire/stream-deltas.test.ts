/**
 * Stream deltas: channels found in OpenAI chunks and Anthropic events, rewritten exactly, ended at the
 * right events; synthetic flush events are accepted by the official clients' stream accumulators.
 */
import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  endedChannels,
  eventDeltas,
  makeDeltaEvent,
  rewriteEventDeltas,
  type StreamFormat,
} from '../../../src/gateway/wire/stream-deltas.js';
import { anyText } from './arbitraries.js';
import { startLoopbackUpstream, type LoopbackUpstream } from './loopback-upstream.js';

const envelope = { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o' };
const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
  ...envelope,
  choices,
  ...extra,
});

describe('eventDeltas and endedChannels: OpenAI chat chunks', () => {
  it('reads content, refusal and reasoning; skips nulls and role-only deltas', () => {
    const first = chunk([
      {
        index: 0,
        delta: { role: 'assistant', content: '', refusal: null },
        finish_reason: null,
        logprobs: null,
      },
    ]);
    expect(eventDeltas('openai-chat', first)).toEqual([{ channel: 'c0:content', text: '' }]);
    const mixed = chunk([
      { index: 0, delta: { reasoning_content: 'hmm', content: 'Hi', refusal: 'no' }, finish_reason: null },
    ]);
    expect(eventDeltas('openai-chat', mixed)).toEqual([
      { channel: 'c0:content', text: 'Hi' },
      { channel: 'c0:refusal', text: 'no' },
      { channel: 'c0:reasoning_content', text: 'hmm' },
    ]);
  });

  it('reads several tool calls in one chunk, and n > 1 choices', () => {
    const event = chunk([
      {
        index: 0,
        delta: {
          tool_calls: [
            { index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '' } },
            { index: 1, id: 'call_b', type: 'function', function: { name: 'g', arguments: '{"q":' } },
          ],
        },
        finish_reason: null,
      },
      { index: 1, delta: { content: 'second choice' }, finish_reason: null },
      { index: 2, delta: { function_call: { arguments: '{}' } }, finish_reason: null },
    ]);
    expect(eventDeltas('openai-chat', event)).toEqual([
      { channel: 'c0:tool0:arguments', text: '' },
      { channel: 'c0:tool1:arguments', text: '{"q":' },
      { channel: 'c1:content', text: 'second choice' },
      { channel: 'c2:function_call:arguments', text: '{}' },
    ]);
  });

  it('a finish_reason ends the channels of that choice only; a usage-only chunk ends nothing', () => {
    const open = new Set(['c0:content', 'c0:tool1:arguments', 'c1:content', 'c10:content']);
    const finish = chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]);
    expect(endedChannels('openai-chat', finish, open)).toEqual(['c0:content', 'c0:tool1:arguments']);
    const usageOnly = chunk([], { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
    expect(eventDeltas('openai-chat', usageOnly)).toEqual([]);
    expect(endedChannels('openai-chat', usageOnly, open)).toEqual([]);
    const completionsDone = { choices: [{ index: 1, text: 'x', finish_reason: 'length' }] };
    expect(eventDeltas('openai-completions', completionsDone)).toEqual([{ channel: 'c1:text', text: 'x' }]);
    expect(endedChannels('openai-completions', completionsDone, new Set(['c0:text', 'c1:text']))).toEqual([
      'c1:text',
    ]);
  });
});

describe('eventDeltas and endedChannels: Anthropic events', () => {
  it('reads text, input JSON and thinking deltas, and the text of a block start', () => {
    const events: Array<[unknown, unknown[]]> = [
      [
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } },
        [{ channel: 'b0:text', text: '' }],
      ],
      [
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
        [{ channel: 'b0:text', text: 'Hello' }],
      ],
      [
        {
          type: 'content_block_delta',
          index: 1,
          delta: { type: 'input_json_delta', partial_json: '{"q": "J' },
        },
        [{ channel: 'b1:input', text: '{"q": "J' }],
      ],
      [
        { type: 'content_block_delta', index: 2, delta: { type: 'thinking_delta', thinking: 'Let me' } },
        [{ channel: 'b2:thinking', text: 'Let me' }],
      ],
      [{ type: 'content_block_delta', index: 2, delta: { type: 'signature_delta', signature: 'abc' } }, []],
      [
        {
          type: 'content_block_start',
          index: 3,
          content_block: { type: 'tool_use', id: 't', name: 'f', input: {} },
        },
        [],
      ],
      [{ type: 'ping' }, []],
      [
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: 3 },
        },
        [],
      ],
    ];
    for (const [event, expected] of events) expect(eventDeltas('anthropic', event)).toEqual(expected);
  });

  it('content_block_stop ends that block; message_stop and error end everything', () => {
    const open = new Set(['b0:text', 'b1:input', 'b10:text']);
    expect(endedChannels('anthropic', { type: 'content_block_stop', index: 1 }, open)).toEqual(['b1:input']);
    expect(
      endedChannels('anthropic', { type: 'content_block_stop', index: 1 }, new Set(['b10:text'])),
    ).toEqual([]);
    expect(endedChannels('anthropic', { type: 'message_stop' }, open)).toEqual([...open]);
    const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    expect(endedChannels('anthropic', error, open)).toEqual([...open]);
    expect(endedChannels('anthropic', { type: 'ping' }, open)).toEqual([]);
  });
});

describe('makeDeltaEvent', () => {
  it('models OpenAI chunks on the template, never copying usage totals', () => {
    const template = chunk([], {
      system_fingerprint: 'fp_1',
      usage: { total_tokens: 9 },
      obfuscation: 'pad',
    });
    expect(makeDeltaEvent('openai-chat', template, 'c1:tool2:arguments', '{"a":1}')).toEqual({
      ...envelope,
      system_fingerprint: 'fp_1',
      usage: null,
      choices: [
        {
          index: 1,
          delta: { tool_calls: [{ index: 2, function: { arguments: '{"a":1}' } }] },
          logprobs: null,
          finish_reason: null,
        },
      ],
    });
    expect(makeDeltaEvent('anthropic', { type: 'content_block_stop', index: 4 }, 'b4:input', '}')).toEqual({
      type: 'content_block_delta',
      index: 4,
      delta: { type: 'input_json_delta', partial_json: '}' },
    });
  });

  it('refuses channels that do not exist in the format', () => {
    for (const [format, channel] of [
      ['openai-chat', 'b0:text'],
      ['openai-chat', 'c0:text'],
      ['openai-completions', 'c0:content'],
      ['anthropic', 'c0:content'],
      ['anthropic', 'b0:signature'],
    ] as Array<[StreamFormat, string]>) {
      expect(() => makeDeltaEvent(format, {}, channel, 'x')).toThrowError(
        expect.objectContaining({ code: 'VG_GATEWAY_GUARD_FAILED' }) as unknown as Error,
      );
    }
  });
});

describe('stream delta properties', () => {
  const channel = fc.oneof(
    fc
      .tuple(
        fc.constant<StreamFormat>('openai-chat'),
        fc.nat(4),
        fc.constantFrom('content', 'refusal', 'reasoning_content', 'reasoning'),
      )
      .map(([f, c, field]) => [f, `c${c}:${field}`] as const),
    fc
      .tuple(fc.constant<StreamFormat>('openai-chat'), fc.nat(4), fc.nat(4))
      .map(([f, c, t]) => [f, `c${c}:tool${t}:arguments`] as const),
    fc
      .tuple(fc.constant<StreamFormat>('openai-chat'), fc.nat(4))
      .map(([f, c]) => [f, `c${c}:function_call:arguments`] as const),
    fc
      .tuple(fc.constant<StreamFormat>('openai-completions'), fc.nat(4))
      .map(([f, c]) => [f, `c${c}:text`] as const),
    fc
      .tuple(fc.constant<StreamFormat>('anthropic'), fc.nat(20), fc.constantFrom('text', 'input', 'thinking'))
      .map(([f, b, kind]) => [f, `b${b}:${kind}`] as const),
  );

  it('a synthetic event carries exactly its text on its channel, and ends nothing', () => {
    fc.assert(
      fc.property(channel, anyText, ([format, name], text) => {
        const event = makeDeltaEvent(format, chunk([]), name, text);
        expect(eventDeltas(format, event)).toEqual([{ channel: name, text }]);
        expect(endedChannels(format, event, new Set([name]))).toEqual([]);
      }),
    );
  });

  const chatChunk = fc
    .array(
      fc.record(
        {
          content: fc.option(anyText, { nil: null }),
          refusal: fc.option(anyText, { nil: null }),
          tool_calls: fc.array(
            fc.record({
              index: fc.nat(3),
              function: fc.record({ arguments: anyText }, { requiredKeys: [] }),
            }),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    )
    .map((deltas) => chunk(deltas.map((delta, index) => ({ index, delta, finish_reason: null }))));
  const anthropicEvent = fc.oneof(
    fc
      .tuple(fc.nat(9), anyText)
      .map(([index, text]) => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } })),
    fc.tuple(fc.nat(9), anyText).map(([index, partial_json]) => ({
      type: 'content_block_delta',
      index,
      delta: { type: 'input_json_delta', partial_json },
    })),
    fc.tuple(fc.nat(9), anyText).map(([index, text]) => ({
      type: 'content_block_start',
      index,
      content_block: { type: 'text', text },
    })),
    fc.constant({ type: 'ping' }),
  );

  for (const [format, events] of [
    ['openai-chat', chatChunk],
    ['anthropic', anthropicEvent],
  ] as Array<[StreamFormat, fc.Arbitrary<unknown>]>) {
    it(`${format}: identity, exact replacement, nothing else touched`, () => {
      fc.assert(
        fc.property(events, (event) => {
          const before = structuredClone(event);
          const deltas = eventDeltas(format, event);
          expect(
            rewriteEventDeltas(
              format,
              event,
              deltas.map((d) => d.text),
            ),
          ).toEqual(event);
          const texts = deltas.map((_d, i) => `«${i}»`);
          const rewritten = rewriteEventDeltas(format, event, texts);
          expect(eventDeltas(format, rewritten)).toEqual(
            deltas.map((d, i) => ({ channel: d.channel, text: texts[i] })),
          );
          expect(
            rewriteEventDeltas(
              format,
              rewritten,
              deltas.map((d) => d.text),
            ),
          ).toEqual(event);
          expect(event).toEqual(before);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('the official clients accept rewritten and synthetic events', () => {
  let upstream: LoopbackUpstream | undefined;
  afterEach(async () => {
    await upstream?.close();
    upstream = undefined;
  });

  it('openai: ChatCompletionStream accumulates rewritten deltas, flushed text and tool arguments', async () => {
    const leak = chunk([{ index: 0, delta: { content: 'lo Jane' }, finish_reason: null }]);
    const [leakDelta] = eventDeltas('openai-chat', leak);
    expect(leakDelta).toEqual({ channel: 'c0:content', text: 'lo Jane' });
    const events = [
      chunk([
        { index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null },
        { index: 1, delta: { role: 'assistant', content: '' }, finish_reason: null },
      ]),
      rewriteEventDeltas('openai-chat', leak, ['lo [PERSON]']),
      makeDeltaEvent('openai-chat', leak, 'c0:content', '!'),
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } },
            ],
          },
          finish_reason: null,
        },
      ]),
      makeDeltaEvent('openai-chat', leak, 'c0:tool0:arguments', '{"a":'),
      makeDeltaEvent('openai-chat', leak, 'c0:tool0:arguments', '1}'),
      makeDeltaEvent('openai-chat', leak, 'c1:content', 'Other choice'),
      chunk([
        { index: 0, delta: {}, finish_reason: 'tool_calls' },
        { index: 1, delta: {}, finish_reason: 'stop' },
      ]),
      chunk([], { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }),
    ];
    upstream = await startLoopbackUpstream(() => ({ sse: events, style: 'openai' }));
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      n: 2,
      messages: [{ role: 'user', content: 'hi' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('Hello [PERSON]!');
    expect(final.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      function: { name: 'f', arguments: '{"a":1}' },
    });
    expect(final.choices[1]?.message.content).toBe('Other choice');
  });

  it('anthropic: MessageStream accumulates rewritten text, flushed text and tool input JSON', async () => {
    const message = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 1 },
    };
    const leak = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi Jane' } };
    const events = [
      { type: 'message_start', message },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      rewriteEventDeltas('anthropic', leak, ['Hi [PERSON]']),
      makeDeltaEvent('anthropic', leak, 'b0:text', ', done.'),
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
      },
      makeDeltaEvent('anthropic', leak, 'b1:input', '{"q": '),
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"x"}' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 9 },
      },
      { type: 'message_stop' },
    ];
    upstream = await startLoopbackUpstream(() => ({ sse: events, style: 'anthropic' }));
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: upstream.url, maxRetries: 0 });
    const final = await client.messages
      .stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Hi [PERSON], done.' });
    expect(final.content[1]).toMatchObject({ type: 'tool_use', input: { q: 'x' } });
  });
});
