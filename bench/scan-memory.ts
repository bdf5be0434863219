/**
 * Peak memory of `veilgate scan` on a 100 MB stdin stream, end to end through the built CLI.
 *
 *   npm run build && npx tsx bench/scan-memory.ts [--mb 100] [--format json|human|jsonl]
 *
 * The input is the English prose corpus (bench/corpus.ts, which includes Presidio's synthetic PII
 * sentences) repeated to the requested size and written to the CLI's stdin in 1 MiB pieces. Peak RSS is
 * the child's own `process.resourceUsage().maxRSS`, reported by a preload script at exit.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { proseCorpus } from './corpus.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string =>
  args.includes(name) ? (args[args.indexOf(name) + 1] ?? def) : def;
const mb = Number(arg('--mb', '100'));
const format = arg('--format', 'json');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
if (!existsSync(cli)) {
  console.error('dist/cli/main.js is missing: run npm run build first');
  process.exit(2);
}

const preload = path.join(mkdtempSync(path.join(tmpdir(), 'vg-mem-')), 'rss.cjs');
writeFileSync(
  preload,
  "process.on('exit', () => require('fs').writeSync(2, `\\nVG_BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n",
);

const unit = Buffer.from(`${proseCorpus()}\n`);
const total = mb * 1024 * 1024;

const child = spawn(process.execPath, ['-r', preload, cli, 'scan', '--format', format], {
  stdio: ['pipe', 'pipe', 'pipe'],
});
let outBytes = 0;
let findings = 0;
let stderr = '';
child.stdout.on('data', (b: Buffer) => {
  outBytes += b.length;
  if (format !== 'human')
    for (let i = b.indexOf('"entity"'); i !== -1; i = b.indexOf('"entity"', i + 1)) findings++;
});
child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));

const t0 = performance.now();
let sent = 0;
const lines = unit.toString('utf8').split('\n');
let lineNo = 0;
async function feed(): Promise<void> {
  while (sent < total) {
    let piece: Buffer;
    if (format === 'jsonl') {
      const parts: string[] = [];
      let size = 0;
      while (size < 1024 * 1024) {
        const text = lines[lineNo++ % lines.length] as string;
        const rec = `${JSON.stringify({ id: lineNo, text })}\n`;
        parts.push(rec);
        size += rec.length;
      }
      piece = Buffer.from(parts.join(''));
    } else {
      const offset = sent % unit.length;
      piece = unit.subarray(offset, Math.min(unit.length, offset + 1024 * 1024));
    }
    sent += piece.length;
    if (!child.stdin.write(piece)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
}
await feed();
const code: number = await new Promise((r) => child.on('close', (c) => r(c ?? -1)));
const seconds = (performance.now() - t0) / 1000;
const rssKb = Number(/VG_BENCH_MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);

console.log(
  `veilgate scan --format ${format} on ${(sent / 1e6).toFixed(1)} MB of stdin (prose corpus repeated), node ${process.version}`,
);
console.log('| metric | value | target |');
console.log('|---|---:|---:|');
console.log(`| peak RSS | ${(rssKb / 1024).toFixed(1)} MB | ≤ 150 MB |`);
console.log(`| wall time | ${seconds.toFixed(1)} s | |`);
console.log(`| end-to-end throughput | ${(sent / 1e6 / seconds).toFixed(1)} MB/s | |`);
console.log(
  `| output | ${(outBytes / 1e6).toFixed(1)} MB${format !== 'human' ? `, ${findings} findings` : ''} | |`,
);
console.log(`| exit code | ${code} | 0 |`);
const errs = stderr.replace(/\nVG_BENCH_MAXRSS_KB=\d+\n/, '').trim();
if (errs) console.log(`stderr: ${errs.split('\n').slice(0, 3).join(' | ')}`);
