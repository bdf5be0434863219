/**
 * Averaged perceptron training for the greedy BIO tagger (Collins 2002; the averaging trick of Daumé's
 * thesis: keep the weights and a time-weighted sum of updates, average = w − sum / t). Decoding during
 * training uses the tagger's own previous tags, as at run time, so it learns to recover from its mistakes.
 */
import {
  allowedAfter,
  dynamicFeatures,
  DYNAMIC_FEATURES,
  NUM_TAGS,
  ROW,
  scoreToken,
  sentenceFeatures,
  STATIC_FEATURES,
  type SentenceFeatures,
  TAGS,
} from '../../src/detect/ner/features.js';
import type { Lexicon } from '../../src/detect/ner/lexicon.js';
import { tokenize } from '../../src/detect/ner/tokenize.js';
import type { LabeledText } from './types.js';

export interface Example {
  readonly features: SentenceFeatures;
  readonly gold: Uint8Array;
}

const TAG_INDEX = new Map<string, number>(TAGS.map((t, i) => [t, i]));

/** Gold tag of a token whose tag is unknown (inside an address, a title, a product name): no update. */
export const UNKNOWN = 255;

/**
 * Sentences (lines) of a labelled text with a gold tag per token: a token overlapping a span takes its
 * type; one overlapping an `ignored` region is UNKNOWN, so the city inside an address or a title is not
 * taught as "not an entity".
 */
export function toExamples(
  item: LabeledText & { readonly ignored?: readonly { start: number; end: number }[] },
  lexicon: Lexicon,
  mask: number,
): Example[] {
  const tokens = tokenize(item.text);
  const tags = new Uint8Array(tokens.count);
  for (const ig of item.ignored ?? []) {
    for (let t = 0; t < tokens.count; t++) {
      if ((tokens.starts[t] as number) < ig.end && (tokens.ends[t] as number) > ig.start) tags[t] = UNKNOWN;
    }
  }
  let si = 0;
  for (let t = 0; t < tokens.count; t++) {
    const s = tokens.starts[t] as number;
    const e = tokens.ends[t] as number;
    while (si < item.spans.length && (item.spans[si] as { end: number }).end <= s) si++;
    const span = item.spans[si];
    if (span !== undefined && span.start < e && span.end > s) {
      const inside = t > 0 && (tokens.ends[t - 1] as number) > span.start;
      tags[t] = TAG_INDEX.get(`${inside ? 'I' : 'B'}-${span.entity}`) as number;
    }
  }
  // A comma ends a person's name: "Eklund, Michael and Hodge" are three people, and a list of names is
  // far more common than "Last, First" (which is then found as two names, both protected).
  const B_PERSON = TAG_INDEX.get('B-PERSON') as number;
  for (let t = 0; t < tokens.count; t++) {
    if (
      (tags[t] === B_PERSON || tags[t] === B_PERSON + 1) &&
      item.text.charCodeAt(tokens.starts[t] as number) === 0x2c
    ) {
      tags[t] = 0;
      if (tags[t + 1] === B_PERSON + 1) tags[t + 1] = B_PERSON;
    }
  }
  const out: Example[] = [];
  for (let k = 0; k + 1 < tokens.sentences.length; k++) {
    const from = tokens.sentences[k] as number;
    const to = tokens.sentences[k + 1] as number;
    if (to <= from) continue;
    const gold = tags.slice(from, to);
    // A sentence that starts inside an entity (a name broken by a newline) starts it afresh.
    if (gold[0] !== undefined && gold[0] !== 0 && gold[0] !== UNKNOWN && gold[0] % 2 === 0)
      gold[0] = gold[0] - 1;
    out.push({ features: sentenceFeatures(item.text, tokens, from, to, lexicon, mask), gold });
  }
  return out;
}

export class PerceptronTrainer {
  readonly weights: Float32Array;
  private readonly sums: Float64Array;
  private time = 1;
  private readonly mask: number;
  private readonly scores = new Float64Array(NUM_TAGS);
  private readonly dyn = new Int32Array(DYNAMIC_FEATURES);

  constructor(hashBits: number) {
    this.mask = (1 << hashBits) - 1;
    this.weights = new Float32Array((1 << hashBits) * ROW);
    this.sums = new Float64Array((1 << hashBits) * ROW);
  }

  private score(sf: SentenceFeatures, i: number, prev: number, prev2: number, w: Float32Array): void {
    dynamicFeatures(sf, i, prev, prev2, this.mask, this.dyn);
    scoreToken(sf, i, this.dyn, w, this.scores);
  }

  private best(prev: number): number {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < NUM_TAGS; c++) {
      if (allowedAfter(prev, c) && (this.scores[c] as number) > bestScore) {
        best = c;
        bestScore = this.scores[c] as number;
      }
    }
    return best;
  }

  private update(sf: SentenceFeatures, i: number, gold: number, guess: number): void {
    const w = this.weights;
    const sums = this.sums;
    const t = this.time;
    const bump = (r: number): void => {
      w[r + gold] = (w[r + gold] as number) + 1;
      sums[r + gold] = (sums[r + gold] as number) + t;
      w[r + guess] = (w[r + guess] as number) - 1;
      sums[r + guess] = (sums[r + guess] as number) - t;
    };
    const base = i * STATIC_FEATURES;
    for (let k = 0; k < STATIC_FEATURES; k++) bump((sf.rows[base + k] as number) * ROW);
    // this.dyn still holds the dynamic rows of the last scoring of token i.
    for (let k = 0; k < DYNAMIC_FEATURES; k++) bump((this.dyn[k] as number) * ROW);
  }

  /** One pass over the examples in the given order; returns the number of token errors. */
  epoch(examples: readonly Example[], order: Uint32Array): number {
    let errors = 0;
    for (const idx of order) {
      const ex = examples[idx] as Example;
      const sf = ex.features;
      let prev = 0;
      let prev2 = 0;
      for (let i = 0; i < sf.n; i++) {
        this.score(sf, i, prev, prev2, this.weights);
        const guess = this.best(prev);
        const gold = ex.gold[i] as number;
        if (guess !== gold && gold !== UNKNOWN) {
          this.update(sf, i, gold, guess);
          errors++;
        }
        this.time++;
        prev2 = prev;
        prev = guess;
      }
    }
    return errors;
  }

  /** The averaged weights. */
  averaged(): Float32Array {
    const out = new Float32Array(this.weights.length);
    const t = this.time;
    for (let j = 0; j < out.length; j++) out[j] = (this.weights[j] as number) - (this.sums[j] as number) / t;
    return out;
  }

  /**
   * Mean negative log-likelihood of the gold tags under softmax(score / temperature), decoding greedily
   * with weights `w`: used to pick the temperature that turns scores into probabilities.
   */
  logLoss(examples: readonly Example[], w: Float32Array, temperature: number): number {
    let loss = 0;
    let n = 0;
    for (const ex of examples) {
      const sf = ex.features;
      let prev = 0;
      let prev2 = 0;
      for (let i = 0; i < sf.n; i++) {
        this.score(sf, i, prev, prev2, w);
        const guess = this.best(prev);
        const top = this.scores[guess] as number;
        let z = 0;
        for (let c = 0; c < NUM_TAGS; c++) {
          if (allowedAfter(prev, c)) z += Math.exp(((this.scores[c] as number) - top) / temperature);
        }
        const gold = ex.gold[i] as number;
        if (gold === UNKNOWN) {
          prev2 = prev;
          prev = guess;
          continue;
        }
        const p = allowedAfter(prev, gold)
          ? Math.exp(((this.scores[gold] as number) - top) / temperature) / z
          : 1e-6;
        loss -= Math.log(Math.max(p, 1e-6));
        n++;
        prev2 = prev;
        prev = guess;
      }
    }
    return loss / Math.max(1, n);
  }
}
