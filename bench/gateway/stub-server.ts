/**
 * A minimal OpenAI-compatible upstream for the gateway benchmarks, run as its own process so that the
 * gateway under test, the load generator and the upstream do not share an event loop.
 *
 *   node --import tsx bench/gateway/stub-server.ts [--port 0] [--chunks 20] [--chunk-delay-ms 0]
 *
 * Prints `listening <port>` on stdout once it accepts connections, and nothing else (no per-request
 * logging: the stub must cost as little as possible so that what the benchmark measures is the gateway).
 *
 * - `POST /v1/chat/completions`: a fixed chat completion (REPLY, ~300 characters, with `usage`), or for
 *   `"stream": true` a server-sent-event stream in the OpenAI chunk format: a role chunk, `--chunks - 2`
 *   content chunks, a final chunk with `finish_reason: "stop"`, then `data: [DONE]`, with `--chunk-delay-ms`
 *   between chunks (0: all written at once).
 * - `GET /v1/models`: one model.
 * The reply names no personal data, so an output guard has nothing to change and a gateway's reply can be
 * compared byte for byte with the stub's own.
 */
import http from 'node:http';
import { positiveOption, stringOption } from '../args.js';

/** ~300 characters, no personal data; the benchmarks check that a proxied reply carries exactly this. */
const REPLY =
  'Thank you for the details. I have reviewed the ticket and the account history. The duplicate charge ' +
  'was flagged for reversal and should appear as a credit within three to five business days. No further ' +
  'action is needed on your side; if the credit does not appear, reply to this message and we will escalate.';

const port = Number(stringOption('--port') ?? 0);
const chunkCount = Math.max(3, Math.floor(positiveOption('--chunks', 20)));
const chunkDelayMs = Number(stringOption('--chunk-delay-ms') ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port takes 0..65535');
if (!Number.isFinite(chunkDelayMs) || chunkDelayMs < 0)
  throw new Error('--chunk-delay-ms takes a number ≥ 0');

const CREATED = Math.floor(Date.now() / 1000);
const MAX_BODY_BYTES = 1 << 20;

// Roughly 4 characters per token, as OpenAI's tokenizer averages on English.
const USAGE = { prompt_tokens: 300, completion_tokens: Math.ceil(REPLY.length / 4), total_tokens: 0 };
USAGE.total_tokens = USAGE.prompt_tokens + USAGE.completion_tokens;

/** The reply cut into `n` pieces at word boundaries where possible. */
function replyPieces(n: number): string[] {
  const words = REPLY.split(/(?<= )/);
  const count = Math.min(n, words.length);
  return Array.from({ length: count }, (_, i) =>
    words
      .slice(Math.floor((i * words.length) / count), Math.floor(((i + 1) * words.length) / count))
      .join(''),
  );
}

/** The model name is echoed, as real providers do; the rest of each answer is serialised once, here. */
function completionJson(model: string): string {
  return JSON.stringify({
    id: 'chatcmpl-bench-stub',
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content: REPLY }, finish_reason: 'stop', logprobs: null },
    ],
    usage: USAGE,
  });
}

function streamEvents(model: string, includeUsage: boolean): string[] {
  const chunk = (delta: object, finish: string | null, usage?: object): string =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench-stub',
      object: 'chat.completion.chunk',
      created: CREATED,
      model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      ...(usage ? { usage } : {}),
    })}\n\n`;
  return [
    chunk({ role: 'assistant', content: '' }, null),
    ...replyPieces(chunkCount - 2).map((content) => chunk({ content }, null)),
    chunk({}, 'stop', includeUsage ? USAGE : undefined),
    'data: [DONE]\n\n',
  ];
}

// Answers are cached per model name (the benchmark sends one or two), so a request costs one JSON.parse.
const jsonCache = new Map<string, Buffer>();
const streamCache = new Map<string, string[]>();

function sendJson(res: http.ServerResponse, status: number, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendStream(res: http.ServerResponse, events: readonly string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (chunkDelayMs === 0) {
    // One write per event, as a real provider flushes each chunk; cork so they leave in one segment.
    res.cork();
    for (const e of events) res.write(e);
    res.uncork();
    res.end();
    return;
  }
  let i = 0;
  const next = (): void => {
    if (res.destroyed) return;
    res.write(events[i] as string);
    i += 1;
    if (i < events.length) setTimeout(next, chunkDelayMs);
    else res.end();
  };
  next();
}

function chatCompletions(req: http.IncomingMessage, res: http.ServerResponse): void {
  const parts: Buffer[] = [];
  let size = 0;
  req.on('data', (b: Buffer) => {
    size += b.length;
    if (size > MAX_BODY_BYTES) req.destroy();
    else parts.push(b);
  });
  req.on('end', () => {
    let body: { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } };
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8')) as typeof body;
    } catch {
      sendJson(res, 400, '{"error":{"message":"body is not JSON","type":"invalid_request_error"}}');
      return;
    }
    const model = typeof body.model === 'string' ? body.model.slice(0, 200) : 'stub-model';
    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true;
      const key = `${includeUsage ? 'u' : '-'}${model}`;
      let events = streamCache.get(key);
      if (!events) streamCache.set(key, (events = streamEvents(model, includeUsage)));
      sendStream(res, events);
      return;
    }
    let json = jsonCache.get(model);
    if (!json) jsonCache.set(model, (json = Buffer.from(completionJson(model))));
    sendJson(res, 200, json);
  });
}

const MODELS = JSON.stringify({
  object: 'list',
  data: [{ id: 'stub-model', object: 'model', created: CREATED, owned_by: 'bench' }],
});

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'POST' && url.startsWith('/v1/chat/completions')) chatCompletions(req, res);
  else if (req.method === 'GET' && url.startsWith('/v1/models')) sendJson(res, 200, MODELS);
  else {
    req.resume();
    sendJson(res, 404, '{"error":{"message":"not found","type":"invalid_request_error"}}');
  }
});
// Keep idle connections open longer than any client pool does, so no run pays for reconnecting.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stub has no TCP address');
  process.stdout.write(`listening ${address.port}\n`);
});

const stop = (): void => {
  server.close();
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
