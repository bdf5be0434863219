import type { ContextSpec } from './types.js';

const DEFAULT_BEFORE = 48;
const DEFAULT_AFTER = 16;
export const DEFAULT_BOOST = 0.35;
export const DEFAULT_FLOOR = 0.4;
export const DEFAULT_PENALTY = 0.3;

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && WORD_CHAR.test(ch);
}

/**
 * Words of `words` that occur in `window` as whole words (a trailing plural "s" is tolerated, so "phone"
 * also finds "phones"). `window` must already be lowercase.
 */
export function findContextWords(window: string, words: readonly string[]): string[] {
  const found: string[] = [];
  for (const word of words) {
    let idx = window.indexOf(word);
    while (idx !== -1) {
      let after = idx + word.length;
      if (window[after] === 's' && !isWordChar(window[after + 1])) after++;
      if (!isWordChar(window[idx - 1]) && !isWordChar(window[after])) {
        found.push(word);
        break;
      }
      idx = window.indexOf(word, idx + 1);
    }
  }
  return found;
}

/** The lowercase text around a match that context words are searched in. */
export function contextWindow(text: string, start: number, end: number, spec: ContextSpec): string {
  const before = text.slice(Math.max(0, start - (spec.before ?? DEFAULT_BEFORE)), start);
  const after = text.slice(end, end + (spec.after ?? DEFAULT_AFTER));
  // A separator stands for the match itself so that words on both sides are not glued together.
  return `${before} \u0000 ${after}`.toLowerCase();
}

export interface ContextOutcome {
  readonly score: number;
  readonly positive: readonly string[];
  readonly negative: readonly string[];
}

export function applyContext(
  text: string,
  start: number,
  end: number,
  score: number,
  spec: ContextSpec,
): ContextOutcome {
  const window = contextWindow(text, start, end, spec);
  const positive = findContextWords(window, spec.words);
  const negative = spec.negative ? findContextWords(window, spec.negative) : [];
  let s = score;
  if (positive.length > 0) s = Math.max(s + (spec.boost ?? DEFAULT_BOOST), spec.floor ?? DEFAULT_FLOOR);
  if (negative.length > 0) s -= spec.penalty ?? DEFAULT_PENALTY;
  return { score: Math.min(1, Math.max(0, s)), positive, negative };
}
