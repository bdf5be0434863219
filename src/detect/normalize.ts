/**
 * Normalisation that defeats cheap obfuscation of identifiers while keeping offsets exact.
 *
 * Attackers and careless copy-paste hide numbers behind fullwidth digits (`４１１１…`), zero-width or
 * soft-hyphen characters inside a number, non-ASCII dashes and spaces, or digits of other scripts. The
 * recognizers only need to understand ASCII, so we map each such character to its ASCII twin (one code
 * unit for one code unit, so indices do not move) and delete invisible characters. Untouched runs are
 * copied as slices, and index shifts are kept as a sparse table, so normalising costs little more than one
 * native regex pass even on large inputs.
 */

/**
 * Zero digits of the Basic Multilingual Plane's decimal-digit runs (Unicode general category Nd), each
 * followed by nine more digits. A test checks this list against `\p{Nd}` so it cannot drift.
 */
export const BMP_DIGIT_ZEROS: readonly number[] = [
  0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6,
  0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0,
  0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
];

/** Characters at or above U+00A0: the only ones normalisation can change. This class is the fastest scan V8
 * offers (a class with many ranges is several times slower); each hit is then classified by table lookup. */
// eslint-disable-next-line no-control-regex -- the class is "everything below U+00A0", control characters included
const NON_ASCII = /[^\x00-\x9f]/g;

const KIND_NONE = 0;
const KIND_DELETE = 1;
const KIND_REPLACE = 2;
const KIND_SURROGATE = 3; // U+D835, the high half of the mathematical digits U+1D7CE-U+1D7FF

function buildKinds(): Uint8Array {
  const kinds = new Uint8Array(0x10000);
  const set = (from: number, to: number, kind: number): void => {
    for (let c = from; c <= to; c++) kinds[c] = kind;
  };
  for (const c of [0x00ad, 0x034f, 0x180e, 0xfeff]) kinds[c] = KIND_DELETE;
  set(0x200b, 0x200d, KIND_DELETE);
  set(0x2060, 0x2064, KIND_DELETE);
  for (const c of [0x00a0, 0x2024, 0x202f, 0x205f, 0x2212, 0x3000, 0xfe58, 0xfe63, 0xfe6b])
    kinds[c] = KIND_REPLACE;
  set(0x2000, 0x200a, KIND_REPLACE);
  set(0x2010, 0x2015, KIND_REPLACE);
  set(0xff01, 0xff5e, KIND_REPLACE);
  for (const z of BMP_DIGIT_ZEROS) set(z, z + 9, KIND_REPLACE);
  kinds[0xd835] = KIND_SURROGATE;
  return kinds;
}

let kindsTable: Uint8Array | null = null;

export interface NormalizedText {
  /** The text recognizers see. */
  readonly text: string;
  readonly original: string;
  /**
   * Sorted normalised indices at which the offset to the original grows, with the cumulative growth
   * (`shiftAt[k]`, `shiftBy[k]`). Empty when indices are unchanged.
   */
  readonly shiftAt: readonly number[];
  readonly shiftBy: readonly number[];
  /** Normalised indices of characters that stand for a surrogate pair (astral digits). */
  readonly astral: ReadonlySet<number>;
}

/** Digit value of a non-ASCII decimal digit. */
function digitValue(cp: number): number {
  // Mathematical alphanumeric digits are five adjacent runs (bold, double-struck, ...) from U+1D7CE.
  if (cp >= 0x1d7ce) return (cp - 0x1d7ce) % 10;
  let zero = 0;
  for (const z of BMP_DIGIT_ZEROS) if (z <= cp) zero = z;
  return cp - zero;
}

/** Invisible characters are deleted: soft hyphen, combining grapheme joiner, Mongolian vowel separator,
 * zero-width space/non-joiner/joiner, word joiner and invisible operators, byte-order mark. The others
 * become their ASCII twin. */
function asciiTwin(cp: number): string {
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0); // fullwidth ASCII
  if ((cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xfe58 || cp === 0xfe63) return '-';
  if (cp === 0x2024) return '.';
  if (cp === 0xfe6b) return '@';
  if (cp === 0x3000 || cp === 0x00a0 || cp === 0x202f || cp === 0x205f || (cp >= 0x2000 && cp <= 0x200a))
    return ' ';
  return String(digitValue(cp)); // every other REPLACE character is a decimal digit
}

const EMPTY: readonly number[] = [];
const NO_ASTRAL: ReadonlySet<number> = new Set();

export function normalizeForDetection(original: string): NormalizedText {
  const kinds = (kindsTable ??= buildKinds());
  const parts: string[] = [];
  const shiftAt: number[] = [];
  const shiftBy: number[] = [];
  let astral: Set<number> | null = null;
  let last = 0; // original index copied up to
  let normLen = 0;
  let shift = 0;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(original); m !== null; m = NON_ASCII.exec(original)) {
    const i = m.index;
    const code = original.charCodeAt(i);
    let kind = kinds[code] as number;
    if (kind === KIND_NONE) continue;
    let width = 1;
    if (kind === KIND_SURROGATE) {
      const low = original.charCodeAt(i + 1);
      if (low < 0xdfce || low > 0xdfff) continue; // a mathematical letter, not a digit: leave it
      width = 2;
      kind = KIND_REPLACE;
      NON_ASCII.lastIndex = i + 2;
    }
    if (i > last) {
      parts.push(original.slice(last, i));
      normLen += i - last;
    }
    last = i + width;
    if (kind === KIND_DELETE) {
      shift += 1;
      pushShift(shiftAt, shiftBy, normLen, shift);
      continue;
    }
    parts.push(asciiTwin(original.codePointAt(i) as number));
    normLen += 1;
    if (width === 2) {
      (astral ??= new Set()).add(normLen - 1);
      shift += 1;
      pushShift(shiftAt, shiftBy, normLen, shift);
    }
  }
  if (parts.length === 0)
    return { text: original, original, shiftAt: EMPTY, shiftBy: EMPTY, astral: NO_ASTRAL };
  if (last < original.length) parts.push(original.slice(last));
  return { text: parts.join(''), original, shiftAt, shiftBy, astral: astral ?? NO_ASTRAL };
}

function pushShift(at: number[], by: number[], index: number, total: number): void {
  if (at.length > 0 && at[at.length - 1] === index) by[by.length - 1] = total;
  else {
    at.push(index);
    by.push(total);
  }
}

/** Original index of normalised index `i`. */
function originalIndex(norm: NormalizedText, i: number): number {
  const { shiftAt, shiftBy } = norm;
  let lo = 0;
  let hi = shiftAt.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((shiftAt[mid] as number) <= i) lo = mid + 1;
    else hi = mid;
  }
  return i + (lo === 0 ? 0 : (shiftBy[lo - 1] as number));
}

/** Map a normalised span back to the original text. Deleted characters inside the span are covered by it;
 * deleted characters just outside it are not. */
export function toOriginalSpan(norm: NormalizedText, start: number, end: number): [number, number] {
  if (norm.shiftAt.length === 0 || end <= start) return [start, end];
  const last = end - 1;
  return [originalIndex(norm, start), originalIndex(norm, last) + (norm.astral.has(last) ? 2 : 1)];
}
