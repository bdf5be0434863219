/**
 * A regular expression that V8 scans for about as fast as a plain string search. Every match must contain
 * one of the `pivots`, literals whose first character is rare in prose (`_`, `-`, `J`, `://`), between
 * `minOffset` and `maxOffset` characters after the match's start. `exec` jumps from one occurrence of a
 * pivot to the next with String.prototype.indexOf (a memchr in V8) and tries the expression only at the
 * starts those offsets allow, with a sticky copy. A regular-expression pass tries every position of the
 * text (about 5 ms per 10 MB of prose even when nothing matches); this costs about 0.3 ms plus 30 to 60 ns
 * per occurrence of a pivot, plus the matching itself. When a pivot is a frequent character (a digit, a
 * colon), a `guard` (a few character tests at the occurrence, a necessary condition for a match there)
 * saves most of those calls.
 *
 * It is a real RegExp with the same source and flags, and `exec` returns exactly what the plain
 * expression would (the leftmost match at or after `lastIndex`: starts are tried in increasing order), so
 * `test`, `match`, `matchAll` and the String methods behave the same. Use it for a `trigger`, an anchor
 * pattern, or a pattern whose text is dense with matches (where windows cost more than they save).
 */
class PivotRegExp extends RegExp {
  /** `split`, `matchAll` and `replace` build their working copy through the species: a plain RegExp. */
  static override get [Symbol.species](): RegExpConstructor {
    return RegExp;
  }

  readonly #pivots: readonly string[];
  readonly #sticky: RegExp;
  readonly #min: number;
  readonly #max: number;
  readonly #guard: PivotGuard | undefined;

  constructor(
    pivots: readonly string[],
    source: string,
    flags: string,
    min: number,
    max: number,
    guard: PivotGuard | undefined,
  ) {
    super(source, flags);
    if (pivots.length === 0 || pivots.includes('') || flags.includes('y') || min < 0 || max < min)
      throw new Error('pivotRegExp: empty pivot, sticky flag or bad offsets');
    this.#pivots = pivots;
    this.#sticky = new RegExp(source, `${flags.replace('g', '')}y`);
    this.#min = min;
    this.#max = max;
    this.#guard = guard;
  }

  override exec(text: string): RegExpExecArray | null {
    const global = this.global;
    const pivots = this.#pivots;
    const guard = this.#guard;
    const min = this.#min;
    // The first start not tried yet.
    let next = global ? this.lastIndex : 0;
    let m: RegExpExecArray | null = null;
    if (pivots.length === 1) {
      const pivot = pivots[0] as string;
      for (let i = text.indexOf(pivot, next + min); i !== -1; i = text.indexOf(pivot, i + 1)) {
        if (guard === undefined || guard(text, i)) {
          m = this.#tryAt(text, i, next);
          if (m !== null) break;
        }
        if (i - min >= next) next = i - min + 1;
      }
    } else {
      // Occurrences of all pivots, merged in text order.
      const at: number[] = [];
      for (const p of pivots) at.push(text.indexOf(p, next + min));
      for (;;) {
        let k = -1;
        let i = -1;
        for (let j = 0; j < at.length; j++) {
          const a = at[j] as number;
          if (a !== -1 && (i === -1 || a < i)) {
            i = a;
            k = j;
          }
        }
        if (k === -1) break;
        if (guard === undefined || guard(text, i)) {
          m = this.#tryAt(text, i, next);
          if (m !== null) break;
        }
        if (i - min >= next) next = i - min + 1;
        at[k] = text.indexOf(pivots[k] as string, i + 1);
      }
    }
    if (global) this.lastIndex = m === null ? 0 : m.index + m[0].length;
    return m;
  }

  /** The match starting where a pivot at `i` allows, not before `next`. */
  #tryAt(text: string, i: number, next: number): RegExpExecArray | null {
    const sticky = this.#sticky;
    for (let s = Math.max(i - this.#max, next); s <= i - this.#min; s++) {
      sticky.lastIndex = s;
      const m = sticky.exec(text);
      if (m !== null) return m;
    }
    return null;
  }
}

/**
 * A necessary condition for a match around the pivot found at `index` of `text`, written as a few
 * `charCodeAt` tests; when it returns false the expression is not tried there. It must never return false
 * where the expression could match (then pivotRegExp would miss that match).
 */
export type PivotGuard = (text: string, index: number) => boolean;

export interface PivotOptions {
  /** Every match contains a pivot at least this many characters after its start (default 0). */
  readonly minOffset?: number;
  /** ... and at most this many (default: minOffset). */
  readonly maxOffset?: number;
  readonly guard?: PivotGuard;
}

/**
 * `new RegExp(source, flags)` whose matches all contain one of `pivots` between `minOffset` and
 * `maxOffset` characters from their start (by default they start with it), found by string search; see
 * PivotRegExp.
 */
export function pivotRegExp(
  pivots: string | readonly string[],
  source: RegExp | string,
  flags = '',
  options: PivotOptions = {},
): RegExp {
  const min = options.minOffset ?? 0;
  return new PivotRegExp(
    typeof pivots === 'string' ? [pivots] : pivots,
    typeof source === 'string' ? source : source.source,
    flags,
    min,
    options.maxOffset ?? min,
    options.guard,
  );
}
