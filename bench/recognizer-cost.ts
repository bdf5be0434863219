/**
 * Cost of each recognizer on English prose: time to scan the corpus with that recognizer alone, and how
 * many findings it reports there (prose has few identifiers, so a high count hints at false positives).
 *
 *   npx tsx bench/recognizer-cost.ts [--mb 4] [--only id1,id2]
 */
import { BUILTIN_RECOGNIZERS, createScanner } from '../src/index.js';
import { proseCorpus, repeatToSize } from './corpus.js';

const args = process.argv.slice(2);
const mb = Number(args[args.indexOf('--mb') + 1] ?? 4) || 4;
const only = args.includes('--only') ? new Set((args[args.indexOf('--only') + 1] ?? '').split(',')) : null;
const text = repeatToSize(proseCorpus(), mb * 1024 * 1024);
const bytes = Buffer.byteLength(text);

/** Best of three runs, in milliseconds. */
function time(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

// Every scan normalises the text once; measure that with a recognizer that never matches and subtract it.
const idle = createScanner({
  recognizers: [
    Object.freeze({
      id: 'idle',
      entity: 'IDLE',
      version: '0',
      description: 'never matches',
      patterns: [{ name: 'none', regex: /\uFFFF\uFFFE/g, score: 1 }],
    }),
  ],
});
const baseline = time(() => idle.scan(text));

const rows: { id: string; ms: number; mbps: number; findings: number }[] = [];
for (const r of BUILTIN_RECOGNIZERS) {
  if (only && !only.has(r.id)) continue;
  const scanner = createScanner({ recognizers: [r] });
  const findings = scanner.scan(text);
  const ms = Math.max(0.01, time(() => scanner.scan(text)) - baseline);
  rows.push({ id: r.id, ms, mbps: bytes / 1e6 / (ms / 1000), findings: findings.length });
}
rows.sort((a, b) => b.ms - a.ms);
console.log(
  `corpus: ${(bytes / 1e6).toFixed(1)} MB of English prose (bench/corpus.ts), one recognizer at a time`,
);
console.log(
  `shared normalisation per scan: ${baseline.toFixed(1)} ms (subtracted below; marginal cost, best of 3)`,
);
console.log('| recognizer | ms | MB/s | findings |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.id} | ${r.ms.toFixed(1)} | ${r.mbps.toFixed(0)} | ${r.findings} |`);
const total = rows.reduce((s, r) => s + r.ms, 0);
console.log(
  `| total (sum + normalisation) | ${(total + baseline).toFixed(1)} | ${(bytes / 1e6 / ((total + baseline) / 1000)).toFixed(1)} | |`,
);
