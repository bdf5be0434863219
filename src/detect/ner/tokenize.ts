/**
 * Tokenizer for the entity tagger. A token is a run of letters, marks and digits (any script), where an
 * apostrophe or hyphen between two such characters stays inside (`O'Brien`, `Jean-Luc`, `don't`); every
 * other non-space character is a token of its own (`Dr`, `.`); a line break ends a sentence.
 * Offsets are JavaScript string indices into the text, so spans map back without translation.
 */

export interface Tokens {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Index of the first token of each sentence (line), plus `count` at the end. */
  readonly sentences: readonly number[];
}

const enum Kind {
  Space = 0,
  Word = 1,
  Joiner = 2,
  Other = 3,
  Newline = 4,
}

const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_KIND[c] = /[A-Za-z0-9]/.test(ch)
    ? Kind.Word
    : c === 0x0a || c === 0x0d
      ? Kind.Newline
      : /\s/.test(ch)
        ? Kind.Space
        : c === 0x27 || c === 0x2d
          ? Kind.Joiner
          : Kind.Other;
}

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const SPACE_CHAR = /^\s$/u;
/** Kinds of non-ASCII code points, filled in as they are met (texts use few distinct ones). */
const wideKinds = new Map<number, Kind>();

function wideKind(cp: number): Kind {
  let k = wideKinds.get(cp);
  if (k === undefined) {
    const ch = String.fromCodePoint(cp);
    k =
      cp === 0x2019 || cp === 0x2010 || cp === 0x2011
        ? Kind.Joiner // right single quote (O’Brien), hyphen, non-breaking hyphen
        : cp === 0x2028 || cp === 0x2029 || cp === 0x85
          ? Kind.Newline
          : WORD_CHAR.test(ch)
            ? Kind.Word
            : SPACE_CHAR.test(ch)
              ? Kind.Space
              : Kind.Other;
    if (wideKinds.size < 65_536) wideKinds.set(cp, k);
  }
  return k;
}

/** Kind of the code point at `i`, and its length in code units (2 for a surrogate pair). */
function kindAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_KIND[c] as number;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return wideKind(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) | 8;
  }
  return wideKind(c);
}

/** Is the character at `i` a letter, mark or digit of any script (the start of a word token)? */
export function isWordAt(text: string, i: number): boolean {
  return (kindAt(text, i) & 7) === Kind.Word;
}

const isHyphen = (c: number): boolean => c === 0x2d || c === 0x2010 || c === 0x2011;

/** Is `text[start, hyphen)` written in lowercase and the character at `next` a capital? */
function isPrefixBeforeCapital(text: string, start: number, hyphen: number, next: number): boolean {
  const after = text[next] as string;
  if (after === after.toLowerCase()) return false;
  const prefix = text.slice(start, hyphen);
  return prefix === prefix.toLowerCase() && prefix !== prefix.toUpperCase();
}

/** `s` or `S` at `i` ending the word (after an apostrophe). */
function isPossessive(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== 0x73 && c !== 0x53) return false;
  return i + 1 >= text.length || (kindAt(text, i + 1) & 7) !== Kind.Word;
}

export function tokenize(text: string): Tokens {
  const n = text.length;
  let starts = new Int32Array(Math.max(16, n >> 2));
  let ends = new Int32Array(starts.length);
  let count = 0;
  const sentences: number[] = [0];
  const push = (s: number, e: number): void => {
    if (count === starts.length) {
      const grownStarts = new Int32Array(starts.length * 2);
      grownStarts.set(starts);
      starts = grownStarts;
      const grownEnds = new Int32Array(ends.length * 2);
      grownEnds.set(ends);
      ends = grownEnds;
    }
    starts[count] = s;
    ends[count] = e;
    count++;
  };
  let i = 0;
  while (i < n) {
    const k0 = kindAt(text, i);
    const kind = k0 & 7;
    const width = k0 & 8 ? 2 : 1;
    if (kind === Kind.Space) {
      i += width;
      continue;
    }
    if (kind === Kind.Newline) {
      if (sentences[sentences.length - 1] !== count) sentences.push(count);
      i += width;
      continue;
    }
    if (kind !== Kind.Word) {
      push(i, i + width);
      i += width;
      continue;
    }
    const start = i;
    i += width;
    while (i < n) {
      const k = kindAt(text, i);
      const kk = k & 7;
      const w = k & 8 ? 2 : 1;
      if (kk === Kind.Word) {
        i += w;
      } else if (kk === Kind.Joiner && i + w < n && (kindAt(text, i + w) & 7) === Kind.Word) {
        // The English possessive stays apart from the name it follows: `Smith's` is `Smith` `'` `s`.
        if (isPossessive(text, i + w)) break;
        // A lowercase prefix before a capitalised word is word formation, not part of a name:
        // `ex-Zombie`, `anti-American`, `pre-Christmas` split; `Jean-Luc` and `Smith-Jones` stay whole.
        if (isHyphen(text.charCodeAt(i)) && isPrefixBeforeCapital(text, start, i, i + w)) break;
        i += w;
      } else {
        break;
      }
    }
    push(start, i);
  }
  if (sentences[sentences.length - 1] !== count) sentences.push(count);
  else if (sentences.length === 1) sentences.push(count);
  return { count, starts, ends, sentences };
}
