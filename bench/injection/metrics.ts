/**
 * ROC and threshold arithmetic for the injection benchmarks: pure functions of score arrays, no I/O.
 *
 * Conventions, shared by every function here:
 *   - a threshold `t` flags a score `s` when `s >= t`;
 *   - `pos` are the scores of attacks, `neg` the scores of benign texts; higher means more suspicious;
 *   - an empty input gives NaN (the reports print it as "—" with `formatMetric`), never 0 or 1, so a
 *     missing class cannot pass for a perfect or a useless detector;
 *   - scores are finite numbers (adapters map errors to a score before they get here).
 */

/**
 * Area under the ROC curve: the probability that a random attack scores above a random benign text, ties
 * counted as one half (the Mann-Whitney U statistic divided by |pos|·|neg|). Computed from mid-ranks, so
 * O(n log n) and exact with ties.
 */
export function rocAuc(pos: readonly number[], neg: readonly number[]): number {
  if (pos.length === 0 || neg.length === 0) return NaN;
  const all = [...pos.map((s) => ({ s, p: true })), ...neg.map((s) => ({ s, p: false }))].sort(
    (a, b) => a.s - b.s,
  );
  let rankSumPos = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && (all[j] as { s: number }).s === (all[i] as { s: number }).s) j++;
    // ranks i+1 .. j share the mid-rank
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if ((all[k] as { p: boolean }).p) rankSumPos += midRank;
    i = j;
  }
  const u = rankSumPos - (pos.length * (pos.length + 1)) / 2;
  return u / (pos.length * neg.length);
}

/** Fraction of `scores` flagged at `threshold` (score >= threshold); NaN when there are none. */
export function rateAt(scores: readonly number[], threshold: number): number {
  if (scores.length === 0) return NaN;
  let n = 0;
  for (const s of scores) if (s >= threshold) n++;
  return n / scores.length;
}

/** Fraction of true values; NaN for an empty array (the TPR or FPR of a boolean verdict). */
export function fractionTrue(flags: readonly boolean[]): number {
  if (flags.length === 0) return NaN;
  let n = 0;
  for (const f of flags) if (f) n++;
  return n / flags.length;
}

/** The smallest double strictly greater than `x` (Math.nextUp). */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE; // +0 and -0
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  // IEEE 754: for positive doubles the next one up has the next bit pattern, for negative the previous
  bits[0] = (bits[0] as bigint) + (x > 0 ? 1n : -1n);
  return f[0] as number;
}

/**
 * The lowest threshold whose false-positive rate on `neg` is at most `fpr`: flagging is allowed on at most
 * k = ⌊fpr·|neg|⌋ benign texts, so the threshold sits just above the (k+1)-th highest benign score.
 * Ties are conservative: when benign scores tie at that boundary, all of them stay unflagged, so the
 * achieved FPR may be below `fpr` (report it; see `tprAtFpr`). `fpr >= 1` gives -Infinity (flag all);
 * an empty `neg` gives NaN.
 */
export function thresholdAtFpr(neg: readonly number[], fpr: number): number {
  if (neg.length === 0 || Number.isNaN(fpr)) return NaN;
  // the epsilon absorbs binary fractions: 0.29 * 100 is 28.999999999999996 in doubles
  const allowed = Math.floor(fpr * neg.length + 1e-9);
  if (allowed >= neg.length) return -Infinity;
  const sorted = [...neg].sort((a, b) => b - a);
  return nextUp(sorted[Math.max(0, allowed)] as number);
}

export interface OperatingPoint {
  /** True-positive rate on `pos` at `threshold`. */
  readonly tpr: number;
  /** The false-positive rate actually achieved on `neg` (at most the target). */
  readonly fpr: number;
  /**
   * The threshold used. When a score observed in `pos` or `neg` lies at or above the lowest admissible
   * threshold, the smallest such score is returned instead (same TPR and FPR, and printable).
   */
  readonly threshold: number;
}

/**
 * The largest TPR whose FPR is at most `fpr`, with the threshold that achieves it (picked on `neg` only).
 * NaN everywhere when either array is empty.
 */
export function tprAtFpr(pos: readonly number[], neg: readonly number[], fpr: number): OperatingPoint {
  if (pos.length === 0 || neg.length === 0) return { tpr: NaN, fpr: NaN, threshold: NaN };
  const lowest = thresholdAtFpr(neg, fpr);
  let threshold = lowest;
  if (lowest !== -Infinity) {
    let smallestAbove = Infinity;
    for (const s of [...pos, ...neg]) if (s >= lowest && s < smallestAbove) smallestAbove = s;
    if (smallestAbove !== Infinity) threshold = smallestAbove;
  }
  return { tpr: rateAt(pos, threshold), fpr: rateAt(neg, threshold), threshold };
}

/** A rate or AUC with `digits` decimals, or "—" when it is not defined (NaN). */
export function formatMetric(x: number, digits = 3): string {
  return Number.isNaN(x) ? '—' : x.toFixed(digits);
}
