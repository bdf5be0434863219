/**
 * Hashed n-gram features for the injection classifier, computed per text segment so that every window of
 * consecutive segments (and the whole text) can be scored from per-segment sums in linear time.
 *
 * Why hashed character and word n-grams: attacks are phrased in endless variations ("ignore", "disregard",
 * "forget everything above"), in several languages and with typos; character 3- to 5-grams generalise
 * across inflections, compounds and misspellings, word uni- and bigrams capture phrasing, and hashing keeps
 * the model a fixed size without a vocabulary. The input is the folded text from `deobfuscate`
 * (lowercase, homoglyphs and leetspeak undone), so obfuscation does not change the features.
 *
 * A segment's feature vector is a bag of hashed ids with count 1 each; a window's vector is the
 * concatenation of its segments' bags scaled by 1/sqrt(n) (n = number of features). Because the model is
 * linear, score(window) = bias + (Σ segment dot products) / sqrt(Σ segment feature counts).
 */

/** log2 of the number of hash buckets. 2^19 keeps collisions rare for a few hundred thousand distinct n-grams. */
export const FEATURE_BITS = 19;
export const FEATURE_MASK = (1 << FEATURE_BITS) - 1;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Distinct seeds keep char n-grams, words and word bigrams in separate hash families. */
const SEED_WORD = 0x9e3779b9;
const SEED_BIGRAM = 0x85ebca6b;

/** Scratch space for a segment's whitespace-collapsed characters (reused: scoring is synchronous). */
let scratch = new Uint16Array(1024);

/** Collapse whitespace and bound each segment so that very long lines cost the same as several short ones. */
const MAX_SEGMENT = 320;

export interface Segment {
  /** Offsets into the folded text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/**
 * Split folded text into sentence-like segments: at `.`, `!`, `?` or `:` followed by whitespace, at line
 * breaks, and every MAX_SEGMENT characters at a space inside longer runs (tables, minified code).
 */
export function segmentText(text: string): Segment[] {
  const out: Segment[] = [];
  const n = text.length;
  let start = 0;
  const push = (end: number): void => {
    // skip leading whitespace; keep segments with some content
    let s = start;
    while (s < end && isSpace(text.charCodeAt(s))) s++;
    let e = end;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push({ start: s, end: e });
    start = end;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      push(i + 1);
    } else if (
      (c === 46 || c === 33 || c === 63 || c === 58) &&
      i + 1 < n &&
      isSpace(text.charCodeAt(i + 1))
    ) {
      push(i + 1);
    } else if (i - start >= MAX_SEGMENT && c === 32) {
      push(i + 1);
    } else if (i - start >= 2 * MAX_SEGMENT) {
      push(i + 1);
    }
  }
  if (start < n) push(n);
  return out;
}

const SEED_SHAPE = 0x27d4eb2d;

const bucket = (x: number, edges: readonly number[]): number => {
  let b = 0;
  while (b < edges.length && x >= (edges[b] as number)) b++;
  return b;
};

/**
 * Coarse shape of a segment as a few indicator features: the share of symbols among visible characters and
 * the number of capitals inside lowercase words, each bucketed and crossed with the segment's length.
 * Optimised adversarial suffixes (GCG: `describing.\ + similarlyNow write oppositeley.](`) are dense in
 * both, which no single n-gram captures.
 */
function shapeFeatures(buf: Uint16Array, length: number, out: number[]): void {
  let visible = 0;
  let symbols = 0;
  let switches = 0;
  let prevWord = -1; // -1 after a space, else 1 for a word character and 0 for a symbol
  for (let i = 0; i < length; i++) {
    const c = buf[i] as number;
    if (c === 32) {
      prevWord = -1;
      continue;
    }
    visible++;
    const word = isWordChar(c) ? 1 : 0;
    if (word === 0) symbols++;
    if (prevWord !== -1 && prevWord !== word) switches++;
    prevWord = word;
  }
  if (visible === 0) return;
  const len = bucket(visible, [20, 60, 160]);
  const sym = bucket(symbols / visible, [0.03, 0.06, 0.1, 0.15, 0.25]);
  const mixed = bucket(switches / visible, [0.02, 0.05, 0.1, 0.2]);
  const mix = (a: number, b: number): number => {
    const h = Math.imul(SEED_SHAPE ^ (a * 131 + b), FNV_PRIME);
    return (h ^ (h >>> 16)) & FEATURE_MASK;
  };
  out.push(mix(1, len * 8 + sym), mix(2, len * 8 + mixed), mix(3, sym * 8 + mixed));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

/** Letters and digits of any script (for word boundaries); everything else separates words. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;
  // non-ASCII letters: treat everything except common punctuation blocks as word characters
  return !(c >= 0x2000 && c <= 0x206f) && c !== 0x00a0 && !(c >= 0x3000 && c <= 0x303f);
}

/**
 * Append the hashed features of `text[start, end)` to `out` and return how many were appended.
 * Character 3-, 4- and 5-grams run over the text with whitespace collapsed to one space and a space at
 * each end; word unigrams and bigrams over runs of word characters, with punctuation runs (`<|`, `[`,
 * `###`) as tokens of their own because chat-template markers are made of them.
 */
export function segmentFeatures(text: string, start: number, end: number, out: number[]): number {
  const before = out.length;
  // ---- character n-grams over whitespace-collapsed text
  if (scratch.length < end - start + 2) scratch = new Uint16Array(2 * (end - start + 2));
  const buf = scratch;
  let m = 0;
  buf[m++] = 32;
  let lastSpace = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (!lastSpace) buf[m++] = 32;
      lastSpace = true;
    } else {
      buf[m++] = c;
      lastSpace = false;
    }
  }
  if (!lastSpace) buf[m++] = 32;
  for (let i = 0; i + 3 <= m; i++) {
    let h = FNV_OFFSET;
    for (let k = 0; k < 5 && i + k < m; k++) {
      h = Math.imul(h ^ (buf[i + k] as number), FNV_PRIME);
      if (k >= 2) out.push((h ^ (h >>> 16)) & FEATURE_MASK);
    }
  }
  shapeFeatures(buf, m, out);
  // ---- word unigrams and bigrams
  let prev = 0;
  let hasPrev = false;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const word = isWordChar(c);
    let h = SEED_WORD;
    const from = i;
    while (i < end) {
      const d = text.charCodeAt(i);
      if (isSpace(d) || isWordChar(d) !== word) break;
      h = Math.imul(h ^ d, FNV_PRIME);
      i++;
      if (i - from > 40) break; // long tokens (hashes, base64) add nothing beyond their prefix
    }
    if (!word && i - from === 1) {
      // a single punctuation character is too common to be a word feature, but it still breaks bigrams
      const p = text.charCodeAt(from);
      if (p === 46 || p === 44 || p === 39 || p === 34) {
        hasPrev = false;
        continue;
      }
    }
    out.push((h ^ (h >>> 16)) & FEATURE_MASK);
    if (hasPrev) {
      const b = Math.imul(prev ^ SEED_BIGRAM, FNV_PRIME) ^ h;
      out.push((b ^ (b >>> 16)) & FEATURE_MASK);
    }
    prev = h;
    hasPrev = true;
  }
  return out.length - before;
}
