/**
 * Nearest-rank percentile: the smallest sample with at least the fraction `q` (0..1] of the samples at or
 * below it. `sorted` must be in ascending order; NaN when it is empty.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
