/**
 * Detection speed, single-threaded: throughput on English prose and latency for 1 KB prompts, for Veilgate
 * (createScanner() with every pattern recognizer on; and, in a second column, the default scanner that
 * also runs the entity tagger for names, places and organisations) and the two peers, in the same process.
 *
 *   npx tsx bench/detect-speed.ts [--mb 10] [--budget 20] [--no-peers]
 *
 * Throughput: proseCorpus() repeated to --mb megabytes (10^6 bytes of UTF-8), scanned (a) in pieces of at
 * most 64 KiB cut at line boundaries and (b) as one string; Veilgate: best of 3 passes after a warm-up.
 * Peers are much slower, so each peer measurement stops after --budget seconds (default 20) and reports
 * MB/s over what it processed; for (b) a peer gets single strings of growing size (64 KiB, doubling) while
 * the next one is predicted, even at quadratic cost, to fit in the budget.
 * Latency: 2000 distinct 1 KiB windows of the prose corpus, each scanned once to warm up, then timed one
 * by one with performance.now(); peers stop after the budget too.
 * Peers are timed through their own entry points (openredaction `detect()`, redact-pii `redact()`),
 * without the adapters' span recovery.
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { args, positiveOption } from './args.js';
import { percentile } from './percentile.js';

// Cold start first, before anything else is loaded.
const tImport0 = performance.now();
const { createScanner } = await import('../src/index.js');
const tImport1 = performance.now();
// The issue-2 targets are for the pattern recognizers; the entity tagger (bench/ner-speed.ts) is measured
// separately and, together with them, in the second column.
const TAGGER = ['person', 'location', 'organization'];
const scanner = createScanner({ disabled: TAGGER });
const tCreate = performance.now() - tImport1;
const importMs = tImport1 - tImport0;
const t2 = performance.now();
createScanner();
const warmCreateMs = performance.now() - t2;

const { proseCorpus, repeatToSize } = await import('./corpus.js');

const MB = 1e6;
const sizeMb = positiveOption('--mb', 10);
const budgetMs = positiveOption('--budget', 20) * 1000;
const withPeers = !args.includes('--no-peers');
const PIECE_BYTES = 64 * 1024;
const WINDOW_CHARS = 1024;
const WINDOWS = 2000;

// ---------------------------------------------------------------------------------------------- corpus

const prose = proseCorpus();
const text = (() => {
  const big = repeatToSize(prose, sizeMb * MB);
  // Cut at the first line break after the requested size (prose is nearly all ASCII: chars ≈ bytes).
  const cut = big.indexOf('\n', sizeMb * MB);
  return cut < 0 ? big : big.slice(0, cut + 1);
})();
const textBytes = Buffer.byteLength(text);

/** Pieces of at most `max` UTF-8 bytes, cut after a line break (a longer line is a piece of its own). */
function pieces(s: string, max: number): string[] {
  const out: string[] = [];
  let start = 0;
  let bytes = 0;
  let pos = 0;
  while (pos < s.length) {
    const nl = s.indexOf('\n', pos);
    const end = nl < 0 ? s.length : nl + 1;
    const lineBytes = Buffer.byteLength(s.slice(pos, end));
    if (bytes > 0 && bytes + lineBytes > max) {
      out.push(s.slice(start, pos));
      start = pos;
      bytes = 0;
    }
    bytes += lineBytes;
    pos = end;
  }
  if (pos > start) out.push(s.slice(start, pos));
  return out;
}
const chunks = pieces(text, PIECE_BYTES);
const chunkBytes = chunks.map((c) => Buffer.byteLength(c));

const windows: string[] = [];
{
  const step = Math.floor((prose.length - WINDOW_CHARS) / WINDOWS);
  for (let i = 0; i < WINDOWS; i++) windows.push(prose.slice(i * step, i * step + WINDOW_CHARS));
}
const windowBytes = windows.reduce((s, w) => s + Buffer.byteLength(w), 0) / windows.length;

// ---------------------------------------------------------------------------------------------- measures

interface Throughput {
  readonly mbps: number;
  readonly bytes: number;
  readonly ms: number;
  readonly complete: boolean;
}
interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly n: number;
}
interface Result {
  readonly name: string;
  readonly version: string;
  readonly createMs: number;
  readonly pieces: Throughput;
  readonly whole: Throughput;
  readonly latency: Latency;
  readonly findings?: number;
}

/** Scan all pieces, stopping after `budget` ms; MB/s over what was processed. */
function throughputPieces(run: (s: string) => unknown, budget: number): Throughput {
  let bytes = 0;
  const t0 = performance.now();
  let i = 0;
  for (; i < chunks.length; i++) {
    run(chunks[i] as string);
    bytes += chunkBytes[i] as number;
    if (performance.now() - t0 > budget) {
      i++;
      break;
    }
  }
  const ms = performance.now() - t0;
  return { mbps: bytes / MB / (ms / 1000), bytes, ms, complete: i >= chunks.length };
}

function best(runs: Throughput[]): Throughput {
  return runs.reduce((a, b) => (b.mbps > a.mbps ? b : a));
}

function latency(run: (s: string) => unknown, budget: number): Latency {
  const tw = performance.now();
  for (const w of windows) {
    run(w);
    if (performance.now() - tw > budget / 4) break;
  }
  const times: number[] = [];
  const t0 = performance.now();
  for (const w of windows) {
    const a = performance.now();
    run(w);
    times.push(performance.now() - a);
    if (performance.now() - t0 > budget) break;
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    max: times[times.length - 1] ?? NaN,
    n: times.length,
  };
}

/** Single strings of growing size, while the next one is predicted (at quadratic cost) to fit the budget. */
function throughputWholeCapped(run: (s: string) => unknown, budget: number): Throughput {
  let size = PIECE_BYTES;
  let spent = 0;
  for (;;) {
    const s = size >= text.length ? text : text.slice(0, size);
    const t0 = performance.now();
    run(s);
    const ms = performance.now() - t0;
    spent += ms;
    const bytes = Buffer.byteLength(s);
    const next = Math.min(text.length, size * 2);
    // Stop after the whole text, or when the next size, even at quadratic cost, would overrun the budget.
    if (s === text || spent + ms * (next / size) ** 2 > budget) {
      return { mbps: bytes / MB / (ms / 1000), bytes, ms, complete: s === text };
    }
    size = next;
  }
}

// ---------------------------------------------------------------------------------------------- Veilgate

const scan = (s: string): number => scanner.scan(s).length;
let findings = 0;
for (let i = 0; i < Math.min(chunks.length, 16); i++) findings += scan(chunks[i] as string);
const piecesRuns: Throughput[] = [];
for (let r = 0; r < 3; r++) piecesRuns.push(throughputPieces(scan, Infinity));
findings = 0;
const byEntity = new Map<string, number>();
for (const c of chunks) {
  for (const x of scanner.scan(c)) {
    findings++;
    byEntity.set(x.entity, (byEntity.get(x.entity) ?? 0) + 1);
  }
}
const wholeRuns: Throughput[] = [];
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  scan(text);
  const ms = performance.now() - t0;
  wholeRuns.push({ mbps: textBytes / MB / (ms / 1000), bytes: textBytes, ms, complete: true });
}
const ourVersion = String(
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown })
    .version,
);
const results: Result[] = [
  {
    name: 'Veilgate',
    version: ourVersion,
    createMs: tCreate,
    pieces: best(piecesRuns),
    whole: best(wholeRuns),
    latency: latency(scan, Infinity),
    findings,
  },
];

// Everything, entity tagger included (the default scanner).
{
  const full = createScanner();
  const scanAll = (s: string): number => full.scan(s).length;
  for (let i = 0; i < Math.min(chunks.length, 4); i++) scanAll(chunks[i] as string);
  const t0 = performance.now();
  scanAll(text);
  const ms = performance.now() - t0;
  results.push({
    name: 'Veilgate with entity tagger',
    version: ourVersion,
    createMs: tCreate,
    pieces: throughputPieces(scanAll, Infinity),
    whole: { mbps: textBytes / MB / (ms / 1000), bytes: textBytes, ms, complete: true },
    latency: latency(scanAll, Infinity),
    findings: chunks.reduce((n, c) => n + scanAll(c), 0),
  });
}

// ---------------------------------------------------------------------------------------------- peers

const peerNotes: string[] = [];
if (withPeers) {
  const { createOpenRedactionPeer } = await import('./peers/openredaction.js');
  const { createRedactPiiPeer } = await import('./peers/redact-pii.js');
  for (const make of [createOpenRedactionPeer, createRedactPiiPeer]) {
    const t0 = performance.now();
    let peer;
    try {
      peer = make();
    } catch (e) {
      peerNotes.push(`${make.name}: failed to start: ${(e as Error).message}`);
      continue;
    }
    const createMs = performance.now() - t0;
    let failures = 0;
    const p = peer;
    const run = (s: string): unknown => {
      try {
        return p.native ? p.native(s) : p.detect(s);
      } catch {
        failures++;
        return null;
      }
    };
    for (let i = 0; i < Math.min(chunks.length, 2); i++) run(chunks[i] as string);
    const piecesT = throughputPieces(run, budgetMs);
    const wholeT = throughputWholeCapped(run, budgetMs);
    const lat = latency(run, budgetMs);
    results.push({
      name: peer.name,
      version: peer.version,
      createMs,
      pieces: piecesT,
      whole: wholeT,
      latency: lat,
    });
    peerNotes.push(
      `${peer.name} ${peer.version}: ${peer.config}; threw on ${failures} input(s); timed via ${peer.native ? 'its own API' : 'the adapter'}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------- report

const ours = results[0] as Result;
const f = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : '—');
const mbCell = (t: Throughput): string =>
  `${f(t.mbps, t.mbps < 1 ? 3 : 1)}${t.complete ? '' : ` (${(t.bytes / MB).toFixed(2)} MB in ${(t.ms / 1000).toFixed(1)} s)`}`;
const rows: [string, (r: Result) => string][] = [
  ['throughput, 64 KiB pieces (MB/s)', (r) => mbCell(r.pieces)],
  ['throughput, one string (MB/s)', (r) => mbCell(r.whole)],
  ['latency 1 KiB p50 (ms)', (r) => f(r.latency.p50, 3)],
  ['latency 1 KiB p95 (ms)', (r) => f(r.latency.p95, 3)],
  ['latency 1 KiB p99 (ms)', (r) => f(r.latency.p99, 3)],
  ['latency 1 KiB max (ms)', (r) => f(r.latency.max, 3)],
  ['latency samples', (r) => String(r.latency.n)],
  ['create detector, cold (ms)', (r) => f(r.createMs, 1)],
];

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const entityCounts = [...byEntity]
  .sort((a, b) => b[1] - a[1])
  .map(([e, n]) => `${e} ${n}`)
  .join(', ');
console.log('# Veilgate detection speed');
console.log();
console.log(`- command: \`npx tsx bench/detect-speed.ts${args.length ? ` ${args.join(' ')}` : ''}\``);
console.log(
  `- machine: ${cpu} (${os.cpus().length} logical CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB), ${os.platform()} ${os.arch()}; node ${process.version}; date ${new Date().toISOString()}`,
);
console.log(
  `- corpus: ${(textBytes / MB).toFixed(2)} MB of English prose (bench/corpus.ts proseCorpus, repeated), ${chunks.length} pieces ≤ 64 KiB cut at line breaks; latency: ${windows.length} windows of ${WINDOW_CHARS} chars (${windowBytes.toFixed(0)} bytes on average)`,
);
console.log(
  `- Veilgate ${ourVersion}: createScanner({ disabled: [${TAGGER.join(', ')}] }), ${scanner.recognizers.length} pattern recognizers; best of 3 passes; ${findings} findings in the corpus (${(findings / (textBytes / MB)).toFixed(1)} per MB: ${entityCounts})`,
);
console.log(
  `- Veilgate cold start: import of src/index.js ${importMs.toFixed(0)} ms (under tsx, includes transpiling), first createScanner() ${tCreate.toFixed(1)} ms, second ${warmCreateMs.toFixed(1)} ms`,
);
for (const n of peerNotes) console.log(`- peer ${n}`);
if (withPeers) {
  console.log(
    `- peers: each measurement capped at ${(budgetMs / 1000).toFixed(0)} s, MB/s over what was processed (in brackets when incomplete); one string = the largest single string (64 KiB, doubling) whose predicted cost fitted the budget`,
  );
}
console.log();
console.log(`| | ${results.map((r) => `${r.name} ${r.version}`).join(' | ')} |`);
console.log(`|---|${results.map(() => '---:|').join('')}`);
for (const [label, cell] of rows) console.log(`| ${label} | ${results.map(cell).join(' | ')} |`);
console.log();
const tp = Math.min(ours.pieces.mbps, ours.whole.mbps);
console.log('## Targets (Veilgate)');
console.log();
console.log(
  `- throughput ≥ 10 MB/s (aim 20): ${tp >= 10 ? '✓' : '✗'} — pieces ${f(ours.pieces.mbps, 1)} MB/s, one string ${f(ours.whole.mbps, 1)} MB/s${tp >= 20 ? ' (aim met)' : ''}`,
);
console.log(
  `- p99 ≤ 0.5 ms for 1 KiB: ${ours.latency.p99 <= 0.5 ? '✓' : '✗'} — p99 ${f(ours.latency.p99, 3)} ms`,
);
