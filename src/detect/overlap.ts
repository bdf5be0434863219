/**
 * Deterministic overlap resolution: the higher score wins, then the longer span, then the earlier start,
 * then the entity and detector names, so the same input always yields the same findings in the same order.
 */
export interface Span {
  readonly entity: string;
  readonly detector: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

export function compareCandidates(a: Span, b: Span): number {
  return (
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start ||
    (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0) ||
    (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0)
  );
}

/** Keep the best non-overlapping spans, returned sorted by start. */
export function resolveOverlaps<T extends Span>(candidates: readonly T[]): T[] {
  if (candidates.length <= 1) return candidates.slice();
  const ranked = candidates.slice().sort(compareCandidates);
  const kept: T[] = []; // sorted by start, pairwise disjoint
  for (const c of ranked) {
    // First kept span whose start is >= c.start; only it and its predecessor can overlap c.
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((kept[mid] as T).start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const next = kept[lo];
    const prev = kept[lo - 1];
    if (next !== undefined && next.start < c.end) continue;
    if (prev !== undefined && prev.end > c.start) continue;
    kept.splice(lo, 0, c);
  }
  return kept;
}
