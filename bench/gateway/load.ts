/**
 * HTTP load generator for the gateway benchmarks, run as its own process so that the load and the server
 * under test never share an event loop.
 *
 *   node --import tsx bench/gateway/load.ts --spec FILE --mode open --rate 500 --seconds 10 [--warmup 2]
 *   node --import tsx bench/gateway/load.ts --spec FILE --mode closed --connections 32 --seconds 8 [--warmup 2]
 *
 * FILE is JSON written by the orchestrator: `{ url, path, method?, headers, bodies: string[], stream }`;
 * request i sends bodies[i % bodies.length].
 *
 * - open: constant arrival rate. Request i is due at start + i/rate whether or not earlier ones have
 *   answered (an open loop, as independent users arrive; a closed loop would slow down with the server and
 *   hide its queueing, the "coordinated omission" of closed-loop latency tests). The warm-up runs at the
 *   same rate and is discarded; requests due in the measured window are counted.
 * - closed: `--connections` workers, each sending its next request when the previous one has answered;
 *   throughput = successful responses completed inside the measured window / its length.
 *
 * Latency of one request: from handing it to the connection pool to the last byte of the body (JSON), or to
 * the first SSE event carrying non-empty `choices[0].delta.content` (streams: time to first token; the time
 * to the end of the stream is reported as `totalMs`). `scheduleLagMs` is how late the open loop handed
 * requests over compared with their due time: if it is large the generator, not the server, was the limit.
 * An error is a non-2xx status, a network error, or a stream with no content or without `data: [DONE]`.
 *
 * Output: one JSON object on stdout (see LoadResult).
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { positiveOption, stringOption } from '../args.js';
import { percentile } from '../percentile.js';

export interface LoadSpec {
  readonly url: string;
  readonly path: string;
  readonly method?: 'POST' | 'GET';
  readonly headers: Readonly<Record<string, string>>;
  readonly bodies: readonly string[];
  readonly stream: boolean;
}

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export interface LoadResult {
  readonly mode: 'open' | 'closed';
  readonly url: string;
  readonly stream: boolean;
  /** Requests per second offered (open loop only). */
  readonly rate: number | null;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** Requests counted: due in the window (open) or completed in it (closed). */
  readonly count: number;
  readonly ok: number;
  readonly errors: number;
  /** Error kinds and how often each occurred, e.g. `{"status 500": 3, "ECONNRESET": 1}`. */
  readonly errorKinds: Readonly<Record<string, number>>;
  /** Successful responses per second over the window. */
  readonly achievedRate: number;
  /** Latency of successful requests (ms): full response, or time to first token for streams. */
  readonly latencyMs: Percentiles | null;
  /** Streams only: time to the end of the stream (ms). */
  readonly totalMs: Percentiles | null;
  /** Open loop only: how late requests were handed to the pool compared with their due time (ms). */
  readonly scheduleLagMs: Percentiles | null;
}

interface Outcome {
  readonly ok: boolean;
  readonly error?: string;
  /** Latency as defined above (ms). */
  readonly latency: number;
  readonly total: number;
  readonly completedAt: number;
}

/** Nearest-rank percentiles (the smallest value with at least q of the samples at or below it). */
function percentiles(samples: readonly number[]): Percentiles | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number): number => percentile(sorted, q);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1] as number,
    mean: sum / sorted.length,
  };
}

/**
 * Does this SSE text hold an event whose first choice carries non-empty content? Looks only at complete
 * events (ended by a blank line); `[DONE]` and comments are skipped.
 */
function firstContentIn(events: string): boolean {
  for (const event of events.split('\n\n')) {
    const data = event
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (data === '' || data === '[DONE]') continue;
    try {
      const content = (JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] }).choices?.[0]
        ?.delta?.content;
      if (typeof content === 'string' && content.length > 0) return true;
    } catch {
      // Not JSON: not a content event.
    }
  }
  return false;
}

function errorKind(e: unknown): string {
  const err = e as { code?: unknown; name?: unknown };
  return typeof err.code === 'string' ? err.code : typeof err.name === 'string' ? err.name : 'error';
}

function createSender(
  spec: LoadSpec,
  connections: number,
): { send(i: number): Promise<Outcome>; close(): Promise<void> } {
  const pool = new Pool(spec.url, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const bodies = spec.bodies.map((b) => Buffer.from(b));
  if (bodies.length === 0 && spec.method !== 'GET') throw new Error('spec.bodies is empty');
  const headers = { 'content-type': 'application/json', ...spec.headers };

  async function send(i: number): Promise<Outcome> {
    const t0 = performance.now();
    try {
      const res = await pool.request({
        path: spec.path,
        method: spec.method ?? 'POST',
        headers,
        body: spec.method === 'GET' ? null : (bodies[i % bodies.length] as Buffer),
      });
      if (res.statusCode < 200 || res.statusCode > 299) {
        await res.body.dump();
        const t = performance.now();
        return {
          ok: false,
          error: `status ${res.statusCode}`,
          latency: t - t0,
          total: t - t0,
          completedAt: t,
        };
      }
      if (!spec.stream) {
        for await (const _chunk of res.body) {
          // Read to the end: the response is complete when its last byte has arrived.
        }
        const t = performance.now();
        return { ok: true, latency: t - t0, total: t - t0, completedAt: t };
      }
      // undici's body yields Buffers; a streaming decoder keeps a character split across chunks whole.
      const decoder = new TextDecoder();
      let pending = '';
      let firstToken = -1;
      let tail = '';
      for await (const bytes of res.body as AsyncIterable<Buffer>) {
        const chunk = decoder.decode(bytes, { stream: true });
        if (firstToken < 0) {
          // SSE allows CRLF line ends (WHATWG HTML §9.2.5); compare on LF only.
          pending += chunk.replace(/\r\n?/g, '\n');
          const lastBreak = pending.lastIndexOf('\n\n');
          if (lastBreak >= 0 && firstContentIn(pending.slice(0, lastBreak))) firstToken = performance.now();
          else if (lastBreak >= 0) pending = pending.slice(lastBreak + 2);
        }
        tail = (tail + chunk).slice(-64);
      }
      const t = performance.now();
      if (firstToken < 0)
        return { ok: false, error: 'stream without content', latency: t - t0, total: t - t0, completedAt: t };
      if (!tail.includes('[DONE]'))
        return { ok: false, error: 'stream without [DONE]', latency: t - t0, total: t - t0, completedAt: t };
      return { ok: true, latency: firstToken - t0, total: t - t0, completedAt: t };
    } catch (e) {
      const t = performance.now();
      return { ok: false, error: errorKind(e), latency: t - t0, total: t - t0, completedAt: t };
    }
  }
  return { send, close: () => pool.close() };
}

function summarise(
  base: Pick<LoadResult, 'mode' | 'url' | 'stream' | 'rate' | 'connections' | 'warmupSeconds' | 'seconds'>,
  outcomes: readonly Outcome[],
  windowMs: number,
  lags: readonly number[],
): LoadResult {
  const ok = outcomes.filter((o) => o.ok);
  const errorKinds: Record<string, number> = {};
  for (const o of outcomes)
    if (!o.ok) errorKinds[o.error ?? 'error'] = (errorKinds[o.error ?? 'error'] ?? 0) + 1;
  return {
    ...base,
    count: outcomes.length,
    ok: ok.length,
    errors: outcomes.length - ok.length,
    errorKinds,
    achievedRate: ok.length / (windowMs / 1000),
    latencyMs: percentiles(ok.map((o) => o.latency)),
    totalMs: base.stream ? percentiles(ok.map((o) => o.total)) : null,
    scheduleLagMs: base.mode === 'open' ? percentiles(lags) : null,
  };
}

/** Constant arrival rate: warm-up then the measured window, one schedule throughout. */
async function runOpenLoop(
  spec: LoadSpec,
  options: { rate: number; seconds: number; warmupSeconds: number; connections: number },
): Promise<LoadResult> {
  const { rate, seconds, warmupSeconds, connections } = options;
  const sender = createSender(spec, connections);
  const interval = 1000 / rate;
  const warmupCount = Math.round(warmupSeconds * rate);
  const total = warmupCount + Math.round(seconds * rate);
  const measured: Promise<Outcome>[] = [];
  const warm: Promise<Outcome>[] = [];
  const lags: number[] = [];
  const start = performance.now() + 5;
  let next = 0;
  await new Promise<void>((resolve) => {
    // setTimeout wakes at most ~1 ms late; every request that fell due meanwhile is sent on waking, so the
    // offered rate holds even when single wake-ups are late (the lateness is reported as scheduleLagMs).
    const tick = (): void => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const due = start + next * interval;
        if (next >= warmupCount) {
          lags.push(performance.now() - due);
          measured.push(sender.send(next));
        } else warm.push(sender.send(next));
        next += 1;
      }
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  const outcomes = await Promise.all(measured);
  await Promise.all(warm);
  await sender.close();
  const windowStart = start + warmupCount * interval;
  let lastCompletion = windowStart + seconds * 1000;
  for (const o of outcomes) lastCompletion = Math.max(lastCompletion, o.completedAt);
  return summarise(
    { mode: 'open', url: spec.url, stream: spec.stream, rate, connections, warmupSeconds, seconds },
    outcomes,
    lastCompletion - windowStart,
    lags,
  );
}

/** `connections` workers back to back: the most the server answers per second at that concurrency. */
async function runClosedLoop(
  spec: LoadSpec,
  options: { seconds: number; warmupSeconds: number; connections: number },
): Promise<LoadResult> {
  const { seconds, warmupSeconds, connections } = options;
  const sender = createSender(spec, connections);
  const windowStart = performance.now() + warmupSeconds * 1000;
  const windowEnd = windowStart + seconds * 1000;
  const outcomes: Outcome[] = [];
  let i = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < windowEnd) {
      const o = await sender.send(i++);
      if (o.completedAt >= windowStart && o.completedAt <= windowEnd) outcomes.push(o);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  await sender.close();
  return summarise(
    { mode: 'closed', url: spec.url, stream: spec.stream, rate: null, connections, warmupSeconds, seconds },
    outcomes,
    seconds * 1000,
    [],
  );
}

async function main(): Promise<void> {
  const specFile = stringOption('--spec');
  const mode = stringOption('--mode') ?? 'open';
  if (!specFile || (mode !== 'open' && mode !== 'closed'))
    throw new Error(
      'usage: load.ts --spec FILE --mode open|closed [--rate N] [--seconds N] [--warmup N] [--connections N]',
    );
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as LoadSpec;
  const seconds = positiveOption('--seconds', 10);
  const warmupSeconds = Number(stringOption('--warmup') ?? 2);
  if (!Number.isFinite(warmupSeconds) || warmupSeconds < 0) throw new Error('--warmup takes a number ≥ 0');
  const result =
    mode === 'open'
      ? await runOpenLoop(spec, {
          rate: positiveOption('--rate', 500),
          seconds,
          warmupSeconds,
          connections: positiveOption('--connections', 128),
        })
      : await runClosedLoop(spec, {
          seconds,
          warmupSeconds,
          connections: positiveOption('--connections', 32),
        });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
