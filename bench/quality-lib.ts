/**
 * Span-level scoring shared by the quality benchmarks.
 *
 * - exact: a prediction is a true positive when a gold span has the same start, end and entity.
 * - lenient: a prediction matches an unmatched gold span of the same entity that it overlaps (the one with
 *   the largest overlap); every gold span and every prediction is matched at most once.
 * Gold spans whose label is not evaluated are "ignored": a prediction exactly on one (exact), or overlapping
 * one without matching any gold span (lenient), is neither a true nor a false positive.
 */

export interface Span {
  readonly entity: string;
  readonly start: number;
  readonly end: number;
  /** Free text shown in error listings (e.g. detector and score). */
  readonly note?: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Prf {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface RecordScore {
  readonly exact: Map<string, Counts>;
  readonly lenient: Map<string, Counts>;
  /** Exact-match errors, for debugging listings. */
  readonly falseNegatives: Span[];
  readonly falsePositives: Span[];
}

export const emptyCounts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

export function bump(map: Map<string, Counts>, entity: string, key: keyof Counts, n = 1): void {
  let c = map.get(entity);
  if (c === undefined) map.set(entity, (c = emptyCounts()));
  c[key] += n;
}

export function addInto(target: Map<string, Counts>, source: ReadonlyMap<string, Counts>): void {
  for (const [entity, c] of source) {
    bump(target, entity, 'tp', c.tp);
    bump(target, entity, 'fp', c.fp);
    bump(target, entity, 'fn', c.fn);
  }
}

export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function sumCounts(counts: Iterable<Counts>): Counts {
  const total = emptyCounts();
  for (const c of counts) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return total;
}

const key = (s: { entity: string; start: number; end: number }): string => `${s.entity}:${s.start}:${s.end}`;
const overlap = (a: Span, b: Span): number => Math.min(a.end, b.end) - Math.max(a.start, b.start);

/** Remove duplicate predictions (same entity and span), keeping the first. */
export function dedupe(spans: readonly Span[]): Span[] {
  const seen = new Set<string>();
  return spans.filter((s) => {
    const k = key(s);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Score one record. `gold` holds evaluated spans, `ignored` the spans of labels that are not evaluated,
 * `predicted` the system's spans already restricted to evaluated entity types.
 */
export function scoreRecord(
  gold: readonly Span[],
  ignored: readonly Span[],
  predicted: readonly Span[],
): RecordScore {
  const preds = dedupe(predicted);
  const exact = new Map<string, Counts>();
  const lenient = new Map<string, Counts>();
  const falseNegatives: Span[] = [];
  const falsePositives: Span[] = [];

  // Exact.
  const goldKeys = new Set(gold.map(key));
  const ignoredSpans = new Set(ignored.map((s) => `${s.start}:${s.end}`));
  const predKeys = new Set<string>();
  for (const p of preds) {
    if (goldKeys.has(key(p))) {
      bump(exact, p.entity, 'tp');
      predKeys.add(key(p));
    } else if (!ignoredSpans.has(`${p.start}:${p.end}`)) {
      bump(exact, p.entity, 'fp');
      falsePositives.push(p);
    }
  }
  for (const g of gold) {
    if (!predKeys.has(key(g))) {
      bump(exact, g.entity, 'fn');
      falseNegatives.push(g);
    }
  }

  // Lenient: greedy one-to-one matching, largest overlap first for each prediction in text order.
  const matched = new Set<Span>();
  const ordered = [...preds].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const p of ordered) {
    let best: Span | null = null;
    let bestOverlap = 0;
    for (const g of gold) {
      if (g.entity !== p.entity || matched.has(g)) continue;
      const o = overlap(p, g);
      if (o > bestOverlap) {
        best = g;
        bestOverlap = o;
      }
    }
    if (best !== null) {
      matched.add(best);
      bump(lenient, p.entity, 'tp');
    } else if (!ignored.some((g) => overlap(p, g) > 0)) {
      bump(lenient, p.entity, 'fp');
    }
  }
  for (const g of gold) if (!matched.has(g)) bump(lenient, g.entity, 'fn');

  return { exact, lenient, falseNegatives, falsePositives };
}

/** `…before[value]after…` with `width` characters of context on each side, on one line. */
export function inContext(text: string, start: number, end: number, width = 40): string {
  const flat = (s: string): string => s.replace(/\r?\n/g, '⏎').replace(/\t/g, ' ');
  const a = Math.max(0, start - width);
  const b = Math.min(text.length, end + width);
  return `${a > 0 ? '…' : ''}${flat(text.slice(a, start))}[${flat(text.slice(start, end))}]${flat(text.slice(end, b))}${b < text.length ? '…' : ''}`;
}

export const fmt2 = (x: number): string => x.toFixed(2);
