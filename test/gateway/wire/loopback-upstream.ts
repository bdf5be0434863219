/**
 * A real HTTP server on a random loopback port that plays a model provider: it records the JSON bodies
 * the official clients send and answers with canned JSON or an SSE stream. Test support, not a mock of
 * any Veilgate component.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../loopback.js';

export type UpstreamReply =
  { readonly json: unknown } | { readonly sse: readonly unknown[]; readonly style: 'openai' | 'anthropic' };

export interface LoopbackUpstream {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Parsed JSON bodies received, in order, with the request path. */
  readonly received: Array<{ path: string; body: unknown; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function writeSse(res: ServerResponse, events: readonly unknown[], style: 'openai' | 'anthropic'): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) {
    const type = (event as { type?: unknown }).type;
    if (style === 'anthropic' && typeof type === 'string') res.write(`event: ${type}\n`);
    res.write(`data: ${JSON.stringify(event)}\n\n`);
  }
  if (style === 'openai') res.write('data: [DONE]\n\n');
  res.end();
}

export async function startLoopbackUpstream(
  reply: (path: string, body: unknown) => UpstreamReply,
): Promise<LoopbackUpstream> {
  const received: LoopbackUpstream['received'] = [];
  const server = createServer((req, res) => {
    readBody(req)
      .then((text) => {
        const body: unknown = text === '' ? undefined : JSON.parse(text);
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        received.push({ path, body, headers: req.headers });
        const answer = reply(path, body);
        if ('json' in answer) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.json));
        } else {
          writeSse(res, answer.sse, answer.style);
        }
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err) } }));
      });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
