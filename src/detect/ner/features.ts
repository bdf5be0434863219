/**
 * Features of the entity tagger, shared by training (`train/ner/`) and tagging, so both see exactly the
 * same numbers. Every feature is a template id combined with hashed values (the word, its shape, its
 * lexicon bits, its neighbours) and reduced to a row of the weight table: no feature strings are built.
 */
import { bucket, fnv, FNV_OFFSET, LEX, type Lexicon } from './lexicon.js';
import type { Tokens } from './tokenize.js';

/** Tags, in weight-table column order. */
export const TAGS = [
  'O',
  'B-PERSON',
  'I-PERSON',
  'B-LOCATION',
  'I-LOCATION',
  'B-ORGANIZATION',
  'I-ORGANIZATION',
] as const;
export const NUM_TAGS = TAGS.length;
/** Columns per weight row (one spare, so that a row starts at `row << 3`). */
export const ROW = 8;
export const STATIC_FEATURES = 29;
export const DYNAMIC_FEATURES = 5;

/** Case of a whole sentence: lowercase chat and ALL-CAPS forms make capitalisation carry no signal. */
export const enum CaseMode {
  Mixed = 0,
  Lower = 1,
  Upper = 2,
}

/** FNV-1a over UTF-16 code units (the lexicon's key hash, so a word is hashed once for both). */
export const hashString = (s: string): number => fnv(FNV_OFFSET, s);

/** Combine a template id with up to three hashed values (murmur3-style mixing). */
function mix(template: number, a: number, b = 0, c = 0): number {
  let h = Math.imul(template + 1, 0x9e3779b1) ^ a;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ c;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

const BOUNDARY = new Set([
  '.',
  '!',
  '?',
  ':',
  ';',
  '"',
  '“',
  '”',
  '(',
  '[',
  '•',
  '*',
  '#',
  '>',
  '|',
  '-',
  '–',
  '—',
  ',',
]);

export interface SentenceFeatures {
  readonly n: number;
  /** Lowercase words (digits folded to 0), the lexicon's keys. */
  readonly words: readonly string[];
  /** n × STATIC_FEATURES weight-row indices. */
  readonly rows: Int32Array;
  readonly wordHash: Int32Array;
  readonly shapeHash: Int32Array;
  readonly lexBits: Int32Array;
  readonly caseMode: CaseMode;
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase();
}

/**
 * Word shape: upper `X`, lower `x`, digit `d`, other characters kept; runs longer than two are cut to
 * two (`Smith` → `Xxx`), and the short shape cuts them to one (`Xx`). Caseless letters (CJK, Arabic) are `L`.
 */
function shapes(word: string): [string, string] {
  let long = '';
  let short = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    const c = ch.charCodeAt(0);
    let s: string;
    if (c >= 0x30 && c <= 0x39) s = 'd';
    else if (c >= 0x61 && c <= 0x7a) s = 'x';
    else if (c >= 0x41 && c <= 0x5a) s = 'X';
    else if (c < 0x80) s = ch;
    else if (isUpper(ch)) s = 'X';
    else if (ch !== ch.toUpperCase()) s = 'x';
    else s = /\p{L}/u.test(ch) ? 'L' : ch;
    if (s === last) {
      run++;
      if (run <= 2) long += s;
    } else {
      run = 1;
      long += s;
      short += s;
      last = s;
    }
  }
  return [long, short];
}

/** Lowercase with digits folded to 0, so that numbers share features. */
function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  return /\d/.test(lower) ? lower.replace(/\d/g, '0') : lower;
}

const shapeCache = new Map<string, [number, number]>();
const PRIME = 0x01000193;
/** Shape class of an ASCII code: `d`, `x`, `X`, or the character itself. */
const ASCII_SHAPE = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  ASCII_SHAPE[c] =
    c >= 0x30 && c <= 0x39 ? 0x64 : c >= 0x61 && c <= 0x7a ? 0x78 : c >= 0x41 && c <= 0x5a ? 0x58 : c;
const scratch: [number, number] = [0, 0];

/**
 * The FNV-1a hashes of a word's long and short shapes (see `shapes`). ASCII words, nearly all of them,
 * are hashed on the fly without building the shape strings; others go through `shapes` and a cache.
 * The returned pair is reused by the next call.
 */
function shapeHashes(word: string): [number, number] {
  let long = FNV_OFFSET;
  let short = FNV_OFFSET;
  let last = -1;
  let run = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128) return slowShapeHashes(word);
    const k = ASCII_SHAPE[c] as number;
    if (k === last) {
      run++;
      if (run <= 2) long = Math.imul(long ^ k, PRIME);
    } else {
      run = 1;
      last = k;
      long = Math.imul(long ^ k, PRIME);
      short = Math.imul(short ^ k, PRIME);
    }
  }
  scratch[0] = long;
  scratch[1] = short;
  return scratch;
}

function slowShapeHashes(word: string): [number, number] {
  let hit = shapeCache.get(word);
  if (hit === undefined) {
    const [long, short] = shapes(word);
    hit = [hashString(long), hashString(short)];
    if (shapeCache.size < 100_000) shapeCache.set(word, hit);
  }
  return hit;
}

/** FNV-1a of `s.slice(from, to)` without building the slice. */
function hashRange(s: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), PRIME);
  return h;
}

const START = hashString('<s>');
const END = hashString('</s>');

/**
 * Lowercase words of tokens [from, to) of `text` — the lexicon keys and the word features' input.
 */
export function sentenceWords(text: string, tokens: Tokens, from: number, to: number): string[] {
  const words: string[] = new Array<string>(to - from);
  for (let i = from; i < to; i++)
    words[i - from] = normalizeWord(text.slice(tokens.starts[i], tokens.ends[i]));
  return words;
}

/** Static features of every token of one sentence, tokens [from, to) of `text`. */
export function sentenceFeatures(
  text: string,
  tokens: Tokens,
  from: number,
  to: number,
  lexicon: Lexicon,
  mask: number,
): SentenceFeatures {
  const n = to - from;
  const words = sentenceWords(text, tokens, from, to);
  const raw: string[] = new Array<string>(n);
  const wordHash = new Int32Array(n);
  const shapeHash = new Int32Array(n);
  const shortHash = new Int32Array(n);
  const lexBits = new Int32Array(n);
  const boundary = new Int32Array(n);
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < n; i++) {
    const w = text.slice(tokens.starts[from + i], tokens.ends[from + i]);
    raw[i] = w;
    wordHash[i] = hashString(words[i] as string);
    const shapePair = shapeHashes(w);
    shapeHash[i] = shapePair[0];
    shortHash[i] = shapePair[1];
    const lw = words[i] as string;
    if (w !== lw) upper++;
    else if (w !== w.toUpperCase()) lower++;
    boundary[i] = i === 0 ? 2 : BOUNDARY.has(raw[i - 1] as string) ? 1 : 0;
  }
  lexicon.annotate(words, wordHash, lexBits);
  // A word counts as upper when it has any capital; a sentence is lowercase when no word has one, and
  // upper-case when (almost) no word has a lowercase letter.
  let caseMode = CaseMode.Mixed;
  if (upper === 0 && lower > 0) caseMode = CaseMode.Lower;
  else if (upper >= 2 && lower * 10 < upper) {
    let allCaps = 0;
    for (const w of raw) if (w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase()) allCaps++;
    if (allCaps * 2 >= upper) caseMode = CaseMode.Upper;
  }

  const rows = new Int32Array(n * STATIC_FEATURES);
  const FLAGS =
    LEX.foreignSurname |
    LEX.orgKeyword |
    LEX.locationKeyword |
    LEX.personTitle |
    LEX.nameSuffix |
    LEX.phraseInside |
    LEX.calendar |
    LEX.knownOrg |
    LEX.language;
  for (let i = 0; i < n; i++) {
    const lw = words[i] as string;
    const len = lw.length;
    const wi = wordHash[i] as number;
    const wp1 = i >= 1 ? (wordHash[i - 1] as number) : START;
    const wp2 = i >= 2 ? (wordHash[i - 2] as number) : START;
    const wn1 = i + 1 < n ? (wordHash[i + 1] as number) : END;
    const wn2 = i + 2 < n ? (wordHash[i + 2] as number) : END;
    const si = shortHash[i] as number;
    const sp1 = i >= 1 ? (shortHash[i - 1] as number) : START;
    const sn1 = i + 1 < n ? (shortHash[i + 1] as number) : END;
    const lb = lexBits[i] as number;
    const lp1 = i >= 1 ? (lexBits[i - 1] as number) : -1;
    const ln1 = i + 1 < n ? (lexBits[i + 1] as number) : -1;
    const first = boundary[i] as number;
    const place = (bucket(lb, LEX.cityShift) << 4) | (lb & LEX.country ? 2 : 0) | (lb & LEX.region ? 1 : 0);
    const b = i * STATIC_FEATURES;
    rows[b] = mix(0, 0) & mask;
    rows[b + 1] = mix(1, wi) & mask;
    rows[b + 2] = mix(2, wp1) & mask;
    rows[b + 3] = mix(3, wn1) & mask;
    rows[b + 4] = mix(4, wp2) & mask;
    rows[b + 5] = mix(5, wn2) & mask;
    rows[b + 6] = mix(6, len > 3 ? hashRange(lw, len - 3, len) : wi) & mask;
    rows[b + 7] = mix(7, len > 2 ? hashRange(lw, len - 2, len) : wi) & mask;
    rows[b + 8] = mix(8, len > 4 ? hashRange(lw, len - 4, len) : wi) & mask;
    rows[b + 9] = mix(9, len > 2 ? hashRange(lw, 0, 2) : wi) & mask;
    rows[b + 10] = mix(10, len > 3 ? hashRange(lw, 0, 3) : wi) & mask;
    rows[b + 11] = mix(11, shapeHash[i] as number) & mask;
    rows[b + 12] = mix(12, sp1, si, sn1) & mask;
    rows[b + 13] = mix(13, caseMode, si, first) & mask;
    rows[b + 14] = mix(14, bucket(lb, LEX.givenShift), caseMode, si) & mask;
    rows[b + 15] = mix(15, bucket(lb, LEX.surnameShift), caseMode, si) & mask;
    rows[b + 16] = mix(16, bucket(lb, LEX.commonShift), caseMode, si) & mask;
    rows[b + 17] = mix(17, place, caseMode, si) & mask;
    rows[b + 18] = mix(18, lb & FLAGS, caseMode) & mask;
    rows[b + 19] = mix(19, lp1) & mask;
    rows[b + 20] = mix(20, ln1) & mask;
    rows[b + 21] = mix(21, wp1, wi) & mask;
    rows[b + 22] = mix(22, wi, wn1) & mask;
    rows[b + 23] = mix(23, wp1, si) & mask;
    rows[b + 24] = mix(24, si, wn1) & mask;
    rows[b + 25] = mix(25, Math.min(len, 12), si) & mask;
    rows[b + 26] = mix(26, lb, si, first) & mask;
    rows[b + 27] = mix(27, wp2, wp1) & mask;
    rows[b + 28] = mix(28, wn1, wn2) & mask;
  }
  return { n, words, rows, wordHash, shapeHash: shortHash, lexBits, caseMode };
}

/** Features that depend on the tags already chosen for the previous two tokens. */
export function dynamicFeatures(
  sf: SentenceFeatures,
  i: number,
  prev: number,
  prev2: number,
  mask: number,
  out: Int32Array,
): void {
  out[0] = mix(40, prev) & mask;
  out[1] = mix(41, prev2, prev) & mask;
  out[2] = mix(42, prev, sf.wordHash[i] as number) & mask;
  out[3] = mix(43, prev, sf.shapeHash[i] as number, sf.caseMode) & mask;
  out[4] = mix(44, prev, sf.lexBits[i] as number) & mask;
}

/**
 * Score every tag for token `i`: the sum of the weight rows of its static features and of the dynamic
 * features in `dyn`, into `scores`. Seven running sums in locals rather than an array: this loop is where
 * tagging and training spend their time.
 */
export function scoreToken(
  sf: SentenceFeatures,
  i: number,
  dyn: Int32Array,
  w: Int16Array | Float32Array,
  scores: Float64Array,
): void {
  const rows = sf.rows;
  const base = i * STATIC_FEATURES;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  for (let k = 0; k < STATIC_FEATURES + DYNAMIC_FEATURES; k++) {
    const r = (k < STATIC_FEATURES ? (rows[base + k] as number) : (dyn[k - STATIC_FEATURES] as number)) * ROW;
    s0 += w[r] as number;
    s1 += w[r + 1] as number;
    s2 += w[r + 2] as number;
    s3 += w[r + 3] as number;
    s4 += w[r + 4] as number;
    s5 += w[r + 5] as number;
    s6 += w[r + 6] as number;
  }
  scores[0] = s0;
  scores[1] = s1;
  scores[2] = s2;
  scores[3] = s3;
  scores[4] = s4;
  scores[5] = s5;
  scores[6] = s6;
}

/** May `tag` follow `prev`? An inside tag continues an entity of its own type (BIO). */
export function allowedAfter(prev: number, tag: number): boolean {
  if (tag === 0 || tag % 2 === 1) return true;
  return prev === tag || prev === tag - 1;
}
