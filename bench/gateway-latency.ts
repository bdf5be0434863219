/**
 * Gateway benchmark: latency Veilgate adds over calling the upstream directly, streaming time-to-first-token
 * overhead and maximum throughput, side by side with `@portkey-ai/gateway` proxying the same stub with no
 * guards, in the same run. Method and caveats: bench/gateway/README.md.
 *
 *   npm run bench:gateway -- [--seconds 10] [--rate 500] [--only stub,portkey,veilgate] [--stream-rate 100]
 *                            [--warmup 2] [--throughput-seconds 8] [--connections 32,64] [--chunk-delay-ms 0]
 *                            [--no-build] [--veilgate-cli FILE] [--json FILE]
 *
 * Every server and the load generator are separate processes on loopback: the stub upstream
 * (bench/gateway/stub-server.ts), Portkey (bench/gateway/portkey.ts), Veilgate (`node dist/cli/main.js
 * serve`, built first unless --no-build) and one load process per measurement (bench/gateway/load.ts).
 * For each target [stub direct, Portkey, Veilgate], one after the other:
 *   1. open loop at --rate req/s, non-streaming, --seconds after --warmup: latency percentiles, and added
 *      latency = target percentile − direct percentile of the same run;
 *   2. open loop at --stream-rate req/s, `stream: true`: time to first token and its overhead over direct;
 *   3. closed loop with each of --connections for --throughput-seconds: maximum requests per second.
 * Before measuring, each target must return the stub's reply unchanged (JSON and stream); a target that
 * does not is reported as not measured, with the reason.
 * Prints markdown tables and one PASS/FAIL line per target of the issue.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { args, positiveOption, stringOption } from './args.js';
import type { LoadResult, LoadSpec, Percentiles } from './gateway/load.js';
import { freePort, startPortkey, stopProcess } from './gateway/portkey.js';
import { benchPrompts, chatRequestBody, PROMPT_CHARS, PROMPT_SEED } from './gateway/prompts.js';

const execFileAsync = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const MODEL = 'bench-model';
const TARGET_KEYS = ['stub', 'portkey', 'veilgate'] as const;
type TargetKey = (typeof TARGET_KEYS)[number];

// ------------------------------------------------------------------------------------------------ options

const seconds = positiveOption('--seconds', 10);
const rate = positiveOption('--rate', 500);
const streamRate = positiveOption('--stream-rate', 100);
// 5 s: a fresh gateway compiles its regexes and hot code during its first ~3 s of traffic (p99 10-20 ms
// then); the tables describe the steady state that follows. `--warmup 2` shows the start-up tail.
const warmup = Number(stringOption('--warmup') ?? 5);
const throughputSeconds = positiveOption('--throughput-seconds', 8);
const connectionCounts = (stringOption('--connections') ?? '32,64').split(',').map(Number);
const chunkDelayMs = Number(stringOption('--chunk-delay-ms') ?? 0);
const jsonOut = stringOption('--json');
/** Distinct prompts cycled through: 200 (default) repeats each customer's values every 200 requests; a
 *  number above the request count makes every value new to the vault (its worst case). */
const promptCount = positiveOption('--prompts', 200);
const build = !args.includes('--no-build');
const veilgateCli = path.resolve(stringOption('--veilgate-cli') ?? path.join(REPO, 'dist/cli/main.js'));
const only = (stringOption('--only') ?? TARGET_KEYS.join(',')).split(',').map((s) => s.trim());
const unknownTargets = only.filter((k) => !(TARGET_KEYS as readonly string[]).includes(k));
if (unknownTargets.length > 0)
  throw new Error(`--only takes ${TARGET_KEYS.join(',')}; unknown: ${unknownTargets.join(',')}`);
if (connectionCounts.some((c) => !Number.isInteger(c) || c < 1))
  throw new Error('--connections takes integers, e.g. 32,64');
if (!Number.isFinite(warmup) || warmup < 0) throw new Error('--warmup takes a number ≥ 0');
if (!Number.isFinite(chunkDelayMs) || chunkDelayMs < 0)
  throw new Error('--chunk-delay-ms takes a number ≥ 0');
const selected = (k: TargetKey): boolean => only.includes(k);

// ---------------------------------------------------------------------------------------------- processes

interface Started {
  readonly child: ChildProcess;
  readonly match: RegExpExecArray;
  output(): string;
}

/**
 * Spawn a process and wait until `stream` prints a line matching `ready`. Both streams are read for the
 * whole run (a full pipe would block the process) and their tail is kept for error reports.
 */
function startUntilLine(
  command: string,
  argv: readonly string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    stream: 'stdout' | 'stderr';
    ready: RegExp;
    timeoutMs: number;
  },
): Promise<Started> {
  const child = spawn(command, argv, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let log = '';
  const output = (): string => log;
  return new Promise((resolve, reject) => {
    let watched = '';
    let ready = false;
    const timer = setTimeout(() => {
      void stopProcess(child);
      reject(
        new Error(
          `${path.basename(argv[argv.length - 1] ?? command)} not ready after ${options.timeoutMs} ms: ${log.trim().slice(-500)}`,
        ),
      );
    }, options.timeoutMs);
    const onData = (which: 'stdout' | 'stderr') => (b: Buffer) => {
      const text = b.toString('utf8');
      log = (log + text).slice(-8000);
      if (which !== options.stream || ready) return;
      watched += text;
      const m = options.ready.exec(watched);
      if (m) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, match: m, output });
      }
    };
    child.stdout?.on('data', onData('stdout'));
    child.stderr?.on('data', onData('stderr'));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${argv.join(' ')} exited with code ${code}: ${log.trim().slice(-500)}`));
    });
  });
}

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];
async function cleanUp(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await Promise.all([...children].map((c) => stopProcess(c)));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUp().then(() => process.exit(130));
  });
}

interface Target {
  readonly key: TargetKey;
  readonly label: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** What the target's process has written lately, to explain a failed verification. */
  readonly log?: () => string;
}

async function startStub(): Promise<{ port: number }> {
  const s = await startUntilLine(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/gateway/stub-server.ts',
      '--port',
      '0',
      '--chunk-delay-ms',
      String(chunkDelayMs),
    ],
    { cwd: REPO, env: process.env, stream: 'stdout', ready: /listening (\d+)/, timeoutMs: 20_000 },
  );
  cleanups.push(() => stopProcess(s.child));
  return { port: Number(s.match[1]) };
}

/**
 * Veilgate as an operator runs it: built, `serve` with a config file in a fresh working directory, a
 * random master key, one API key of tenant `bench` on the default guardrail profile.
 */
async function startVeilgate(stubPort: number, version: string): Promise<Target> {
  if (build) await execFileAsync('npm', ['run', 'build'], { cwd: REPO });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-bench-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const config = path.join(dir, 'veilgate.yaml');
  writeFileSync(
    config,
    [
      `vault: { db: "sqlite:${path.join(dir, 'veilgate.db')}" }`,
      'gateway:',
      `  providers: [{ name: stub, type: openai, baseUrl: "http://127.0.0.1:${stubPort}/v1" }]`,
      `  models: [{ name: ${MODEL}, provider: stub }]`,
      '',
    ].join('\n'),
  );
  const env = {
    ...process.env,
    VEILGATE_MASTER_KEY: randomBytes(32).toString('base64'),
    NODE_ENV: 'production',
  };
  const cli = veilgateCli;
  const created = await execFileAsync(
    process.execPath,
    [
      cli,
      '--config',
      config,
      'keys',
      'create',
      '--tenant',
      'bench',
      '--profile',
      'default',
      '--format',
      'json',
    ],
    { cwd: dir, env },
  );
  const key = (JSON.parse(created.stdout) as { key?: unknown }).key;
  if (typeof key !== 'string') throw new Error('veilgate keys create printed no "key"');
  const port = await freePort();
  const s = await startUntilLine(
    process.execPath,
    [cli, '--config', config, 'serve', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: dir, env, stream: 'stderr', ready: /veilgate: listening on (http:\/\/\S+)/, timeoutMs: 30_000 },
  );
  cleanups.push(() => stopProcess(s.child));
  return {
    key: 'veilgate',
    label: `Veilgate ${version}`,
    url: (s.match[1] as string).replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${key}` },
    log: s.output,
  };
}

// ------------------------------------------------------------------------------------------- verification

/** The reply content of a chat completion, from JSON or from the deltas of an SSE stream. */
async function replyOf(target: Target, stream: boolean): Promise<string> {
  const prompt = prompts[0];
  if (!prompt) throw new Error('no prompts');
  const res = await fetch(`${target.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: chatRequestBody(prompt, MODEL, stream),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
  if (!stream) {
    const content = (JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]
      ?.message?.content;
    if (typeof content !== 'string') throw new Error('the JSON reply has no choices[0].message.content');
    return content;
  }
  if (!text.includes('data: [DONE]')) throw new Error('the stream did not end with data: [DONE]');
  let content = '';
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('data:') || line.includes('[DONE]')) continue;
    const delta = (JSON.parse(line.slice(5)) as { choices?: { delta?: { content?: unknown } }[] })
      .choices?.[0]?.delta?.content;
    if (typeof delta === 'string') content += delta;
  }
  return content;
}

/** null when the target returns the stub's reply unchanged, else why not (with the error it logged). */
async function verify(target: Target, stream: boolean, expected: string): Promise<string | null> {
  let why: string;
  try {
    const got = await replyOf(target, stream);
    if (got === expected) return null;
    why = `reply differs from the stub's (${got.length} vs ${expected.length} characters)`;
  } catch (e) {
    why = (e as Error).message;
  }
  const logged = target
    .log?.()
    .split(/[\r\n]+/)
    .find((l) => /error/i.test(l))
    ?.trim()
    .slice(0, 160);
  // Kept on one table row: no pipes or line breaks.
  return (logged ? `${why}; it logged: ${logged}` : why).replace(/[|\r\n]+/g, ' ');
}

// ------------------------------------------------------------------------------------------------- runs

const specDir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-bench-load-'));
cleanups.push(async () => rmSync(specDir, { recursive: true, force: true }));
const prompts = benchPrompts(promptCount);

function writeSpec(target: Target, stream: boolean): string {
  const spec: LoadSpec = {
    url: target.url,
    path: '/v1/chat/completions',
    headers: target.headers,
    bodies: prompts.map((p) => chatRequestBody(p, MODEL, stream)),
    stream,
  };
  const file = path.join(specDir, `${target.key}-${stream ? 'stream' : 'json'}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** Load arguments of an open-loop run at `perSecond` requests/s. */
function openLoopArgs(perSecond: number): string[] {
  return [
    '--mode',
    'open',
    '--rate',
    String(perSecond),
    '--seconds',
    String(seconds),
    '--warmup',
    String(warmup),
  ];
}

/** One load process; its JSON result. */
async function runLoad(specFile: string, loadArgs: readonly string[]): Promise<LoadResult> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', 'bench/gateway/load.ts', '--spec', specFile, ...loadArgs],
    { cwd: REPO, maxBuffer: 16 << 20 },
  );
  return JSON.parse(stdout) as LoadResult;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 1000));

/** A measurement, or why there is none. */
type Cell = LoadResult | { readonly skipped: string };
const isResult = (c: Cell | undefined): c is LoadResult => c !== undefined && !('skipped' in c);

interface TargetResults {
  fixed?: Cell;
  stream?: Cell;
  closed: Map<number, Cell>;
}

// ------------------------------------------------------------------------------------------------- main

const packageVersion = (file: string): string =>
  String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version);
const veilgateVersion = packageVersion(path.join(REPO, 'package.json'));
const targets: Target[] = [];
const notStarted = new Map<TargetKey, string>();
const results = new Map<TargetKey, TargetResults>();
let portkeyVersion = '';

try {
  const stub = await startStub();
  const stubBase = `http://127.0.0.1:${stub.port}`;
  const direct: Target = {
    key: 'stub',
    label: 'stub direct',
    url: stubBase,
    headers: { authorization: 'Bearer sk-bench' },
  };
  const expected = await replyOf(direct, false);
  if (selected('stub')) targets.push(direct);
  if (selected('portkey')) {
    try {
      const portkey = await startPortkey();
      cleanups.push(() => portkey.stop());
      portkeyVersion = portkey.version;
      targets.push({
        key: 'portkey',
        label: `Portkey ${portkey.version}`,
        url: portkey.url,
        headers: portkey.headersFor(`${stubBase}/v1`),
        log: portkey.output,
      });
    } catch (e) {
      notStarted.set('portkey', (e as Error).message);
    }
  }
  if (selected('veilgate')) {
    try {
      targets.push(await startVeilgate(stub.port, veilgateVersion));
    } catch (e) {
      notStarted.set('veilgate', (e as Error).message.split('\n')[0] ?? 'failed to start');
    }
  }

  const verified = new Map<string, string | null>();
  for (const t of targets) {
    results.set(t.key, { closed: new Map() });
    for (const stream of [false, true]) verified.set(`${t.key}/${stream}`, await verify(t, stream, expected));
  }
  const failure = (t: Target, stream: boolean): string | null => verified.get(`${t.key}/${stream}`) ?? null;

  const total = targets.length * (2 + connectionCounts.length);
  let done = 0;
  const progress = (what: string): void => {
    done += 1;
    process.stderr.write(`[${done}/${total}] ${what}\n`);
  };

  for (const t of targets) {
    const r = results.get(t.key) as TargetResults;
    const why = failure(t, false);
    progress(`${t.label}: ${rate} req/s`);
    r.fixed = why ? { skipped: why } : await runLoad(writeSpec(t, false), openLoopArgs(rate));
    await settle();
  }
  for (const t of targets) {
    const r = results.get(t.key) as TargetResults;
    const why = failure(t, true);
    progress(`${t.label}: streaming at ${streamRate} req/s`);
    r.stream = why ? { skipped: why } : await runLoad(writeSpec(t, true), openLoopArgs(streamRate));
    await settle();
  }
  for (const t of targets) {
    const r = results.get(t.key) as TargetResults;
    const why = failure(t, false);
    for (const c of connectionCounts) {
      progress(`${t.label}: closed loop, ${c} connections`);
      r.closed.set(
        c,
        why
          ? { skipped: why }
          : await runLoad(writeSpec(t, false), [
              '--mode',
              'closed',
              '--connections',
              String(c),
              '--seconds',
              String(throughputSeconds),
              '--warmup',
              String(warmup),
            ]),
      );
      await settle();
    }
  }
} finally {
  await cleanUp();
}

// ----------------------------------------------------------------------------------------------- report

const ms = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(2));
const signedMs = (v: number | undefined): string =>
  v === undefined ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;
const perSecond = (v: number): string => Math.round(v).toLocaleString('en-US');
const errorText = (r: LoadResult): string =>
  r.errors === 0
    ? '0'
    : `${r.errors} (${Object.entries(r.errorKinds)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')})`;
const diff = (
  a: Percentiles | null | undefined,
  b: Percentiles | null | undefined,
  q: 'p50' | 'p99',
): number | undefined => (a && b ? a[q] - b[q] : undefined);

const lines: string[] = [];
const out = (s = ''): void => {
  lines.push(s);
};
const cpus = os.cpus();
const valueCounts = new Map<string, number>();
for (const p of prompts)
  for (const v of p.values) valueCounts.set(v.entity, (valueCounts.get(v.entity) ?? 0) + 1);
const meanBody =
  prompts.reduce((s, p) => s + Buffer.byteLength(chatRequestBody(p, MODEL, false)), 0) /
  Math.max(1, prompts.length);
const label = (k: TargetKey): string => targets.find((t) => t.key === k)?.label ?? k;
const directFixed = results.get('stub')?.fixed;
const directStream = results.get('stub')?.stream;

out('# Gateway latency and throughput');
out();
out(`- command: \`npm run bench:gateway${args.length ? ` -- ${args.join(' ')}` : ''}\``);
out(
  `- machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `${os.platform()} ${os.arch()}, Node.js ${process.version}; ${new Date().toISOString()}`,
);
out(
  '- processes: stub upstream, gateway and load generator are separate Node.js processes on 127.0.0.1, ' +
    `sharing the ${cpus.length} cores; targets are measured one after the other`,
);
out(
  `- data: ${prompts.length} distinct prompts of ${PROMPT_CHARS} bytes (support tickets, clinical notes, insurance claims; ` +
    `seed ${PROMPT_SEED}) carrying ${[...valueCounts].map(([e, n]) => `${e} ${n}`).join(', ')}; ` +
    `request: system + user message, max_tokens 200, ${Math.round(meanBody)} bytes of JSON on average`,
);
out(
  `- upstream: bench/gateway/stub-server.ts, a fixed ~300-character reply; streams of 20 SSE events, ` +
    `${chunkDelayMs} ms between events`,
);
out('- targets:');
out('  - stub direct: the load generator calls the stub itself (the baseline)');
if (selected('portkey'))
  out(
    `  - Portkey: \`@portkey-ai/gateway\` ${portkeyVersion || '(not started)'}, its Node build with --headless and ` +
      'NODE_ENV=production; provider openai with custom host = the stub; no guardrails, cache or retries',
  );
if (selected('veilgate'))
  out(
    `  - Veilgate ${veilgateVersion}: \`veilgate serve\`, SQLite vault, one API key on the default profile ` +
      '(pattern detectors + tokenization + output scan)',
  );
for (const [k, why] of notStarted) out(`- ${k} did not start: ${why}`);
out(
  '- latency: from handing the request to the connection pool to the last byte of the reply (JSON) or to the ' +
    'first SSE event with content (TTFT); added = target percentile − direct percentile of this run',
);
out();

out(`## Fixed rate, non-streaming: ${rate} req/s for ${seconds} s after ${warmup} s warm-up (open loop)`);
out();
out(
  '| target | requests | errors | achieved req/s | p50 ms | p90 ms | p99 ms | max ms | added p50 ms | added p99 ms | generator lag p99 ms |',
);
out('|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const t of targets) {
  const c = results.get(t.key)?.fixed;
  if (!isResult(c)) {
    out(`| ${t.label} | not measured: ${c?.skipped ?? 'no result'} |||||||||`);
    continue;
  }
  const base = isResult(directFixed) && t.key !== 'stub' ? directFixed.latencyMs : undefined;
  out(
    `| ${t.label} | ${c.count} | ${errorText(c)} | ${perSecond(c.achievedRate)} | ${ms(c.latencyMs?.p50)} | ${ms(c.latencyMs?.p90)} | ` +
      `${ms(c.latencyMs?.p99)} | ${ms(c.latencyMs?.max)} | ${signedMs(diff(c.latencyMs, base, 'p50'))} | ` +
      `${signedMs(diff(c.latencyMs, base, 'p99'))} | ${ms(c.scheduleLagMs?.p99)} |`,
  );
}
out();

out(
  `## Streaming, time to first token: ${streamRate} req/s for ${seconds} s after ${warmup} s warm-up (open loop)`,
);
out();
out(
  '| target | requests | errors | TTFT p50 ms | TTFT p90 ms | TTFT p99 ms | overhead p50 ms | overhead p99 ms | whole stream p50 ms |',
);
out('|---|--:|---|--:|--:|--:|--:|--:|--:|');
for (const t of targets) {
  const c = results.get(t.key)?.stream;
  if (!isResult(c)) {
    out(`| ${t.label} | not measured: ${c?.skipped ?? 'no result'} |||||||`);
    continue;
  }
  const base = isResult(directStream) && t.key !== 'stub' ? directStream.latencyMs : undefined;
  out(
    `| ${t.label} | ${c.count} | ${errorText(c)} | ${ms(c.latencyMs?.p50)} | ${ms(c.latencyMs?.p90)} | ${ms(c.latencyMs?.p99)} | ` +
      `${signedMs(diff(c.latencyMs, base, 'p50'))} | ${signedMs(diff(c.latencyMs, base, 'p99'))} | ${ms(c.totalMs?.p50)} |`,
  );
}
out();

out(`## Maximum throughput, non-streaming: closed loop for ${throughputSeconds} s after ${warmup} s warm-up`);
out();
out('| target | connections | req/s | p50 ms | p99 ms | errors |');
out('|---|--:|--:|--:|--:|---|');
for (const t of targets) {
  for (const [connections, c] of results.get(t.key)?.closed ?? []) {
    if (!isResult(c)) out(`| ${t.label} | ${connections} | not measured: ${c.skipped} ||||`);
    else
      out(
        `| ${t.label} | ${connections} | ${perSecond(c.achievedRate)} | ${ms(c.latencyMs?.p50)} | ${ms(c.latencyMs?.p99)} | ${errorText(c)} |`,
      );
  }
}
out();

// The issue's targets, each judged only on a clean measurement (no errors, offered rate reached).
out('## Targets of the issue');
out();
const veil = results.get('veilgate');
const portkeyResults = results.get('portkey');
const clean = (c: Cell | undefined, offered?: number): string | null => {
  if (c === undefined) return 'not run';
  if (!isResult(c)) return `not measured: ${c.skipped}`;
  if (c.errors > 0) return `${c.errors} errors`;
  if (offered !== undefined && c.achievedRate < offered * 0.99)
    return `only ${perSecond(c.achievedRate)} of ${offered} req/s`;
  return null;
};
const verdict = (name: string, check: () => { pass: boolean; detail: string } | string): void => {
  if (!selected('veilgate')) {
    out(`- SKIP ${name} (veilgate not in --only)`);
    return;
  }
  const notRunning = notStarted.get('veilgate');
  if (notRunning !== undefined) {
    out(`- FAIL ${name}: Veilgate did not start`);
    return;
  }
  const v = check();
  out(typeof v === 'string' ? `- FAIL ${name}: ${v}` : `- ${v.pass ? 'PASS' : 'FAIL'} ${name}: ${v.detail}`);
};
const added = (q: 'p50' | 'p99', limit: number) => () => {
  const problem = clean(veil?.fixed, rate) ?? clean(directFixed, rate);
  if (problem || !isResult(veil?.fixed) || !isResult(directFixed)) return problem ?? 'no result';
  const d = diff(veil.fixed.latencyMs, directFixed.latencyMs, q) ?? Number.NaN;
  return { pass: d <= limit, detail: `${signedMs(d)} ms` };
};
verdict(`added latency p50 ≤ 1 ms at ${rate} req/s`, added('p50', 1));
verdict(`added latency p99 ≤ 5 ms at ${rate} req/s`, added('p99', 5));
verdict('streaming time-to-first-token overhead (p50) ≤ 5 ms', () => {
  const problem = clean(veil?.stream, streamRate) ?? clean(directStream, streamRate);
  if (problem || !isResult(veil?.stream) || !isResult(directStream)) return problem ?? 'no result';
  const d50 = diff(veil.stream.latencyMs, directStream.latencyMs, 'p50') ?? Number.NaN;
  const d99 = diff(veil.stream.latencyMs, directStream.latencyMs, 'p99') ?? Number.NaN;
  return { pass: d50 <= 5, detail: `${signedMs(d50)} ms (p99 ${signedMs(d99)} ms)` };
});
const best = (r: TargetResults | undefined): LoadResult | undefined =>
  [...(r?.closed.values() ?? [])]
    .filter(isResult)
    .filter((c) => c.errors === 0)
    .sort((a, b) => b.achievedRate - a.achievedRate)[0];
verdict("maximum throughput ≥ Portkey's (best over connection counts, no errors)", () => {
  const v = best(veil);
  const p = best(portkeyResults);
  if (!v) return 'Veilgate has no clean throughput measurement';
  if (!p) return `Portkey has no clean throughput measurement (${notStarted.get('portkey') ?? 'see table'})`;
  return {
    pass: v.achievedRate >= p.achievedRate,
    detail: `${perSecond(v.achievedRate)} vs ${perSecond(p.achievedRate)} req/s (${v.connections} and ${p.connections} connections)`,
  };
});
verdict(`p99 below Portkey's at ${rate} req/s`, () => {
  const problem = clean(veil?.fixed, rate);
  if (problem || !isResult(veil?.fixed)) return problem ?? 'no result';
  const p = portkeyResults?.fixed;
  if (!isResult(p))
    return `Portkey not measured (${notStarted.get('portkey') ?? (p ? p.skipped : 'not run')})`;
  const vp = veil.fixed.latencyMs?.p99 ?? Number.NaN;
  const pp = p.latencyMs?.p99 ?? Number.NaN;
  return {
    pass: vp < pp,
    detail: `${ms(vp)} vs ${ms(pp)} ms${p.errors > 0 ? ` (Portkey had ${p.errors} errors)` : ''}`,
  };
});
out();
out(
  `Targets measured: ${targets.map((t) => t.label).join(', ') || 'none'}. Without the stub row, added latency is not computed.`,
);

console.log(lines.join('\n'));
if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify(
      {
        command: `npm run bench:gateway -- ${args.join(' ')}`.trim(),
        machine: {
          cpus: cpus.length,
          model: cpus[0]?.model,
          node: process.version,
          platform: os.platform(),
          arch: os.arch(),
        },
        options: { seconds, rate, streamRate, warmup, throughputSeconds, connectionCounts, chunkDelayMs },
        notStarted: Object.fromEntries(notStarted),
        results: Object.fromEntries(
          [...results].map(([k, r]) => [
            k,
            { label: label(k), fixed: r.fixed, stream: r.stream, closed: Object.fromEntries(r.closed) },
          ]),
        ),
      },
      null,
      2,
    ),
  );
}
