/**
 * parseRequestBody explains the first problem in one line, naming the field path and the expectation,
 * and never echoes what the client sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestBody, type Endpoint } from '../../../src/gateway/wire/validate.js';

function messageOf(endpoint: Endpoint, json: unknown): string {
  const result = parseRequestBody(endpoint, json);
  if (result.ok) throw new Error('expected the body to be refused');
  return result.message;
}

const chat = (messages: unknown[], extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4o',
  messages,
  ...extra,
});

describe('parseRequestBody messages', () => {
  it('names the allowed part types for an unknown part (the example in the brief)', () => {
    const messages = [
      { role: 'system', content: 'x' },
      { role: 'assistant', content: 'y' },
      { role: 'user', content: [{ type: 'video_url', video_url: 'z' }] },
    ];
    expect(messageOf('chat', chat(messages))).toBe(
      'messages[2].content[0].type: expected one of text, image_url, input_audio, file',
    );
  });

  it('names the allowed roles, and says when a required field is missing', () => {
    expect(messageOf('chat', chat([{ role: 'robot', content: 'x' }]))).toBe(
      'messages[0].role: expected one of system, developer, user, assistant, tool, function',
    );
    expect(messageOf('chat', { messages: [] })).toBe('model: required');
    expect(messageOf('chat', chat([{ role: 'tool', content: 'x' }]))).toBe(
      'messages[0].tool_call_id: required',
    );
    expect(messageOf('chat', chat([{ role: 'user' }]))).toBe('messages[0].content: required');
  });

  it('explains a union by the shapes it accepts, or by the branch that got furthest', () => {
    expect(messageOf('chat', chat([{ role: 'user', content: 42 }]))).toBe(
      'messages[0].content: expected string or array',
    );
    expect(messageOf('chat', chat([{ role: 'user', content: [{ type: 'text', text: 7 }] }]))).toBe(
      'messages[0].content[0].text: expected string',
    );
    expect(messageOf('chat', chat([{ role: 'user', content: 'x' }], { tool_choice: 'sometimes' }))).toBe(
      'tool_choice: expected none, auto, required or object',
    );
    expect(messageOf('chat', chat([{ role: 'user', content: 'x' }], { tool_choice: { type: 'any' } }))).toBe(
      'tool_choice.type: expected one of allowed_tools, function, custom',
    );
  });

  it('describes ranges, enums, integers and the body itself', () => {
    const one = [{ role: 'user', content: 'x' }];
    expect(messageOf('chat', chat(one, { top_p: -1 }))).toBe('top_p: expected a number >= 0');
    expect(messageOf('chat', chat(one, { n: 1.5 }))).toBe('n: expected integer');
    expect(messageOf('chat', chat(one, { reasoning_effort: 'extreme' }))).toBe(
      'reasoning_effort: expected one of none, minimal, low, medium, high, xhigh, max',
    );
    expect(messageOf('chat', chat([]))).toBe('messages: expected at least 1 items');
    expect(messageOf('chat', [])).toBe('request body: expected object');
    expect(messageOf('embeddings', { model: 'm', input: [] })).toMatch(/^input: /);
  });

  it('lists several unknown fields, and hides names that could carry data', () => {
    expect(messageOf('chat', chat([{ role: 'user', content: 'x' }], { foo: 1, bar: 2 }))).toBe(
      "unknown fields 'foo', 'bar' in request body",
    );
    const secretKey = 'sk-live-1234567890 my password';
    expect(messageOf('chat', chat([{ role: 'user', content: 'x', [secretKey]: 1 }]))).toBe(
      'unknown field at messages[0]',
    );
    const metadata = { ['x'.repeat(80)]: 'v' };
    expect(messageOf('chat', chat([{ role: 'user', content: 'x' }], { metadata }))).toBe(
      'metadata[…]: expected at most 64 characters',
    );
  });
});

describe('parseRequestBody properties', () => {
  const endpoints = fc.constantFrom<Endpoint>('chat', 'completions', 'embeddings', 'messages');

  it('never throws, and answers with one line for any JSON', () => {
    fc.assert(
      fc.property(endpoints, fc.jsonValue(), (endpoint, json) => {
        const result = parseRequestBody(endpoint, json);
        if (!result.ok) expect(result.message).toMatch(/^[^\n\r]+$/);
      }),
    );
  });

  it('never echoes a value the client sent, wherever it is misplaced', () => {
    const canary = 'CANARY-4242-secret';
    const misplaced = fc.constantFrom<Array<[Endpoint, unknown]>>([
      ['chat', chat([{ role: 'user', content: { text: canary } }])],
      ['chat', chat([{ role: canary, content: 'x' }])],
      ['chat', chat([{ role: 'user', content: [{ type: canary }] }])],
      ['chat', chat([{ role: 'user', content: 'x' }], { temperature: canary })],
      ['chat', chat([{ role: 'user', content: 'x' }], { stop: [canary, canary, canary, canary, canary] })],
      ['chat', chat([{ role: 'user', content: 'x', name: canary + ' with spaces' }])],
      ['completions', { model: 'm', prompt: { canary } }],
      ['embeddings', { model: canary + ' ', input: 'x' }],
      ['messages', { model: 'm', max_tokens: canary, messages: [] }],
      ['messages', { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: canary }] }] }],
    ]);
    fc.assert(
      fc.property(misplaced, (cases) => {
        for (const [endpoint, json] of cases) expect(messageOf(endpoint, json)).not.toContain('CANARY');
      }),
      { numRuns: 1 },
    );
  });
});
