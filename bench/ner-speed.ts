/**
 * Entity tagger cost: model file size, load time, single-threaded throughput and 1 KiB latency, for
 * Veilgate's names/places/organisations recognizers (scan with entities PERSON, LOCATION, ORGANIZATION)
 * and npm `compromise` (`.people()`, `.places()`, `.organizations()`) on the same text, in the same process.
 *
 *   npm run build && npx tsx bench/ner-speed.ts [--mb 4] [--budget 20]   (or: npm run bench:ner-speed)
 *
 * Veilgate is timed as it ships: the built library in dist/ (the TypeScript sources run through tsx are
 * about 20% slower, from the transpiler's module wrappers).
 * Load: `loadShippedModel('ner')` (read, gunzip, decode) timed 5 times in this process; the first call is
 * the cold one a CLI or gateway start pays. Throughput: proseCorpus() (see corpus.ts) repeated to --mb
 * megabytes, scanned in pieces of at most 64 KiB cut at line breaks; best of 3 passes after a warm-up
 * (compromise: one pass, stopped after --budget seconds). Latency: 1,000 distinct 1 KiB windows, each
 * scanned once to warm up, then timed one by one.
 */
import { statSync } from 'node:fs';
import os from 'node:os';
import nlp from 'compromise';
import type * as Library from '../src/index.js';
import { proseCorpus, repeatToSize } from './corpus.js';
import { positiveOption } from './args.js';

// The built library, typed by its sources (a clean checkout has no dist/ until `npm run build`).
const DIST = new URL('../dist/index.js', import.meta.url).href;
const { createScanner, loadShippedModel } = (await import(DIST)) as typeof Library;

const MB = 1e6;
const sizeMb = positiveOption('--mb', 4);
const budgetMs = positiveOption('--budget', 20) * 1000;
const ENTITIES = ['PERSON', 'LOCATION', 'ORGANIZATION'];

// Load time.
const loads: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  loadShippedModel('ner');
  loads.push(performance.now() - t);
}
const modelFile = new URL('../models/ner/ner.bin', import.meta.url);
const modelBytes = statSync(modelFile).size;

const prose = proseCorpus();
const text = repeatToSize(prose, sizeMb * MB);
const pieces: string[] = [];
for (let pos = 0; pos < text.length;) {
  let end = Math.min(text.length, pos + 64 * 1024);
  if (end < text.length) {
    const nl = text.lastIndexOf('\n', end);
    if (nl > pos) end = nl + 1;
  }
  pieces.push(text.slice(pos, end));
  pos = end;
}
const bytes = Buffer.byteLength(text);

const scanner = createScanner();
const veilgate = (s: string): number => scanner.scan(s, { entities: ENTITIES }).length;
const compromise = (s: string): number => {
  const doc = nlp(s);
  return doc.people().length + doc.places().length + doc.organizations().length;
};

function throughput(fn: (s: string) => number, passes: number, budget: number): { mbps: number; mb: number } {
  let best = 0;
  let processed = 0;
  for (let p = 0; p < passes; p++) {
    const t = performance.now();
    let done = 0;
    for (const piece of pieces) {
      fn(piece);
      done += Buffer.byteLength(piece);
      if (performance.now() - t > budget) break;
    }
    const mbps = done / MB / ((performance.now() - t) / 1000);
    if (mbps > best) {
      best = mbps;
      processed = done / MB;
    }
  }
  return { mbps: best, mb: processed };
}

function latency(fn: (s: string) => number, budget: number): { p50: number; p99: number; n: number } {
  const windows: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const at = (i * 7919) % Math.max(1, prose.length - 1024);
    windows.push(prose.slice(at, at + 1024));
  }
  for (const w of windows) fn(w);
  const times: number[] = [];
  const t0 = performance.now();
  for (const w of windows) {
    const t = performance.now();
    fn(w);
    times.push(performance.now() - t);
    if (performance.now() - t0 > budget) break;
  }
  times.sort((a, b) => a - b);
  const q = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
  return { p50: q(0.5), p99: q(0.99), n: times.length };
}

veilgate(pieces[0] as string);
const ours = throughput(veilgate, 3, Infinity);
const oursLat = latency(veilgate, Infinity);
compromise(pieces[0] as string);
const theirs = throughput(compromise, 1, budgetMs);
const theirsLat = latency(compromise, budgetMs);

const f = (x: number, d = 2): string => x.toFixed(d);
console.log(
  `# Entity tagger speed (${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version})`,
);
console.log();
console.log(`corpus: proseCorpus() repeated to ${f(bytes / MB, 1)} MB, ${pieces.length} pieces ≤ 64 KiB`);
console.log(
  `model: models/ner/ner.bin ${f(modelBytes / MB)} MB; load ${f(loads[0] as number, 0)} ms cold, ${f([...loads].sort((a, b) => a - b)[2] as number, 0)} ms median of 5`,
);
console.log();
console.log('| system | MB/s | MB measured | 1 KiB p50 ms | 1 KiB p99 ms | windows |');
console.log('|---|---:|---:|---:|---:|---:|');
console.log(
  `| Veilgate (PERSON, LOCATION, ORGANIZATION) | ${f(ours.mbps)} | ${f(ours.mb, 1)} | ${f(oursLat.p50, 3)} | ${f(oursLat.p99, 3)} | ${oursLat.n} |`,
);
console.log(
  `| compromise ${(nlp as unknown as { version: string }).version} | ${f(theirs.mbps)} | ${f(theirs.mb, 1)} | ${f(theirsLat.p50, 3)} | ${f(theirsLat.p99, 3)} | ${theirsLat.n} |`,
);
