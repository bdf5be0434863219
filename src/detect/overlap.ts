/**
 * Deterministic overlap resolution: a pattern match beats a statistical model's span (the e-mail address
 * wins over the name inside it, the street address over its city), then the higher score wins, then the
 * longer span, then a span whose checksum passed, then the earlier start, then the entity and detector
 * names, so the same input always yields the same findings in the same order.
 */
export interface Span {
  readonly entity: string;
  readonly detector: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  /** A checksum validated the value (breaks ties against look-alike layouts without one). */
  readonly checksum?: boolean;
  /** Found by a statistical model (names, places) rather than a pattern. */
  readonly statistical?: boolean;
}

export function compareCandidates(a: Span, b: Span): number {
  return (
    Number(a.statistical === true) - Number(b.statistical === true) ||
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    Number(b.checksum === true) - Number(a.checksum === true) ||
    a.start - b.start ||
    (a.entity < b.entity ? -1 : a.entity > b.entity ? 1 : 0) ||
    (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0)
  );
}

/** Greedy selection by rank inside one group of mutually reachable (chained-overlap) spans. */
function resolveCluster<T extends Span>(cluster: T[], out: T[]): void {
  if (cluster.length === 1) {
    out.push(cluster[0] as T);
    return;
  }
  const kept: T[] = [];
  for (const c of cluster.sort(compareCandidates)) {
    if (kept.every((k) => k.end <= c.start || k.start >= c.end)) kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  for (const k of kept) out.push(k);
}

/**
 * Keep the best non-overlapping spans, returned sorted by start. Spans are first grouped into clusters
 * linked by overlaps (a sweep by start), so the greedy ranking only compares spans that can conflict:
 * O(n log n) overall, where n is large on long texts and clusters are small.
 */
export function resolveOverlaps<T extends Span>(candidates: readonly T[]): T[] {
  if (candidates.length <= 1) return candidates.slice();
  const byStart = candidates.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: T[] = [];
  let cluster: T[] = [];
  let clusterEnd = -1;
  for (const c of byStart) {
    if (cluster.length > 0 && c.start >= clusterEnd) {
      resolveCluster(cluster, out);
      cluster = [];
    }
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.end);
  }
  resolveCluster(cluster, out);
  return out;
}
