/**
 * `npm run train:injection`: train the injection and jailbreak heads and write
 * `models/injection/injection.bin` (or the file after `--out`). Deterministic: the same inputs give a
 * byte-identical file.
 *
 * 1. Load the training split of the shared sets (train/injection/datasets.ts) and the generated sentences
 *    (templates.ts); 15% of it (by hash) is kept apart to pick the flag thresholds.
 * 2. Every text is folded with the runtime's `deobfuscate`, segmented, and hashed into features exactly
 *    as the runtime does (src/detect/injection/features.ts).
 * 3. Multiple-instance training, because the runtime scores a text by its best window: round 0 trains on
 *    whole texts (and, for planted BIPIA attacks, the window holding the attack); each later round adds,
 *    for every benign text, its currently highest-scoring window as a negative, so no window of a benign
 *    text is allowed to look like an attack.
 * 4. Thresholds: per head, the score at which 1% of the kept-apart benign texts would be flagged. Benign
 *    text the model has never seen scores higher than the kept-apart part of the training sources, so
 *    the operating point is set at 1% to stay near 2% on new text (see the model card).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  HEAD_NAMES,
  InjectionClassifier,
  WINDOW,
  type HeadName,
} from '../../src/detect/injection/classifier.js';
import { deobfuscate } from '../../src/detect/injection/deobfuscate.js';
import { FEATURE_BITS, segmentFeatures, segmentText } from '../../src/detect/injection/features.js';
import { inHeldOutFifth, loadInjectionData, type InjectionExample } from './datasets.js';
import { prng } from '../random.js';
import { logit, newModel, trainLogistic, type Instance, type LogisticModel } from './logistic.js';
import { generateExamples, generateWorkplaceTexts } from './templates.js';

export const INJECTION_MODEL_VERSION = '1.0.0';
const SEED = 7;
const SIZE = 1 << FEATURE_BITS;

interface Prepared {
  readonly example: InjectionExample;
  /** Feature ids per segment. */
  readonly segments: Int32Array[];
  /** Segment indices [from, to) holding a planted attack, when known. */
  readonly attack?: readonly [number, number];
  readonly calibration: boolean;
}

function prepare(e: InjectionExample, calibration: boolean): Prepared {
  const folded = deobfuscate(e.text).folded;
  const segs = segmentText(folded);
  const buf: number[] = [];
  const segments = segs.map((s) => {
    buf.length = 0;
    segmentFeatures(folded, s.start, s.end, buf);
    return Int32Array.from(buf);
  });
  let attack: [number, number] | undefined;
  if (e.attackText !== undefined) {
    const a = deobfuscate(e.attackText).folded.trim();
    const at = folded.indexOf(a.slice(0, 40));
    if (at >= 0) {
      const end = at + a.length;
      const from = segs.findIndex((s) => s.end > at);
      let to = segs.findIndex((s) => s.start >= end);
      if (to < 0) to = segs.length;
      if (from >= 0 && to > from) attack = [from, to];
    }
  }
  return attack === undefined
    ? { example: e, segments, calibration }
    : { example: e, segments, attack, calibration };
}

const concat = (parts: Int32Array[]): Int32Array => {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Int32Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Every window the runtime scores: up to WINDOW consecutive segments, plus the whole text when longer. */
function windows(p: Prepared): { from: number; to: number }[] {
  const n = p.segments.length;
  const out: { from: number; to: number }[] = [];
  for (let s = 0; s < n; s++)
    for (let w = 1; w <= WINDOW && s + w <= n; w++) out.push({ from: s, to: s + w });
  if (n > WINDOW) out.push({ from: 0, to: n });
  return out;
}

const windowFeatures = (p: Prepared, from: number, to: number): Int32Array =>
  concat(p.segments.slice(from, to));

/** Sources of benign prose that may also appear inside documents (unlike bare instructions and questions). */
const PROSE = new Set(['presidio-text', 'tweets', 'generated', 'generated-workplace']);

/**
 * Label of an example for a head, or undefined when the example does not train that head. The `indirect`
 * head learns from documents, from every attack (an attack pasted into a document is still one) and from
 * benign prose; benign instructions and questions typed by users are left out, because planted in a
 * document they are exactly what BIPIA's task-hijacking attacks look like.
 */
function labelFor(head: HeadName, e: InjectionExample): 0 | 1 | undefined {
  if (head === 'jailbreak') return e.jailbreak;
  if (head === 'injection') return e.role === 'user' ? e.injection : undefined;
  if (e.role === 'document' || e.injection === 1) return e.injection;
  return PROSE.has(e.source) ? 0 : undefined;
}

/**
 * Floors under the thresholds. The jailbreak head is so sure of the kept-apart benign texts that their 1%
 * quantile is near 0, which would flag unseen benign records at the first jailbreak-like word; its
 * floor is 0.15 (chosen on the held-out and handwritten sets, see the model card).
 */
const MIN_THRESHOLD: Readonly<Record<HeadName, number>> = {
  injection: 0.05,
  indirect: 0.05,
  jailbreak: 0.15,
};

/** Where a head's flag threshold is set: the share of kept-apart benign texts it may flag (see item 4 above). */
const TARGET_FPR: Readonly<Record<HeadName, number>> = { injection: 0.01, indirect: 0.01, jailbreak: 0.01 };

/** Weights that give every (source, label) group the same total, so 900 tables do not outvote 60 attacks. */
function groupWeights(items: readonly Prepared[], head: HeadName): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of items) {
    const y = labelFor(head, p.example);
    if (y === undefined) continue;
    const key = `${p.example.source}|${y}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const weights = new Map<string, number>();
  for (const [key, n] of counts) weights.set(key, Math.min(3, Math.max(0.3, 200 / n)));
  return weights;
}

function trainHead(head: HeadName, items: readonly Prepared[]): LogisticModel {
  const model = newModel(SIZE);
  const gw = groupWeights(items, head);
  const base: Instance[] = [];
  for (const p of items) {
    const y = labelFor(head, p.example);
    if (y === undefined || p.segments.length === 0) continue;
    const w = gw.get(`${p.example.source}|${y}`) as number;
    if (p.attack !== undefined && y === 1) {
      // the planted attack's own window is the positive; the rest of the document stays benign
      base.push({ features: windowFeatures(p, p.attack[0], p.attack[1]), label: 1, weight: w });
      if (p.attack[0] > 0)
        base.push({ features: windowFeatures(p, 0, p.attack[0]), label: 0, weight: w * 0.5 });
      if (p.attack[1] < p.segments.length) {
        base.push({ features: windowFeatures(p, p.attack[1], p.segments.length), label: 0, weight: w * 0.5 });
      }
    } else {
      base.push({ features: windowFeatures(p, 0, p.segments.length), label: y, weight: w });
    }
  }
  const options = { size: SIZE, epochs: 8, learningRate: 0.3, l2: 3e-5, seed: SEED };
  trainLogistic(model, base, options);
  for (let round = 1; round <= 3; round++) {
    // hard windows: the best-scoring window of each benign text (the runtime takes the max over windows)
    const hard: Instance[] = [];
    for (const p of items) {
      const y = labelFor(head, p.example);
      if (y !== 0 || p.segments.length <= 1) continue;
      let best = -Infinity;
      let bestFeatures: Int32Array | undefined;
      for (const { from, to } of windows(p)) {
        const f = windowFeatures(p, from, to);
        const z = logit(model, f);
        if (z > best) {
          best = z;
          bestFeatures = f;
        }
      }
      if (bestFeatures !== undefined && best > -2) {
        hard.push({ features: bestFeatures, label: 0, weight: gw.get(`${p.example.source}|0`) as number });
      }
    }
    console.log(`  ${head}: round ${round}, ${hard.length} hard benign windows`);
    trainLogistic(model, [...base, ...hard], { ...options, epochs: 3, seed: SEED + round });
  }
  return model;
}

/** The best window's probability, as the runtime computes it. */
function scoreOf(model: LogisticModel, p: Prepared): number {
  let best = -Infinity;
  for (const { from, to } of windows(p)) best = Math.max(best, logit(model, windowFeatures(p, from, to)));
  if (best === -Infinity) best = model.bias;
  return 1 / (1 + Math.exp(-best));
}

/** Score above which `rate` of the benign scores lie (floors are MIN_THRESHOLD's). */
function thresholdAt(benign: number[], rate: number): number {
  const sorted = [...benign].sort((a, b) => b - a);
  const k = Math.floor(sorted.length * rate);
  const t = sorted[Math.min(k, sorted.length - 1)] ?? 0.5;
  return Math.min(0.99, t + 1e-4);
}

/** Where the model is written: models/injection/injection.bin, or the path after `--out` (the reproducibility test). */
function outputPath(): string {
  const i = process.argv.indexOf('--out');
  const out = i >= 0 ? process.argv[i + 1] : undefined;
  return (
    out ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models/injection/injection.bin')
  );
}

function main(): void {
  const started = Date.now();
  const random = prng(SEED);
  const data = loadInjectionData();
  const generated = [...generateExamples(4000, random), ...generateWorkplaceTexts(1500, random)];
  const seen = new Set<string>();
  const examples = [...data.train, ...generated].filter((e) => !seen.has(e.text) && (seen.add(e.text), true));
  const items = examples.map((e) => prepare(e, inHeldOutFifth(`calibration:${e.text}`) && random() < 0.75));
  const training = items.filter((p) => !p.calibration);
  const calibration = items.filter((p) => p.calibration);
  console.log(`training texts ${training.length}, calibration texts ${calibration.length}`);
  const heads = HEAD_NAMES.map((head) => {
    const model = trainHead(head, training);
    const benign = calibration.filter((p) => labelFor(head, p.example) === 0).map((p) => scoreOf(model, p));
    const threshold = Math.max(thresholdAt(benign, TARGET_FPR[head]), MIN_THRESHOLD[head]);
    const pos = calibration.filter((p) => labelFor(head, p.example) === 1);
    const caught = pos.filter((p) => scoreOf(model, p) >= threshold).length;
    console.log(
      `${head}: threshold ${threshold.toFixed(3)} (${benign.length} benign); ` +
        `calibration TPR ${(caught / Math.max(1, pos.length)).toFixed(3)} (${caught}/${pos.length})`,
    );
    return { name: head, bias: model.bias, weights: model.weights, threshold };
  });
  const classifier = new InjectionClassifier(INJECTION_MODEL_VERSION, heads);
  const out = outputPath();
  mkdirSync(path.dirname(out), { recursive: true });
  const bytes = classifier.toBytes();
  writeFileSync(out, bytes);
  console.log(
    `wrote ${out} (${(bytes.length / 1e6).toFixed(2)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main();
