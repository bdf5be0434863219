import type { ContextSpec } from './types.js';

const DEFAULT_BEFORE = 48;
const DEFAULT_AFTER = 16;
export const DEFAULT_BOOST = 0.35;
export const DEFAULT_FLOOR = 0.4;
export const DEFAULT_PENALTY = 0.3;

/** Letters, digits and underscore: ASCII by code, and any character from U+00C0 up counted as a letter.
 * (Close enough for word boundaries around context words, and much cheaper than a Unicode regex.) */
function isWordCode(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x5f ||
    c >= 0xc0
  );
}

/** Context words split by how they are searched: plain words by token lookup, the rest by substring. */
interface CompiledWords {
  readonly words: ReadonlySet<string>;
  readonly phrases: readonly string[];
}

interface CompiledContext {
  readonly positive: CompiledWords;
  readonly negative: CompiledWords | null;
}

const PLAIN_WORD = /^[a-z0-9_\u00c0-\uffff]+$/;
const TOKEN = /[a-z0-9_\u00c0-\uffff]+/g;

function compileWords(list: readonly string[]): CompiledWords {
  const words = new Set<string>();
  const phrases: string[] = [];
  for (const w of list) {
    if (PLAIN_WORD.test(w)) words.add(w);
    else phrases.push(w);
  }
  return { words, phrases };
}

const compiled = new WeakMap<ContextSpec, CompiledContext>();

function compileContext(spec: ContextSpec): CompiledContext {
  let c = compiled.get(spec);
  if (c === undefined) {
    c = {
      positive: compileWords(spec.words),
      negative: spec.negative && spec.negative.length > 0 ? compileWords(spec.negative) : null,
    };
    compiled.set(spec, c);
  }
  return c;
}

/** Whole-word occurrence of `phrase` in `window` (a trailing plural "s" is tolerated). */
function hasPhrase(window: string, phrase: string): boolean {
  for (let idx = window.indexOf(phrase); idx !== -1; idx = window.indexOf(phrase, idx + 1)) {
    let after = idx + phrase.length;
    if (window.charCodeAt(after) === 0x73 && !isWordCode(window.charCodeAt(after + 1))) after++;
    const beforeOk =
      idx === 0 || !isWordCode(window.charCodeAt(idx - 1)) || !isWordCode(phrase.charCodeAt(0));
    const afterOk =
      after >= window.length ||
      !isWordCode(window.charCodeAt(after)) ||
      !isWordCode(phrase.charCodeAt(phrase.length - 1));
    if (beforeOk && afterOk) return true;
  }
  return false;
}

function findIn(window: string, tokens: readonly string[], c: CompiledWords): string[] {
  const found: string[] = [];
  if (c.words.size > 0) {
    for (const t of tokens) {
      // "phones" finds "phone": try the token, then without a plural "s".
      const hit = c.words.has(t) ? t : t.endsWith('s') && c.words.has(t.slice(0, -1)) ? t.slice(0, -1) : null;
      if (hit !== null && !found.includes(hit)) found.push(hit);
    }
  }
  for (const p of c.phrases) if (hasPhrase(window, p)) found.push(p);
  return found;
}

/**
 * Words of `words` that occur in `window` as whole words (a trailing plural "s" is tolerated, so "phone"
 * also finds "phones"). `window` must already be lowercase.
 */
export function findContextWords(window: string, words: readonly string[]): string[] {
  return findIn(window, window.match(TOKEN) ?? [], compileWords(words));
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
  const c = compileContext(spec);
  const window = contextWindow(text, start, end, spec);
  const tokens = window.match(TOKEN) ?? [];
  const positive = findIn(window, tokens, c.positive);
  const negative = c.negative ? findIn(window, tokens, c.negative) : [];
  let s = score;
  if (positive.length > 0) s = Math.max(s + (spec.boost ?? DEFAULT_BOOST), spec.floor ?? DEFAULT_FLOOR);
  if (negative.length > 0) s -= spec.penalty ?? DEFAULT_PENALTY;
  return { score: Math.min(1, Math.max(0, s)), positive, negative };
}
