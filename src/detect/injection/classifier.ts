/**
 * The shipped injection and jailbreak classifier: three logistic-regression heads over the hashed n-grams of
 * `features.ts`, scored on every window of up to WINDOW consecutive segments and on the whole text; the
 * highest window wins. Windows matter for indirect injection: one planted sentence in a long e-mail or table
 * is diluted in the whole document's features but stands out in its own window.
 *
 * File format (`models/injection/injection.bin`, gzip of):
 *   magic "VGIJ" (4 bytes), u32 LE header length, UTF-8 JSON header {version, bits, window, heads:[{name,
 *   bias, scale, threshold}]}, then for each head 2^bits signed int8 weights (weight = int8 × scale).
 * int8 weights keep the file small and load fast; quantisation moves scores by less than 0.01.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { VeilgateError } from '../../errors.js';
import { FEATURE_BITS, segmentFeatures, segmentText, type Segment } from './features.js';

/**
 * `injection` scores a user's own message; `indirect` scores documents and tool results, where an
 * ordinary instruction or question ("What is the capital of Brazil?") planted in an e-mail is already an
 * attack on the task, while the same sentence typed by the user is benign; `jailbreak` scores persona and
 * rule-bypass attempts.
 */
export type HeadName = 'injection' | 'indirect' | 'jailbreak';
export const HEAD_NAMES: readonly HeadName[] = ['injection', 'indirect', 'jailbreak'];

/** A head as stored: int8 weights and their scale (weight = q × scale). */
export interface QuantizedHead {
  readonly name: HeadName;
  readonly bias: number;
  readonly threshold: number;
  readonly scale: number;
  readonly q: Int8Array;
}

export interface HeadWeights {
  readonly name: HeadName;
  readonly bias: number;
  readonly weights: Float32Array;
  /** Default flag threshold, picked in training for a low false-positive rate (see the model card). */
  readonly threshold: number;
}

/** Windows are this many consecutive segments (sentences or lines). */
export const WINDOW = 3;

export interface WindowScore {
  /** Probability 0..1. */
  readonly score: number;
  /** The window's span in the scored text. */
  readonly start: number;
  readonly end: number;
}

export type ClassifierScores = Readonly<Record<HeadName, WindowScore>>;

const MAGIC = 'VGIJ';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export class InjectionClassifier {
  readonly #heads: readonly QuantizedHead[];
  /**
   * The three heads' int8 weights interleaved (feature id × 3 + head), with one scale per head: scoring
   * reads one cache line per feature instead of three far-apart ones, from a 1.5 MB table instead of 6 MB
   * of floats. The values are the file's.
   */
  readonly #interleaved: Int8Array;
  readonly #scales: readonly [number, number, number];
  readonly #features: number[] = [];
  readonly thresholds: Readonly<Record<HeadName, number>>;

  /** `heads` in HEAD_NAMES order: float weights (training) or as stored (a model file). */
  constructor(
    readonly version: string,
    heads: readonly (HeadWeights | QuantizedHead)[],
  ) {
    const size = 1 << FEATURE_BITS;
    if (heads.length !== HEAD_NAMES.length || heads.some((h, i) => h.name !== HEAD_NAMES[i])) {
      throw new VeilgateError('VG_MODEL_INVALID', `injection model heads must be ${HEAD_NAMES.join(', ')}`);
    }
    const quantized = heads.map((h) => ('q' in h ? h : quantize(h)));
    if (quantized.some((h) => h.q.length !== size)) {
      throw new VeilgateError('VG_MODEL_INVALID', `injection model weights must have ${size} entries`);
    }
    this.#heads = quantized;
    this.#interleaved = new Int8Array(size * 3);
    quantized.forEach((h, k) => {
      const q = h.q;
      for (let i = 0; i < size; i++) this.#interleaved[i * 3 + k] = q[i] as number;
    });
    const [a, b, c] = quantized as [QuantizedHead, QuantizedHead, QuantizedHead];
    this.#scales = [a.scale, b.scale, c.scale];
    this.thresholds = Object.freeze({
      injection: a.threshold,
      indirect: b.threshold,
      jailbreak: c.threshold,
    });
  }

  /** Score `text` (already folded by `deobfuscate`): the best window per head. */
  score(text: string): ClassifierScores {
    const segments = segmentText(text);
    const [hi, hd, hj] = this.#heads as [QuantizedHead, QuantizedHead, QuantizedHead];
    if (segments.length === 0) {
      const none = (h: QuantizedHead): WindowScore => ({ score: sigmoid(h.bias), start: 0, end: 0 });
      return { injection: none(hi), indirect: none(hd), jailbreak: none(hj) };
    }
    const n = segments.length;
    const sumI = new Float64Array(n);
    const sumD = new Float64Array(n);
    const sumJ = new Float64Array(n);
    const count = new Int32Array(n);
    const w = this.#interleaved;
    const feats = this.#features;
    for (let s = 0; s < n; s++) {
      feats.length = 0;
      const seg = segments[s] as Segment;
      const k = segmentFeatures(text, seg.start, seg.end, feats);
      let a = 0;
      let b = 0;
      let c = 0;
      for (let f = 0; f < k; f++) {
        const base = (feats[f] as number) * 3;
        a += w[base] as number;
        b += w[base + 1] as number;
        c += w[base + 2] as number;
      }
      sumI[s] = a * this.#scales[0];
      sumD[s] = b * this.#scales[1];
      sumJ[s] = c * this.#scales[2];
      count[s] = k;
    }
    return {
      injection: bestWindow(segments, sumI, count, hi.bias),
      indirect: bestWindow(segments, sumD, count, hd.bias),
      jailbreak: bestWindow(segments, sumJ, count, hj.bias),
    };
  }

  toBytes(): Uint8Array {
    const heads = this.#heads.map((h) => ({
      meta: { name: h.name, bias: h.bias, scale: h.scale, threshold: h.threshold },
      q: h.q,
    }));
    const header = Buffer.from(
      JSON.stringify({
        version: this.version,
        bits: FEATURE_BITS,
        window: WINDOW,
        heads: heads.map((h) => h.meta),
      }),
      'utf8',
    );
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    const body = Buffer.concat([
      Buffer.from(MAGIC, 'ascii'),
      len,
      header,
      ...heads.map((h) => Buffer.from(h.q.buffer, h.q.byteOffset, h.q.byteLength)),
    ]);
    return gzipSync(body, { level: 9 });
  }

  static fromBytes(bytes: Uint8Array): InjectionClassifier {
    const invalid = (why: string): VeilgateError =>
      new VeilgateError('VG_MODEL_INVALID', `the injection model file is invalid: ${why}`);
    let raw: Buffer;
    try {
      raw = gunzipSync(bytes);
    } catch {
      throw invalid('not gzip');
    }
    if (raw.length < 8 || raw.toString('ascii', 0, 4) !== MAGIC) throw invalid('bad magic');
    const headerLength = raw.readUInt32LE(4);
    let header: {
      version: string;
      bits: number;
      window: number;
      heads: { name: HeadName; bias: number; scale: number; threshold: number }[];
    };
    try {
      header = JSON.parse(raw.toString('utf8', 8, 8 + headerLength)) as typeof header;
    } catch {
      throw invalid('bad header');
    }
    if (header.bits !== FEATURE_BITS || header.window !== WINDOW) {
      throw invalid(
        `built for ${header.bits} feature bits and window ${header.window}, this code uses ${FEATURE_BITS}/${WINDOW}`,
      );
    }
    const size = 1 << FEATURE_BITS;
    if (raw.length !== 8 + headerLength + size * header.heads.length) throw invalid('truncated');
    const heads = header.heads.map((h, i) => {
      const q = new Int8Array(raw.buffer, raw.byteOffset + 8 + headerLength + i * size, size);
      return { name: h.name, bias: h.bias, threshold: h.threshold, scale: h.scale, q: q.slice() };
    });
    const ordered = HEAD_NAMES.map((name) => {
      const h = heads.find((x) => x.name === name);
      if (h === undefined) throw invalid(`no ${name} head`);
      return h;
    });
    return new InjectionClassifier(header.version, ordered);
  }
}

/** int8 weights with the scale that maps the head's largest weight to ±127. */
function quantize(h: HeadWeights): QuantizedHead {
  let max = 0;
  for (const w of h.weights) max = Math.max(max, Math.abs(w));
  const scale = max === 0 ? 1 : max / 127;
  const q = new Int8Array(h.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round((h.weights[i] as number) / scale);
  return { name: h.name, bias: h.bias, threshold: h.threshold, scale, q };
}

/** The best-scoring window of up to WINDOW consecutive segments, or the whole text. */
function bestWindow(
  segments: readonly Segment[],
  sums: Float64Array,
  counts: Int32Array,
  bias: number,
): WindowScore {
  const n = segments.length;
  let best = -Infinity;
  let bestStart = 0;
  let bestEnd = 0;
  let total = 0;
  let totalCount = 0;
  for (let s = 0; s < n; s++) {
    total += sums[s] as number;
    totalCount += counts[s] as number;
    let sum = 0;
    let cnt = 0;
    for (let w = 0; w < WINDOW && s + w < n; w++) {
      sum += sums[s + w] as number;
      cnt += counts[s + w] as number;
      if (cnt === 0) continue;
      const z = sum / Math.sqrt(cnt);
      if (z > best) {
        best = z;
        bestStart = (segments[s] as Segment).start;
        bestEnd = (segments[s + w] as Segment).end;
      }
    }
  }
  if (n > WINDOW && totalCount > 0) {
    const z = total / Math.sqrt(totalCount);
    if (z > best) {
      best = z;
      bestStart = (segments[0] as Segment).start;
      bestEnd = (segments[n - 1] as Segment).end;
    }
  }
  return { score: sigmoid(bias + (best === -Infinity ? 0 : best)), start: bestStart, end: bestEnd };
}
