/**
 * responseTexts finds what the model (and server tools) wrote in a non-streaming response;
 * rewriteResponseTexts replaces exactly those strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/gateway/wire/validate.js';
import { responseTexts, rewriteResponseTexts } from '../../../src/gateway/wire/response-texts.js';
import type { TextSlot } from '../../../src/gateway/wire/request-texts.js';
import * as arb from './arbitraries.js';

const brief = (slots: readonly TextSlot[]) => slots.map((s) => [s.role, s.kind, s.path, s.text]);

const chatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      logprobs: null,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"ssn":"078-05-1120"}' } },
          { id: 'call_2', type: 'function', function: { name: 'g', arguments: '{}' } },
        ],
      },
    },
    {
      index: 1,
      finish_reason: 'stop',
      logprobs: null,
      message: {
        role: 'assistant',
        content: 'Call Jane at 555-0100.',
        refusal: null,
        audio: { id: 'a1', data: 'UklGRg==', expires_at: 0, transcript: 'Call Jane.' },
      },
    },
    {
      index: 2,
      finish_reason: 'content_filter',
      logprobs: null,
      message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' },
    },
  ],
  usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
};

const anthropicMessage = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  content: [
    { type: 'thinking', thinking: 'Look it up.', signature: 'sig' },
    {
      type: 'text',
      text: 'Jane Roe lives in Leeds.',
      citations: [
        {
          type: 'char_location',
          cited_text: 'Jane Roe, 1 Main St, Leeds',
          document_index: 0,
          document_title: 'Record',
          start_char_index: 0,
          end_char_index: 26,
          file_id: null,
        },
      ],
    },
    {
      type: 'tool_use',
      id: 'toolu_1',
      name: 'lookup',
      input: { name: 'Jane Roe', n: 3 },
      caller: { type: 'direct' },
    },
    {
      type: 'server_tool_use',
      id: 'srv_1',
      name: 'web_fetch',
      input: { url: 'https://x' },
      caller: { type: 'direct' },
    },
    {
      type: 'web_fetch_tool_result',
      tool_use_id: 'srv_1',
      caller: { type: 'direct' },
      content: {
        type: 'web_fetch_result',
        url: 'https://x',
        retrieved_at: null,
        content: {
          type: 'document',
          citations: null,
          title: 'Page',
          source: { type: 'text', media_type: 'text/plain', data: 'Fetched page text.' },
        },
      },
    },
    {
      type: 'bash_code_execution_tool_result',
      tool_use_id: 'srv_2',
      content: {
        type: 'bash_code_execution_result',
        content: [],
        return_code: 0,
        stdout: 'ok',
        stderr: 'warn',
      },
    },
    { type: 'redacted_thinking', data: 'ENC' },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 1, output_tokens: 1 },
};

describe('responseTexts', () => {
  it('OpenAI chat: n > 1 choices, tool calls, null content, refusals, audio transcripts', () => {
    expect(brief(responseTexts('chat', chatCompletion))).toEqual([
      [
        'assistant',
        'tool_arguments',
        'choices[0].message.tool_calls[0].function.arguments',
        '{"ssn":"078-05-1120"}',
      ],
      ['assistant', 'tool_arguments', 'choices[0].message.tool_calls[1].function.arguments', '{}'],
      ['assistant', 'content', 'choices[1].message.content', 'Call Jane at 555-0100.'],
      ['assistant', 'content', 'choices[1].message.audio.transcript', 'Call Jane.'],
      ['assistant', 'content', 'choices[2].message.refusal', 'I cannot help with that.'],
    ]);
  });

  it('OpenAI completions choices, empty choices, embeddings (no text), error bodies', () => {
    const completion = {
      object: 'text_completion',
      choices: [
        { index: 0, text: 'Hello', finish_reason: 'stop', logprobs: null },
        { index: 1, text: 'Hi', finish_reason: 'stop', logprobs: null },
      ],
    };
    expect(brief(responseTexts('completions', completion))).toEqual([
      ['assistant', 'content', 'choices[0].text', 'Hello'],
      ['assistant', 'content', 'choices[1].text', 'Hi'],
    ]);
    expect(responseTexts('chat', { ...chatCompletion, choices: [] })).toEqual([]);
    expect(responseTexts('embeddings', { object: 'list', data: [{ embedding: 'AAAA' }] })).toEqual([]);
    expect(
      responseTexts('messages', { type: 'error', error: { type: 'overloaded_error', message: 'x' } }),
    ).toEqual([]);
  });

  it('Anthropic: text with citations, thinking, tool input leaves, server tool output', () => {
    expect(brief(responseTexts('messages', anthropicMessage))).toEqual([
      ['assistant', 'content', 'content[0].thinking', 'Look it up.'],
      ['assistant', 'content', 'content[1].text', 'Jane Roe lives in Leeds.'],
      ['document', 'content', 'content[1].citations[0].cited_text', 'Jane Roe, 1 Main St, Leeds'],
      ['document', 'content', 'content[1].citations[0].document_title', 'Record'],
      ['assistant', 'tool_arguments', 'content[2].input.name', 'Jane Roe'],
      ['assistant', 'tool_arguments', 'content[3].input.url', 'https://x'],
      ['tool', 'tool_result', 'content[4].content.content.source.data', 'Fetched page text.'],
      ['tool', 'tool_result', 'content[4].content.content.title', 'Page'],
      ['tool', 'tool_result', 'content[5].content.stdout', 'ok'],
      ['tool', 'tool_result', 'content[5].content.stderr', 'warn'],
    ]);
  });

  it('Anthropic: an unknown block type from upstream fails closed', () => {
    const body = { ...anthropicMessage, content: [{ type: 'hologram', text: 'secret' }] };
    expect(() => responseTexts('messages', body)).toThrowError(
      expect.objectContaining({ code: 'VG_UPSTREAM_ERROR' }) as unknown as Error,
    );
  });

  it('rewrites in place without mutating the upstream body', () => {
    const before = structuredClone(anthropicMessage);
    const slots = responseTexts('messages', anthropicMessage);
    const rewritten = rewriteResponseTexts(
      'messages',
      anthropicMessage,
      slots.map((s) => s.text.replaceAll('Jane Roe', '[PERSON]')),
    );
    expect(anthropicMessage).toEqual(before);
    expect(rewritten.content[2]).toEqual({ ...before.content[2], input: { name: '[PERSON]', n: 3 } });
    expect(JSON.stringify(rewritten)).not.toContain('Jane Roe');
  });
});

describe('rewriteResponseTexts properties', () => {
  const cases: Array<[Endpoint, fc.Arbitrary<unknown>]> = [
    ['chat', arb.chatResponse],
    ['messages', arb.messagesResponse],
  ];
  for (const [endpoint, bodies] of cases) {
    it(`${endpoint}: identity, exact replacement, nothing else touched`, () => {
      fc.assert(
        fc.property(bodies, (body) => {
          const before = structuredClone(body);
          const slots = responseTexts(endpoint, body);
          expect(
            rewriteResponseTexts(
              endpoint,
              body,
              slots.map((s) => s.text),
            ),
          ).toEqual(body);
          const replacements = slots.map((_s, i) => `«${i}»`);
          const rewritten = rewriteResponseTexts(endpoint, body, replacements);
          const again = responseTexts(endpoint, rewritten);
          expect(again.map((s) => s.text)).toEqual(replacements);
          expect(again.map((s) => s.path)).toEqual(slots.map((s) => s.path));
          expect(
            rewriteResponseTexts(
              endpoint,
              rewritten,
              slots.map((s) => s.text),
            ),
          ).toEqual(body);
          expect(body).toEqual(before);
        }),
        { numRuns: 150 },
      );
    });
  }
});
