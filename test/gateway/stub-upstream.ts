/**
 * A stand-in model provider for tests and benchmarks: a real HTTP server (node:http on 127.0.0.1, random
 * port) that speaks the OpenAI and Anthropic wire formats, records every request, and fails on command.
 *
 *   const stub = await startStubUpstream();            // options: { reply, eventDelayMs }
 *   stub.url                                          // 'http://127.0.0.1:PORT'
 *   stub.requests                                     // every request received, oldest first
 *   stub.connections                                  // TCP connections accepted so far (keep-alive checks)
 *   stub.last()                                       // the newest request (throws when there is none)
 *   stub.script({ status: 503, retryAfter: 1 }, {})   // the next requests' answers, in order
 *   await stub.close()
 *
 * Routes (matched on the end of the path, so any prefix works, Azure deployment paths included):
 *
 *   POST …/chat/completions  OpenAI chat; JSON, or `chat.completion.chunk` SSE ending in `data: [DONE]` when
 *                            `stream: true` (plus a usage chunk with `stream_options.include_usage`)
 *   POST …/completions       OpenAI legacy completions, JSON or SSE
 *   POST …/embeddings        4-dimensional vectors derived from each input's length
 *   GET  …/models            `{object: 'list', data: [{id: 'stub-model', ...}]}`
 *   POST …/v1/messages       Anthropic Messages; JSON, or the named event sequence message_start …
 *                            message_stop when `stream: true`
 *
 * The reply text is `reply(request)`, by default `stub: <last user text>`. A tool call of the first tool,
 * with arguments `{"text": <last user text>}`, replaces the text when the request forces one: OpenAI
 * `tool_choice: 'required'` or `{type: 'function'}`, Anthropic `tool_choice: {type: 'any' | 'tool'}`.
 *
 * Scripted responses are used one per request, first in first out; with the queue empty the stub answers
 * normally. An entry with `status`, `body`, `malformed` or `oversizedBytes` replaces the answer; one without
 * them only changes how the normal answer is delivered (delays, stalls, resets). Error statuses without a
 * body get the provider's own error shape (`{error: {...}}`, Anthropic `{type: 'error', error: {...}}`).
 *
 * Not shipped: test and benchmark support only.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../loopback.js';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/openai/deployments/gpt/chat/completions?api-version=2024-10-21`. */
  readonly path: string;
  /** As Node parsed them: lower-case names. */
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  readonly body: unknown;
  /** 1-based number of the TCP connection that carried the request. */
  readonly connection: number;
  /** `Date.now()` when the request arrived (to check the spacing of retries). */
  readonly receivedAt: number;
}

export interface ScriptedResponse {
  /** HTTP status; 200 when only `body`, `malformed` or `oversizedBytes` is given. */
  readonly status?: number;
  /** JSON value, or a string sent as it is. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as the `Retry-After` header (seconds or an HTTP-date). */
  readonly retryAfter?: number | string;
  /** Wait before sending the response headers. */
  readonly delayMs?: number;
  /** Wait between the events of a stream (overrides the server's `eventDelayMs`). */
  readonly eventDelayMs?: number;
  /** Answer with a body of this many bytes: JSON without Content-Length, or one SSE event on stream requests. */
  readonly oversizedBytes?: number;
  /** Answer 200 with a truncated JSON body. */
  readonly malformed?: boolean;
  /** Destroy the connection instead of answering (after `delayMs`). */
  readonly reset?: boolean;
  /** Stream: destroy the connection after this many events. */
  readonly resetAfterEvents?: number;
  /** Stream: send this many events, then nothing more, keeping the connection open. */
  readonly stallAfterEvents?: number;
}

export interface StubUpstreamOptions {
  /** Reply text for a request; default `stub: <last user text>`. */
  readonly reply?: (request: RecordedRequest) => string;
  /** Default wait between stream events; 0 by default. */
  readonly eventDelayMs?: number;
}

export interface StubUpstream {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** The newest request; throws when there was none. */
  last(): RecordedRequest;
  /** Appends to the queue of scripted responses. */
  script(...responses: ScriptedResponse[]): void;
  /** Stops listening and drops open connections (stalled streams included). */
  close(): Promise<void>;
}

type Format = 'openai' | 'anthropic';

interface StubEvent {
  readonly event?: string;
  readonly data: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startStubUpstream(options: StubUpstreamOptions = {}): Promise<StubUpstream> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const sockets = new Map<Socket, number>();
  let connections = 0;
  const reply = options.reply ?? ((r: RecordedRequest) => `stub: ${lastUserText(r.body)}`);

  const server = createServer((req, res) => {
    void readBody(req)
      .then(async (raw) => {
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers: req.headers,
          body: parseJson(raw),
          connection: sockets.get(req.socket) ?? 0,
          receivedAt: Date.now(),
        };
        requests.push(recorded);
        const scripted = queue.shift() ?? {};
        await answer(recorded, scripted, res, reply, options.eventDelayMs ?? 0);
      })
      .catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.set(socket, connections);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    last() {
      const request = requests.at(-1);
      if (request === undefined) throw new Error('the stub upstream has received no request');
      return request;
    },
    script(...responses) {
      queue.push(...responses);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function answer(
  request: RecordedRequest,
  scripted: ScriptedResponse,
  res: ServerResponse,
  reply: (request: RecordedRequest) => string,
  defaultEventDelayMs: number,
): Promise<void> {
  if (scripted.delayMs !== undefined) await sleep(scripted.delayMs);
  if (scripted.reset === true) {
    res.socket?.destroy();
    return;
  }
  const path = request.path.split('?')[0] ?? '';
  const format: Format = path.endsWith('/messages') ? 'anthropic' : 'openai';
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const stream = body.stream === true;
  const headers: Record<string, string> = { ...scripted.headers };
  if (scripted.retryAfter !== undefined) headers['retry-after'] = String(scripted.retryAfter);

  if (scripted.malformed === true) {
    res.writeHead(scripted.status ?? 200, { ...headers, 'content-type': 'application/json' });
    res.end('{"id": "broken", "choices": [');
    return;
  }
  if (scripted.oversizedBytes !== undefined) {
    await sendOversized(res, scripted.oversizedBytes, stream, headers);
    return;
  }
  if (scripted.status !== undefined || scripted.body !== undefined) {
    const status = scripted.status ?? 200;
    const payload = scripted.body ?? errorBody(format, status);
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const type = typeof payload === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(text);
    return;
  }

  const text = reply(request);
  let json: unknown;
  let events: StubEvent[] | undefined;
  if (request.method === 'GET' && path.endsWith('/models')) {
    json = { object: 'list', data: [{ id: 'stub-model', object: 'model', created: 0, owned_by: 'stub' }] };
  } else if (path.endsWith('/chat/completions')) {
    if (stream) events = chatEvents(body, text);
    else json = chatBody(body, text);
  } else if (path.endsWith('/completions')) {
    if (stream) events = completionEvents(body, text);
    else
      json = {
        id: 'cmpl-stub',
        object: 'text_completion',
        created: 0,
        model: body.model,
        choices: [{ text, index: 0, logprobs: null, finish_reason: 'stop' }],
        usage: usage(body, text),
      };
  } else if (path.endsWith('/embeddings')) {
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    json = {
      object: 'list',
      data: inputs.map((input, index) => ({
        object: 'embedding',
        index,
        embedding: [String(input).length, 1, 0, -1],
      })),
      model: body.model,
      usage: { prompt_tokens: 1, total_tokens: 1 },
    };
  } else if (path.endsWith('/v1/messages')) {
    if (stream) events = messageEvents(body, text);
    else json = messageBody(body, text);
  } else {
    res.writeHead(404, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(errorBody(format, 404)));
    return;
  }

  if (events === undefined) {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(json));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  const eventDelayMs = scripted.eventDelayMs ?? defaultEventDelayMs;
  for (const [i, event] of events.entries()) {
    if (scripted.resetAfterEvents === i) {
      res.socket?.destroy();
      return;
    }
    if (scripted.stallAfterEvents === i) return; // the connection stays open until close()
    if (i > 0 && eventDelayMs > 0) await sleep(eventDelayMs);
    const text = `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${event.data}\n\n`;
    // Flushed one by one, so a reset or stall after N events happens after they reached the client.
    await new Promise<void>((resolve, reject) => res.write(text, (err) => (err ? reject(err) : resolve())));
  }
  res.end();
}

async function sendOversized(
  res: ServerResponse,
  bytes: number,
  stream: boolean,
  headers: Record<string, string>,
): Promise<void> {
  const piece = 'x'.repeat(16 * 1024);
  if (stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', ...headers });
    res.write('data: {"padding":"');
  } else {
    res.writeHead(200, { 'content-type': 'application/json', ...headers }); // chunked: no Content-Length
    res.write('{"padding":"');
  }
  for (let sent = 0; sent < bytes && !res.destroyed; sent += piece.length) {
    if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  if (!res.destroyed) res.end(stream ? '"}\n\n' : '"}');
}

function errorBody(format: Format, status: number): unknown {
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
  const message = `stub upstream answered ${status}`;
  return format === 'anthropic'
    ? { type: 'error', error: { type, message } }
    : { error: { message, type, param: null, code: null } };
}

// ---------------------------------------------------------------------------------------------------------
// OpenAI

function forcedOpenAiTool(body: Record<string, unknown>): string | undefined {
  const choice = body.tool_choice as { type?: string; function?: { name?: string } } | string | undefined;
  const tools = Array.isArray(body.tools) ? (body.tools as { function?: { name?: string } }[]) : [];
  if (tools.length === 0) return undefined;
  if (choice === 'required') return tools[0]?.function?.name;
  if (typeof choice === 'object' && choice.type === 'function')
    return choice.function?.name ?? tools[0]?.function?.name;
  return undefined;
}

function usage(body: Record<string, unknown>, text: string): Record<string, number> {
  const prompt = Math.ceil(JSON.stringify(body.messages ?? body.prompt ?? '').length / 4);
  const completion = Math.ceil(text.length / 4);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function chatBody(body: Record<string, unknown>, text: string): unknown {
  const tool = forcedOpenAiTool(body);
  const message =
    tool === undefined
      ? { role: 'assistant', content: text, refusal: null }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: 'call_stub',
              type: 'function',
              function: { name: tool, arguments: JSON.stringify({ text: lastUserText(body) }) },
            },
          ],
        };
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: 0,
    model: body.model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: tool === undefined ? 'stop' : 'tool_calls' },
    ],
    usage: usage(body, text),
  };
}

function chatEvents(body: Record<string, unknown>, text: string): StubEvent[] {
  const tool = forcedOpenAiTool(body);
  const chunk = (delta: unknown, finish: string | null = null): StubEvent => ({
    data: JSON.stringify({
      id: 'chatcmpl-stub',
      object: 'chat.completion.chunk',
      created: 0,
      model: body.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    }),
  });
  const events: StubEvent[] = [chunk({ role: 'assistant', content: tool === undefined ? '' : null })];
  if (tool === undefined) {
    for (const word of words(text)) events.push(chunk({ content: word }));
  } else {
    const args = JSON.stringify({ text: lastUserText(body) });
    const half = Math.ceil(args.length / 2);
    events.push(
      chunk({
        tool_calls: [
          { index: 0, id: 'call_stub', type: 'function', function: { name: tool, arguments: '' } },
        ],
      }),
    );
    events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }));
    events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }));
  }
  events.push(chunk({}, tool === undefined ? 'stop' : 'tool_calls'));
  const options = body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage === true) {
    events.push({
      data: JSON.stringify({
        id: 'chatcmpl-stub',
        object: 'chat.completion.chunk',
        created: 0,
        model: body.model,
        choices: [],
        usage: usage(body, text),
      }),
    });
  }
  events.push({ data: '[DONE]' });
  return events;
}

function completionEvents(body: Record<string, unknown>, text: string): StubEvent[] {
  const chunk = (piece: string, finish: string | null): StubEvent => ({
    data: JSON.stringify({
      id: 'cmpl-stub',
      object: 'text_completion',
      created: 0,
      model: body.model,
      choices: [{ text: piece, index: 0, logprobs: null, finish_reason: finish }],
    }),
  });
  return [...words(text).map((w) => chunk(w, null)), chunk('', 'stop'), { data: '[DONE]' }];
}

// ---------------------------------------------------------------------------------------------------------
// Anthropic

function forcedAnthropicTool(body: Record<string, unknown>): string | undefined {
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  const tools = Array.isArray(body.tools) ? (body.tools as { name?: string }[]) : [];
  if (tools.length === 0 || choice === undefined) return undefined;
  if (choice.type === 'tool') return choice.name;
  if (choice.type === 'any') return tools[0]?.name;
  return undefined;
}

function messageBody(body: Record<string, unknown>, text: string): unknown {
  const tool = forcedAnthropicTool(body);
  const u = usage(body, text);
  return {
    id: 'msg_stub',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content:
      tool === undefined
        ? [{ type: 'text', text }]
        : [{ type: 'tool_use', id: 'toolu_stub', name: tool, input: { text: lastUserText(body) } }],
    stop_reason: tool === undefined ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: u.prompt_tokens, output_tokens: u.completion_tokens },
  };
}

function messageEvents(body: Record<string, unknown>, text: string): StubEvent[] {
  const tool = forcedAnthropicTool(body);
  const u = usage(body, text);
  const event = (type: string, payload: Record<string, unknown> = {}): StubEvent => ({
    event: type,
    data: JSON.stringify({ type, ...payload }),
  });
  const events = [
    event('message_start', {
      message: {
        id: 'msg_stub',
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: u.prompt_tokens, output_tokens: 1 },
      },
    }),
  ];
  if (tool === undefined) {
    events.push(
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      event('ping'),
    );
    for (const word of words(text))
      events.push(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: word } }));
  } else {
    const args = JSON.stringify({ text: lastUserText(body) });
    events.push(
      event('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_stub', name: tool, input: {} },
      }),
      event('ping'),
    );
    events.push(
      event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: args } }),
    );
  }
  events.push(
    event('content_block_stop', { index: 0 }),
    event('message_delta', {
      delta: { stop_reason: tool === undefined ? 'end_turn' : 'tool_use', stop_sequence: null },
      usage: { output_tokens: u.completion_tokens },
    }),
    event('message_stop'),
  );
  return events;
}

// ---------------------------------------------------------------------------------------------------------
// Shared

/** Text of the last `user` message (OpenAI or Anthropic shape), or of `prompt`. */
export function lastUserText(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { messages, prompt } = body as { messages?: unknown; prompt?: unknown };
  if (typeof prompt === 'string') return prompt;
  if (!Array.isArray(messages)) return '';
  const last = [...(messages as { role?: unknown; content?: unknown }[])]
    .reverse()
    .find((m) => m.role === 'user');
  const content = last?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as { text?: unknown }[])
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function words(text: string): string[] {
  return text.match(/\s*\S+\s*/gy) ?? [text];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
