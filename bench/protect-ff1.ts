/**
 * FF1 format-preserving encryption speed (NIST SP 800-38G, AES-256, src/protect/ff1.ts), single-threaded:
 * operations per second for encryption and decryption with one reusable cipher (`createFf1`), on 1,000
 * synthetic values of each shape: 16-digit card-like numbers (radix 10), 9-digit SSN-like numbers
 * (radix 10), and 20-character radix-36 strings (a-z0-9), all with an 8-byte tweak. Each row: warm-up, then
 * as many operations as fit in --seconds (default 1).
 *
 *   npx tsx bench/protect-ff1.ts [--seconds 1]
 *
 * Target: FF1 encryption of a 16-digit radix-10 value ≥ 100,000 operations/s on one thread.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { createFf1 } from '../src/protect/ff1.js';
import { positiveOption } from './args.js';
import { operationsPerSecond } from './rate.js';

const seconds = positiveOption('--seconds', 1);
const TARGET = 100_000;
const cipher = createFf1(randomBytes(32));
const tweak = Buffer.from('tenant-1');

/** 1,000 deterministic pseudo-random numeral strings (a 32-bit LCG, so runs compare). */
function values(radix: number, length: number): number[][] {
  let seed = 0x9e3779b9;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed;
  };
  return Array.from({ length: 1000 }, () => Array.from({ length }, () => next() % radix));
}

const rate = (run: (i: number) => unknown): number => operationsPerSecond(run, seconds);

const shapes: [string, number, number][] = [
  ['card-like, 16 digits', 10, 16],
  ['SSN-like, 9 digits', 10, 9],
  ['radix 36, 20 chars (0-9a-z)', 36, 20],
];

const rows: [string, string, number, number | null][] = [];
for (const [label, radix, length] of shapes) {
  const plain = values(radix, length);
  const encrypted = plain.map((x) => cipher.encrypt(tweak, radix, x));
  for (let i = 0; i < plain.length; i++) {
    const back = cipher.decrypt(tweak, radix, encrypted[i] as number[]);
    if (back.join() !== (plain[i] as number[]).join()) throw new Error(`round trip failed for ${label}`);
  }
  const at = (list: number[][], i: number): number[] => list[i % list.length] as number[];
  const target = radix === 10 && length === 16 ? TARGET : null;
  rows.push(['encrypt', label, rate((i) => cipher.encrypt(tweak, radix, at(plain, i))), target]);
  rows.push(['decrypt', label, rate((i) => cipher.decrypt(tweak, radix, at(encrypted, i))), null]);
}

console.log(
  `# FF1 speed (${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, one thread, AES-256)`,
);
console.log();
console.log('| operation | value | operations/s | µs/op | target |');
console.log('|---|---|---:|---:|---|');
for (const [op, label, r, target] of rows) {
  const verdict = target === null ? '' : `≥ ${target.toLocaleString('en-US')} ${r >= target ? '✓' : '✗'}`;
  console.log(
    `| ${op} | ${label} | ${Math.round(r).toLocaleString('en-US')} | ${(1e6 / r).toFixed(2)} | ${verdict} |`,
  );
}
