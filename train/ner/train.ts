/**
 * Train the shipped entity tagger: `npm run train:ner` (deterministic: fixed seeds, sorted inputs).
 *
 * Data: WNUT-17 train, the train half of the Presidio templates (split by template, see datasets.ts),
 * and sentences generated from our own templates (templates.ts); WNUT and Presidio sentences are also
 * added in lowercase and upper case so that the tagger works without capitalisation.
 * Output: models/ner/ner.bin, or the file after `--out` (see src/detect/ner/model.ts for the format), and a
 * one-line summary per epoch on stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Lexicon } from '../../src/detect/ner/lexicon.js';
import { encodeNerModel } from '../../src/detect/ner/model.js';
import { buildLexicon } from './build-lexicon.js';
import { loadPresidio, loadWnut } from './datasets.js';
import { type Example, PerceptronTrainer, toExamples } from './perceptron.js';
import { prng } from '../random.js';
import { generateTemplateSentences } from './templates.js';
import type { LabeledText } from './types.js';

export const NER_MODEL_VERSION = '1.0.0';
const HASH_BITS = 20;
const EPOCHS = 8;
const SEED = 20261123;
const TEMPLATE_SENTENCES = 60_000;
/** Where the model is written: models/ner/ner.bin, or the path after `--out` (the reproducibility test). */
const OUT = ((): string => {
  const i = process.argv.indexOf('--out');
  const out = i >= 0 ? process.argv[i + 1] : undefined;
  return out ?? fileURLToPath(new URL('../../models/ner/ner.bin', import.meta.url));
})();

/** The same text in another case, when that keeps every offset. */
function recase<T extends LabeledText>(item: T, to: 'lower' | 'upper', tag: string): T | null {
  const text = to === 'lower' ? item.text.toLowerCase() : item.text.toUpperCase();
  if (text.length !== item.text.length) return null;
  return { ...item, text, source: `${item.source}:${tag}` };
}

function withCaseVariants<T extends LabeledText>(items: readonly T[], rand: () => number): T[] {
  const out: T[] = [];
  for (const item of items) {
    out.push(item);
    const r = rand();
    const variant =
      r < 0.2 ? recase(item, 'lower', 'lower') : r < 0.3 ? recase(item, 'upper', 'upper') : null;
    if (variant !== null) out.push(variant);
  }
  return out;
}

function main(): void {
  const t0 = performance.now();
  const rand = prng(SEED);
  const { entries, sources } = buildLexicon();
  const lexicon = Lexicon.build(entries);
  console.log(`lexicon: ${entries.size} keys (${JSON.stringify(sources)}), ${lexicon.keys.length} slots`);

  const wnut = loadWnut('train');
  const presidio = (
    ['presidio-generated-large', 'presidio-generated-small', 'presidio-synth-v2'] as const
  ).flatMap((f) => loadPresidio(f, 'train'));
  const templates = generateTemplateSentences({ seed: SEED, count: TEMPLATE_SENTENCES });
  const calibration = generateTemplateSentences({ seed: SEED + 1, count: 3_000 });
  // Real sentences are few beside the generated ones: each is seen twice (with independent case variants).
  const real = [...wnut, ...presidio];
  const texts = [
    ...withCaseVariants(real, rand),
    ...withCaseVariants(real, rand),
    ...withCaseVariants(real, rand),
    ...templates,
  ];
  console.log(
    `data: wnut17-train ${wnut.length}, presidio train templates ${presidio.length}, generated ${templates.length}; ` +
      `${texts.length} texts with case variants`,
  );

  const mask = (1 << HASH_BITS) - 1;
  const examples: Example[] = texts.flatMap((t) => toExamples(t, lexicon, mask));
  const calib: Example[] = calibration.flatMap((t) => toExamples(t, lexicon, mask));
  const tokens = examples.reduce((n, e) => n + e.features.n, 0);
  console.log(
    `features: ${examples.length} sentences, ${tokens} tokens (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const trainer = new PerceptronTrainer(HASH_BITS);
  const order = Uint32Array.from(examples.keys());
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    // Fisher-Yates with the seeded PRNG: the same order on every run.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    const errors = trainer.epoch(examples, order);
    console.log(
      `epoch ${epoch}: ${errors} token errors (${((100 * errors) / tokens).toFixed(2)}%), ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  const averaged = trainer.averaged();

  // Temperature: the value (on a grid) with the lowest log loss on held-apart generated sentences.
  let temperature = 1;
  let bestLoss = Infinity;
  for (const t of [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32]) {
    const loss = trainer.logLoss(calib, averaged, t);
    if (loss < bestLoss) {
      bestLoss = loss;
      temperature = t;
    }
  }
  console.log(`temperature ${temperature} (calibration log loss ${bestLoss.toFixed(4)})`);

  let maxAbs = 0;
  for (const w of averaged) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = 32767 / maxAbs;
  const quantized = new Int16Array(averaged.length);
  let nonZero = 0;
  for (let j = 0; j < averaged.length; j++) {
    const q = Math.round((averaged[j] as number) * scale);
    quantized[j] = q;
    if (q !== 0) nonZero++;
  }
  const file = gzipSync(
    encodeNerModel(
      { format: 1, version: NER_MODEL_VERSION, hashBits: HASH_BITS, scale, temperature },
      lexicon,
      quantized,
    ),
    { level: 9 },
  );
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, file);
  console.log(
    `wrote ${OUT}: ${(file.length / 1e6).toFixed(2)} MB, ${nonZero} non-zero weights, ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s in all`,
  );
}

main();
