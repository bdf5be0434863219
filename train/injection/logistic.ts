/**
 * Logistic regression over sparse hashed features, trained with per-feature AdaGrad and L2 decay, fully
 * deterministic (seeded shuffling, no parallelism), so `npm run train:injection` gives the same weights on
 * every machine.
 */
import { prng } from '../random.js';

export interface Instance {
  /** Feature ids, with repeats (a repeated n-gram counts twice). */
  readonly features: Int32Array;
  /** 0 or 1. */
  readonly label: number;
  /** Loss weight (class and source balancing). */
  readonly weight: number;
}

export interface LogisticOptions {
  readonly size: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 strength per instance seen. */
  readonly l2: number;
  readonly seed: number;
}

export interface LogisticModel {
  readonly weights: Float32Array;
  bias: number;
}

export function newModel(size: number): LogisticModel {
  return { weights: new Float32Array(size), bias: 0 };
}

/** The model's logit for an instance, with the 1/sqrt(n) scaling the runtime classifier uses. */
export function logit(model: LogisticModel, features: Int32Array): number {
  if (features.length === 0) return model.bias;
  let s = 0;
  for (const f of features) s += model.weights[f] as number;
  return model.bias + s / Math.sqrt(features.length);
}

/** Continue training `model` on `instances` for `epochs` passes. */
export function trainLogistic(
  model: LogisticModel,
  instances: readonly Instance[],
  o: LogisticOptions,
): void {
  const random = prng(o.seed);
  const g2 = new Float32Array(o.size).fill(1e-6);
  let biasG2 = 1e-6;
  const order = instances.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const idx of order) {
      const x = instances[idx] as Instance;
      const z = logit(model, x.features);
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - x.label) * x.weight;
      const scale = x.features.length === 0 ? 0 : 1 / Math.sqrt(x.features.length);
      for (const f of x.features) {
        const w = model.weights[f] as number;
        const grad = g * scale + o.l2 * w;
        g2[f] = (g2[f] as number) + grad * grad;
        model.weights[f] = w - (o.learningRate * grad) / Math.sqrt(g2[f] as number);
      }
      biasG2 += g * g;
      model.bias -= (o.learningRate * g) / Math.sqrt(biasG2);
    }
  }
}
