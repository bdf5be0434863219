/**
 * Protection operator speed, single-threaded: operations per second for hash (HMAC-SHA-256), randomised
 * encryption (AES-256-GCM), deterministic encryption (HMAC-SIV with AES-256-CTR) and their decryption,
 * synthesize (faker, seeded per value), mask and redact, on 16-digit card numbers and 24-character e-mail addresses. Each row: warm-up, then as
 * many operations as fit in --seconds (default 1).
 *
 *   npx tsx bench/protect-ops.ts [--seconds 1]
 *
 * Targets from issue 4: deterministic encryption ≥ 200,000 operations/s (FF1 is in bench/protect-ff1.ts).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { createDeterministicCipher, decryptValue, encryptValue } from '../src/protect/encrypt.js';
import { hashValue } from '../src/protect/hash.js';
import { mask } from '../src/protect/mask.js';
import { redact } from '../src/protect/redact.js';
import { createSynthesizer } from '../src/protect/synthesize.js';
import type { OperatorInput } from '../src/protect/types.js';
import { positiveOption } from './args.js';
import { operationsPerSecond } from './rate.js';

const seconds = positiveOption('--seconds', 1);
const key = randomBytes(32);
const det = createDeterministicCipher(key);
const synth = createSynthesizer({ scopeKey: key });

const cards: OperatorInput[] = Array.from({ length: 1000 }, (_, i) => ({
  entity: 'CREDIT_CARD',
  value: `4111 ${String(1000 + (i % 9000)).padStart(4, '0')} ${String((i * 7919) % 10000).padStart(4, '0')} 1111`,
}));
const emails: OperatorInput[] = Array.from({ length: 1000 }, (_, i) => ({
  entity: 'EMAIL_ADDRESS',
  value: `patient.${String(i).padStart(5, '0')}@example.org`,
}));

const rate = (run: (i: number) => unknown): number => operationsPerSecond(run, seconds);

const rows: [string, string, number, number | null][] = [];
for (const [label, data] of [
  ['card (19 chars)', cards],
  ['e-mail (24 chars)', emails],
] as const) {
  const encTokens = data.map((d) => encryptValue(key, d));
  const detTokens = data.map((d) => det.encrypt(d));
  const at = (i: number): OperatorInput => data[i % data.length] as OperatorInput;
  rows.push(['deterministic encrypt', label, rate((i) => det.encrypt(at(i))), 200_000]);
  rows.push(['deterministic decrypt', label, rate((i) => det.decrypt(detTokens[i % 1000] as string)), null]);
  rows.push(['encrypt (AES-256-GCM)', label, rate((i) => encryptValue(key, at(i))), null]);
  rows.push([
    'decrypt (AES-256-GCM)',
    label,
    rate((i) => decryptValue(key, encTokens[i % 1000] as string)),
    null,
  ]);
  rows.push(['hash (HMAC-SHA-256)', label, rate((i) => hashValue(key, at(i))), null]);
  rows.push(['synthesize (faker)', label, rate((i) => synth.synthesize(at(i))), null]);
  rows.push(['mask', label, rate((i) => mask(at(i))), null]);
  rows.push(['redact', label, rate((i) => redact(at(i))), null]);
}

console.log(
  `# Protection operator speed (${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, one thread)`,
);
console.log();
console.log('| operator | value | operations/s | µs/op | target |');
console.log('|---|---|---:|---:|---|');
for (const [op, label, r, target] of rows) {
  const verdict = target === null ? '' : `≥ ${target.toLocaleString('en-US')} ${r >= target ? '✓' : '✗'}`;
  console.log(
    `| ${op} | ${label} | ${Math.round(r).toLocaleString('en-US')} | ${(1e6 / r).toFixed(2)} | ${verdict} |`,
  );
}
