/**
 * Injection detection cost: latency per prompt (p50, p90, p99, max) and throughput on one thread, for
 * Veilgate's injection detector and the npm peers (vard, llm_guardrail), each called through its own entry
 * point as an application would (bench/injection/peers.ts `native`); plus model file sizes and the cold
 * start of a fresh Node process.
 *
 *   npx tsx bench/injection-speed.ts [--seconds 5] [--only veilgate,vard,llm_guardrail] [--from src|dist]
 *
 * --seconds S  measuring time per system and prompt size (default 5); at least 3,000 calls are timed
 *              whatever S is (and at most 1,000,000), after a 2 s warm-up on the same prompts
 * --only LIST  systems as in bench/injection-quality.ts
 * --from WHERE Veilgate from `src` (TypeScript through tsx) or `dist` (the build, as it ships; run
 *              `npm run build` first). Default: dist when it exports the detector and is newer than the
 *              sources, else src
 *
 * Prompts: held-out texts of the shared corpora (train/injection/datasets.ts), in a fixed shuffled order,
 * concatenated and cut at a word boundary to at most 64, 1,024 and 4,096 characters; 512 distinct prompts
 * per size, used round-robin, role `user`. Each call is timed alone with process.hrtime.bigint() (a
 * returned promise is awaited inside the timing: llm_guardrail's API is async). MB = 10^6 bytes of UTF-8;
 * throughput = bytes / summed call time. Single-threaded, no workers; for one-core numbers run it under
 * `taskset -c 0`. Cold start: 5 fresh `node` processes per system, each timing its own import, model load
 * and first call (lazy model loading happens there), excluding Node's own start-up.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadInjectionData } from '../train/injection/datasets.js';
import { prng } from '../train/random.js';
import { args, positiveOption, stringOption } from './args.js';
import {
  createInjectionSystems,
  findVeilgateLoader,
  parseOnlyOption,
  type InjectionSystem,
} from './injection/peers.js';
import { percentile } from './percentile.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZES = [64, 1024, 4096] as const;
const PROMPTS_PER_SIZE = 512;
const WARMUP_SECONDS = 2;
const MIN_CALLS = 3000;
/** Enough for stable percentiles; keeps the sample array small for systems that take well under a µs. */
const MAX_CALLS = 1_000_000;
const COLD_RUNS = 5;
const MB = 1e6;

// ---------------------------------------------------------------------------------------------- arguments

const seconds = positiveOption('--seconds', 5);
const only = parseOnlyOption(stringOption('--only'));
const fromOption = stringOption('--from');
if (fromOption !== undefined && fromOption !== 'src' && fromOption !== 'dist') {
  console.error(`--from: '${fromOption}' is neither src nor dist`);
  process.exit(2);
}

/** Newest modification time of the files under `dir` (recursively) matching `ext`, 0 when none. */
function newest(dir: string, ext: string): number {
  let t = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) t = Math.max(t, newest(p, ext));
      else if (entry.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
    }
  } catch {
    // a missing folder is simply not newer
  }
  return t;
}

async function chooseFrom(): Promise<{ from: 'src' | 'dist'; why: string }> {
  if (fromOption === 'src' || fromOption === 'dist') return { from: fromOption, why: '--from' };
  try {
    await findVeilgateLoader('dist');
  } catch {
    return { from: 'src', why: 'dist/ has no injection detector (run `npm run build` to time the build)' };
  }
  const srcTime = newest(path.join(ROOT, 'src'), '.ts');
  const distTime = newest(path.join(ROOT, 'dist'), '.js');
  return distTime >= srcTime
    ? { from: 'dist', why: 'dist/ is newer than src/' }
    : { from: 'src', why: 'dist/ is older than src/ (run `npm run build` to time the build)' };
}

const { from, why } = await chooseFrom();

// ---------------------------------------------------------------------------------------------- prompts

/** Cut `s` to at most `size` characters, at the last space or line break when there is one in the second half. */
function cutAtWord(s: string, size: number): string {
  if (s.length <= size) return s;
  const cut = Math.max(s.lastIndexOf(' ', size), s.lastIndexOf('\n', size));
  return s.slice(0, cut > size / 2 ? cut : size);
}

const texts = loadInjectionData().heldout.map((e) => e.text);
{
  // Fisher-Yates with a fixed seed: sources interleave, and every run times the same prompts
  const random = prng(7);
  for (let i = texts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [texts[i], texts[j]] = [texts[j] as string, texts[i] as string];
  }
}

function promptsOf(size: number): string[] {
  const prompts: string[] = [];
  for (let i = 0; i < PROMPTS_PER_SIZE; i++) {
    let s = '';
    for (let k = i; s.length < size; k++) s += (s === '' ? '' : '\n') + (texts[k % texts.length] as string);
    prompts.push(cutAtWord(s, size));
  }
  return prompts;
}

const promptSets = SIZES.map((size) => {
  const prompts = promptsOf(size);
  const bytes = prompts.map((p) => Buffer.byteLength(p));
  return { size, prompts, bytes, meanBytes: bytes.reduce((a, b) => a + b, 0) / bytes.length };
});

// ---------------------------------------------------------------------------------------------- latency

interface Latency {
  readonly calls: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mbPerSecond: number;
  readonly errors: number;
}

async function measure(system: InjectionSystem, set: (typeof promptSets)[number]): Promise<Latency> {
  const { prompts, bytes } = set;
  let errors = 0;
  const call = async (i: number): Promise<void> => {
    try {
      const r = system.native(prompts[i % prompts.length] as string, 'user');
      if (r instanceof Promise) await r;
    } catch {
      errors++;
    }
  };
  const warmupEnd = process.hrtime.bigint() + BigInt(Math.round(WARMUP_SECONDS * 1e9));
  for (let i = 0; process.hrtime.bigint() < warmupEnd; i++) await call(i);
  errors = 0;

  const durations: number[] = [];
  let totalBytes = 0;
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  for (
    let i = 0;
    durations.length < MIN_CALLS ||
    (durations.length < MAX_CALLS && process.hrtime.bigint() - start < budget);
    i++
  ) {
    const prompt = prompts[i % prompts.length] as string;
    const t0 = process.hrtime.bigint();
    try {
      const r = system.native(prompt, 'user');
      if (r instanceof Promise) await r;
    } catch {
      errors++;
    }
    const t1 = process.hrtime.bigint();
    durations.push(Number(t1 - t0) / 1000);
    totalBytes += bytes[i % prompts.length] as number;
  }
  const sorted = Float64Array.from(durations).sort();
  const totalMicros = durations.reduce((a, b) => a + b, 0);
  return {
    calls: durations.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] as number,
    mbPerSecond: totalBytes / MB / (totalMicros / 1e6),
    errors,
  };
}

// ---------------------------------------------------------------------------------------------- cold start

interface ColdStart {
  readonly importMs: number;
  readonly loadMs: number;
  readonly firstCallMs: number;
}

/**
 * Module and first call for each system's cold start; `m` is the imported module. Veilgate builds its
 * detector in `load`; the peers load their models lazily, inside the first call.
 */
function coldStartSpec(
  system: InjectionSystem,
  veilgateModule: string | undefined,
): { module: string; load: string; call: string } | undefined {
  switch (system.id) {
    case 'veilgate':
      return veilgateModule === undefined
        ? undefined
        : {
            module: pathToFileURL(veilgateModule.replace(/\.ts$/, '.js')).href,
            load: 'm.loadInjectionDetector()',
            call: "d.detect('Hello, how are you today?', { role: 'user' })",
          };
    case 'vard':
      return { module: '@andersmyrmel/vard', load: 'm.default', call: "d('Hello, how are you today?')" };
    case 'vard-strict':
      return {
        module: '@andersmyrmel/vard',
        load: 'm.default.strict()',
        call: "d.parse('Hello, how are you today?')",
      };
    case 'llm_guardrail':
      return { module: 'llm_guardrail', load: 'm', call: "await d.checkAll('Hello, how are you today?')" };
    case 'llm_guardrail-injection':
      return {
        module: 'llm_guardrail',
        load: 'm',
        call: "await d.checkInjection('Hello, how are you today?')",
      };
    default:
      return undefined;
  }
}

function coldStart(spec: { module: string; load: string; call: string }, viaTsx: boolean): ColdStart[] {
  const code = [
    'const t0 = process.hrtime.bigint();',
    `const m = await import(${JSON.stringify(spec.module)});`,
    'const t1 = process.hrtime.bigint();',
    `const d = ${spec.load};`,
    'const t2 = process.hrtime.bigint();',
    `${spec.call};`,
    'const t3 = process.hrtime.bigint();',
    'console.log(JSON.stringify({ importMs: Number(t1 - t0) / 1e6, loadMs: Number(t2 - t1) / 1e6, firstCallMs: Number(t3 - t2) / 1e6 }));',
  ].join('\n');
  const runs: ColdStart[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const stdout = execFileSync(
      process.execPath,
      [...(viaTsx ? ['--import', 'tsx'] : []), '--input-type=module', '-e', code],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const last = stdout.trim().split('\n').pop() ?? '';
    runs.push(JSON.parse(last) as ColdStart);
  }
  return runs;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/** Total size of the files in `dir` whose names match `keep`, or undefined when the folder is missing. */
function folderBytes(
  dir: string,
  keep: (name: string) => boolean = () => true,
): { bytes: number; files: string[] } | undefined {
  try {
    const files = readdirSync(dir).filter((n) => keep(n) && statSync(path.join(dir, n)).isFile());
    return { bytes: files.reduce((a, n) => a + statSync(path.join(dir, n)).size, 0), files };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------- run

const { systems, setupFailures } = await createInjectionSystems(only, from);
let veilgateModule: string | undefined;
if (systems.some((s) => s.group === 'veilgate')) veilgateModule = (await findVeilgateLoader(from)).module;

const results = new Map<InjectionSystem, Latency[]>();
for (const system of systems) {
  const perSize: Latency[] = [];
  for (const set of promptSets) perSize.push(await measure(system, set));
  results.set(system, perSize);
}

const cold = new Map<InjectionSystem, ColdStart[] | string>();
for (const system of systems) {
  const spec = coldStartSpec(system, veilgateModule);
  if (spec === undefined) {
    cold.set(system, 'no cold-start recipe');
    continue;
  }
  try {
    cold.set(system, coldStart(spec, system.group === 'veilgate' && from === 'src'));
  } catch (e) {
    cold.set(system, (e as Error).message.split('\n')[0] ?? 'failed');
  }
}

// ---------------------------------------------------------------------------------------------- report

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const us = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const bytesCell = (n: number): string => `${n.toLocaleString('en-US')} B (${(n / MB).toFixed(2)} MB)`;

console.log('# Prompt-injection detection speed');
console.log();
console.log(`- command: \`npx tsx bench/injection-speed.ts${args.length ? ` ${args.join(' ')}` : ''}\``);
console.log(
  `- date: ${new Date().toISOString()}; node ${process.version}; ${os.platform()} ${os.arch()}; ${cpu} (${os.cpus().length} logical CPUs, one used)`,
);
console.log(`- Veilgate from ${from} (${why})`);
for (const s of systems) console.log(`- ${s.name} ${s.version}: ${s.config}`);
for (const f of setupFailures) console.log(`- system failed to start: ${f}`);
console.log(
  `- prompts: ${texts.length} held-out texts concatenated and cut at a word boundary; ${PROMPTS_PER_SIZE} distinct prompts per size, round-robin; role user`,
);
console.log(
  `- timing: ${WARMUP_SECONDS} s warm-up, then ≥ ${MIN_CALLS.toLocaleString('en-US')} calls and ≥ ${seconds} s (stopping at ${MAX_CALLS.toLocaleString('en-US')} calls) per system and size, each call timed alone (promises awaited); µs per call; MB/s = UTF-8 bytes / summed call time`,
);

if (systems.length === 0) {
  console.log();
  console.log('No system started: nothing to time.');
  process.exit(0);
}

for (const [i, set] of promptSets.entries()) {
  console.log();
  console.log(
    `## Prompts of at most ${set.size.toLocaleString('en-US')} characters (mean ${set.meanBytes.toFixed(0)} bytes)`,
  );
  console.log();
  console.log('| system | calls | p50 µs | p90 µs | p99 µs | max µs | MB/s | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of systems) {
    const l = results.get(s)?.[i];
    if (l === undefined) continue;
    console.log(
      `| ${s.name} | ${l.calls.toLocaleString('en-US')} | ${us(l.p50)} | ${us(l.p90)} | ${us(l.p99)} | ${us(l.max)} | ${l.mbPerSecond.toFixed(2)} | ${l.errors} |`,
    );
  }
}

console.log();
console.log(`## Model files and cold start (median of ${COLD_RUNS} fresh processes, ms)`);
console.log();
const veilgateModels = folderBytes(path.join(ROOT, 'models', 'injection'));
const guardrailModels = folderBytes(path.join(ROOT, 'node_modules', 'llm_guardrail', 'model'), (n) =>
  n.endsWith('.json'),
);
console.log(
  `- Veilgate model files: ${veilgateModels === undefined ? 'missing (models/injection/ does not exist)' : `models/injection/ ${veilgateModels.files.join(', ')}: ${bytesCell(veilgateModels.bytes)}`}`,
);
console.log(
  `- llm_guardrail model files: ${guardrailModels === undefined ? 'missing' : `${guardrailModels.files.join(', ')}: ${bytesCell(guardrailModels.bytes)}`}`,
);
console.log('- vard: no model files (regular expressions in its code)');
if (from === 'src' && systems.some((s) => s.group === 'veilgate'))
  console.log(
    '- Veilgate import runs through tsx (`node --import tsx`): it includes TypeScript transpilation unless tsx has it cached',
  );
console.log();
console.log('| system | import | build / load model | first call | total |');
console.log('|---|---:|---:|---:|---:|');
for (const s of systems) {
  const c = cold.get(s);
  if (c === undefined) continue;
  if (typeof c === 'string') {
    console.log(`| ${s.name} | ${c} | | | |`);
    continue;
  }
  const f = (x: number): string => x.toFixed(1);
  console.log(
    `| ${s.name} | ${f(median(c.map((x) => x.importMs)))} | ${f(median(c.map((x) => x.loadMs)))} | ${f(median(c.map((x) => x.firstCallMs)))} | ${f(median(c.map((x) => x.importMs + x.loadMs + x.firstCallMs)))} |`,
  );
}
