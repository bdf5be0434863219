/**
 * The built-in demo upstream: answers in-process, without a network or a real model, so the quickstart works
 * offline. Every answer starts with `[veilgate demo model]` so nobody mistakes it for a model.
 *
 * Deterministic: the same request gets the same answer, byte for byte. Nothing comes from the clock or a
 * random source (`created` is 0); ids are derived from a SHA-256 of the request.
 *
 * - A last user message containing the word "echo" gets back the messages the demo received, one
 *   `role: text` line each, so a user sees what a model would have seen after the input guard.
 * - A request with `tools` whose last user message contains "call tool" gets a call of the first tool with
 *   arguments `{"text": <last user text>}`.
 * - Otherwise a fixed sentence that gives the number of messages.
 * - Embeddings are 8-dimensional unit vectors derived from a hash of each input.
 * - Token counts in `usage` are characters / 4, rounded up.
 *
 * Wire formats follow the OpenAI API reference (chat completions, completions, embeddings, and
 * `chat.completion.chunk` streams ending in `[DONE]`) and the Anthropic Messages API (streaming event
 * sequence message_start, content_block_start, ping, content_block_delta…, content_block_stop,
 * message_delta, message_stop).
 */
import { createHash } from 'node:crypto';
import type { Endpoint, Provider, SseEvent, UpstreamRequest, UpstreamResponse, WireFormat } from './types.js';

export const DEMO_LABEL = '[veilgate demo model]';
export const DEMO_MODEL = 'demo';
export const DEMO_EMBEDDING_DIMENSIONS = 8;

interface Turn {
  readonly role: string;
  readonly text: string;
}

interface ToolCall {
  readonly name: string;
  readonly arguments: string;
}

/** What the demo "thought": its text, and a tool call when one was asked for. */
interface DemoAnswer {
  readonly text: string;
  readonly toolCall: ToolCall | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export class DemoProvider implements Provider {
  readonly name: string;
  readonly formats: readonly WireFormat[] = ['openai', 'anthropic'];

  constructor(name = DEMO_MODEL) {
    this.name = name;
  }

  async send(
    request: UpstreamRequest & { readonly upstreamModel: string; readonly timeoutMs: number },
  ): Promise<UpstreamResponse> {
    const model = request.upstreamModel;
    const id = requestHash(request.endpoint, request.body);
    const reply = (body: unknown): UpstreamResponse => ({
      kind: 'json',
      status: 200,
      body,
      provider: this.name,
      model,
    });
    const replyStream = (events: readonly SseEvent[]): UpstreamResponse => ({
      kind: 'stream',
      status: 200,
      events: paced(events, request.signal),
      provider: this.name,
      model,
    });

    switch (request.endpoint) {
      case 'embeddings':
        return reply(embeddingsBody(request.body, model));
      case 'completions': {
        const answer = answerFor(promptTurns(request.body.prompt), undefined);
        return request.stream
          ? replyStream(completionEvents(id, model, answer))
          : reply(completionBody(id, model, answer));
      }
      case 'chat': {
        const turns = openAiTurns(request.body.messages);
        const answer = answerFor(turns, firstOpenAiTool(request.body.tools));
        const includeUsage = (request.body.stream_options as { include_usage?: unknown } | undefined)
          ?.include_usage;
        return request.stream
          ? replyStream(chatEvents(id, model, answer, includeUsage === true))
          : reply(chatBody(id, model, answer));
      }
      case 'messages': {
        const turns = [...systemTurns(request.body.system), ...anthropicTurns(request.body.messages)];
        const messageCount = Array.isArray(request.body.messages) ? request.body.messages.length : 0;
        const answer = answerFor(turns, firstAnthropicTool(request.body.tools), messageCount);
        return request.stream
          ? replyStream(messageEvents(id, model, answer))
          : reply(messageBody(id, model, answer));
      }
    }
  }

  async close(): Promise<void> {}
}

// ---------------------------------------------------------------------------------------------------------
// What to answer

function answerFor(turns: readonly Turn[], firstTool: string | undefined, messageCount?: number): DemoAnswer {
  const count = messageCount ?? turns.length;
  const lastUser = [...turns].reverse().find((t) => t.role === 'user')?.text ?? '';
  const inputTokens = tokens(turns.reduce((sum, t) => sum + t.text.length, 0));
  let text: string;
  let toolCall: ToolCall | undefined;
  if (firstTool !== undefined && /call tool/i.test(lastUser)) {
    toolCall = { name: firstTool, arguments: JSON.stringify({ text: lastUser }) };
    text = `${DEMO_LABEL} Calling the tool ${firstTool}.`;
  } else if (/\becho\b/i.test(lastUser)) {
    const lines = turns.map((t) => `${t.role}: ${t.text}`);
    text = `${DEMO_LABEL} These are the ${plural(turns.length, 'message')} I received:\n${lines.join('\n')}`;
  } else {
    text =
      `${DEMO_LABEL} Hello! I am the built-in demo model, not a real one, and I received ` +
      `${plural(count, 'message')}. Say "echo" to see exactly what reached me, or configure a provider ` +
      'under gateway.providers to talk to a real model.';
  }
  const outputTokens = tokens(text.length + (toolCall?.arguments.length ?? 0));
  return { text, toolCall, inputTokens, outputTokens };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The demo's usage rule: characters / 4, rounded up. */
function tokens(characters: number): number {
  return Math.ceil(characters / 4);
}

/** Streaming does not change the answer, so it does not change the ids either. */
function requestHash(endpoint: Endpoint, body: Readonly<Record<string, unknown>>): string {
  const { stream: _stream, stream_options: _options, ...content } = body;
  return createHash('sha256').update(endpoint).update('\0').update(JSON.stringify(content)).digest('hex');
}

// ---------------------------------------------------------------------------------------------------------
// Reading the request

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function openAiTurns(messages: unknown): Turn[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(isRecord).map((m) => {
    let text = contentText(m.content);
    if (Array.isArray(m.tool_calls)) {
      const calls = m.tool_calls
        .filter(isRecord)
        .map((c) =>
          isRecord(c.function)
            ? `[tool call ${String(c.function.name)} ${String(c.function.arguments)}]`
            : '',
        );
      text = [text, ...calls].filter((s) => s !== '').join('\n');
    }
    return { role: String(m.role), text };
  });
}

function anthropicTurns(messages: unknown): Turn[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(isRecord).map((m) => ({ role: String(m.role), text: contentText(m.content) }));
}

function systemTurns(system: unknown): Turn[] {
  const text = contentText(system);
  return text === '' ? [] : [{ role: 'system', text }];
}

function promptTurns(prompt: unknown): Turn[] {
  if (typeof prompt === 'string') return [{ role: 'user', text: prompt }];
  if (Array.isArray(prompt))
    return prompt.map((p) => ({ role: 'user', text: typeof p === 'string' ? p : JSON.stringify(p) }));
  return [];
}

/** Text of a string or of content parts (OpenAI parts, Anthropic blocks); other parts appear as `[type]`. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isRecord)
    .map((part) => {
      if (typeof part.text === 'string') return part.text;
      if (part.type === 'tool_use') return `[tool_use ${String(part.name)} ${JSON.stringify(part.input)}]`;
      if (part.type === 'tool_result') return contentText(part.content);
      return `[${String(part.type)}]`;
    })
    .join('\n');
}

function firstOpenAiTool(tools: unknown): string | undefined {
  const first: unknown = Array.isArray(tools) ? tools[0] : undefined;
  if (!isRecord(first) || !isRecord(first.function) || typeof first.function.name !== 'string')
    return undefined;
  return first.function.name;
}

function firstAnthropicTool(tools: unknown): string | undefined {
  const first: unknown = Array.isArray(tools) ? tools[0] : undefined;
  return isRecord(first) && typeof first.name === 'string' ? first.name : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// OpenAI wire format

function usageOf(answer: DemoAnswer): Record<string, number> {
  return {
    prompt_tokens: answer.inputTokens,
    completion_tokens: answer.outputTokens,
    total_tokens: answer.inputTokens + answer.outputTokens,
  };
}

function openAiToolCall(id: string, call: ToolCall): Record<string, unknown> {
  return {
    id: `call_${id.slice(0, 24)}`,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  };
}

function chatBody(id: string, model: string, answer: DemoAnswer): unknown {
  const message: Record<string, unknown> = { role: 'assistant', content: answer.text, refusal: null };
  if (answer.toolCall !== undefined) message.tool_calls = [openAiToolCall(id, answer.toolCall)];
  return {
    id: `chatcmpl-${id.slice(0, 24)}`,
    object: 'chat.completion',
    created: 0,
    model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: answer.toolCall === undefined ? 'stop' : 'tool_calls',
      },
    ],
    usage: usageOf(answer),
  };
}

function chatEvents(id: string, model: string, answer: DemoAnswer, includeUsage: boolean): SseEvent[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): SseEvent => ({
    data: JSON.stringify({
      id: `chatcmpl-${id.slice(0, 24)}`,
      object: 'chat.completion.chunk',
      created: 0,
      model,
      choices,
      ...extra,
    }),
  });
  const delta = (d: Record<string, unknown>, finish: string | null = null): SseEvent =>
    chunk([{ index: 0, delta: d, logprobs: null, finish_reason: finish }]);
  const events = [delta({ role: 'assistant', content: '' })];
  for (const word of words(answer.text)) events.push(delta({ content: word }));
  if (answer.toolCall !== undefined) {
    const call = openAiToolCall(id, answer.toolCall) as { id: string; function: { name: string } };
    events.push(
      delta({
        tool_calls: [
          { index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
        ],
      }),
    );
    for (const piece of pieces(answer.toolCall.arguments)) {
      events.push(delta({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    }
  }
  events.push(delta({}, answer.toolCall === undefined ? 'stop' : 'tool_calls'));
  if (includeUsage) events.push(chunk([], { usage: usageOf(answer) }));
  events.push({ data: '[DONE]' });
  return events;
}

function completionBody(id: string, model: string, answer: DemoAnswer): unknown {
  return {
    id: `cmpl-${id.slice(0, 24)}`,
    object: 'text_completion',
    created: 0,
    model,
    choices: [{ text: answer.text, index: 0, logprobs: null, finish_reason: 'stop' }],
    usage: usageOf(answer),
  };
}

function completionEvents(id: string, model: string, answer: DemoAnswer): SseEvent[] {
  const chunk = (text: string, finish: string | null): SseEvent => ({
    data: JSON.stringify({
      id: `cmpl-${id.slice(0, 24)}`,
      object: 'text_completion',
      created: 0,
      model,
      choices: [{ text, index: 0, logprobs: null, finish_reason: finish }],
    }),
  });
  return [...words(answer.text).map((w) => chunk(w, null)), chunk('', 'stop'), { data: '[DONE]' }];
}

function embeddingsBody(body: Readonly<Record<string, unknown>>, model: string): unknown {
  const inputs = embeddingInputs(body.input);
  const base64 = body.encoding_format === 'base64';
  const chars = inputs.reduce((sum, s) => sum + s.length, 0);
  return {
    object: 'list',
    data: inputs.map((input, index) => {
      const vector = embed(input);
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(Float32Array.from(vector).buffer).toString('base64') : vector,
      };
    }),
    model,
    usage: { prompt_tokens: tokens(chars), total_tokens: tokens(chars) },
  };
}

/** `input` is a string, an array of strings, an array of token ids, or an array of those. */
function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((x) => typeof x === 'number')) return [JSON.stringify(input)];
  return input.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

/** Eight 32-bit words of a SHA-256, mapped to [-1, 1) and scaled to unit length (cosine-ready). */
function embed(input: string): number[] {
  const digest = createHash('sha256').update('veilgate-demo-embedding\0').update(input).digest();
  const raw = Array.from(
    { length: DEMO_EMBEDDING_DIMENSIONS },
    (_, i) => digest.readUInt32BE(i * 4) / 2 ** 31 - 1,
  );
  const norm = Math.hypot(...raw) || 1;
  return raw.map((x) => x / norm);
}

// ---------------------------------------------------------------------------------------------------------
// Anthropic wire format

function messageBody(id: string, model: string, answer: DemoAnswer): unknown {
  const content: unknown[] = [{ type: 'text', text: answer.text }];
  if (answer.toolCall !== undefined) {
    content.push({
      type: 'tool_use',
      id: `toolu_${id.slice(0, 24)}`,
      name: answer.toolCall.name,
      input: JSON.parse(answer.toolCall.arguments) as unknown,
    });
  }
  return {
    id: `msg_${id.slice(0, 24)}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: answer.toolCall === undefined ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: answer.inputTokens, output_tokens: answer.outputTokens },
  };
}

function messageEvents(id: string, model: string, answer: DemoAnswer): SseEvent[] {
  const event = (type: string, payload: Record<string, unknown> = {}): SseEvent => ({
    event: type,
    data: JSON.stringify({ type, ...payload }),
  });
  const events = [
    event('message_start', {
      message: {
        id: `msg_${id.slice(0, 24)}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: answer.inputTokens, output_tokens: 1 },
      },
    }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    event('ping'),
  ];
  for (const word of words(answer.text)) {
    events.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: word } }));
  }
  events.push(event('content_block_stop', { index: 0 }));
  if (answer.toolCall !== undefined) {
    events.push(
      event('content_block_start', {
        index: 1,
        content_block: {
          type: 'tool_use',
          id: `toolu_${id.slice(0, 24)}`,
          name: answer.toolCall.name,
          input: {},
        },
      }),
    );
    for (const piece of pieces(answer.toolCall.arguments)) {
      events.push(
        event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: piece } }),
      );
    }
    events.push(event('content_block_stop', { index: 1 }));
  }
  events.push(
    event('message_delta', {
      delta: { stop_reason: answer.toolCall === undefined ? 'end_turn' : 'tool_use', stop_sequence: null },
      usage: { output_tokens: answer.outputTokens },
    }),
    event('message_stop'),
  );
  return events;
}

// ---------------------------------------------------------------------------------------------------------
// Streaming

/** Words with the whitespace that follows them; joined they give back `text` exactly. */
function words(text: string): string[] {
  return text.match(/\s*\S+\s*/gy) ?? (text === '' ? [] : [text]);
}

/** A string cut into (at most) three pieces, as models stream tool arguments. */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Yields the events one per turn of the event loop, and stops when the client goes away. */
async function* paced(
  events: readonly SseEvent[],
  signal: AbortSignal,
): AsyncGenerator<SseEvent, void, undefined> {
  for (const event of events) {
    if (signal.aborted) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    yield event;
  }
}
