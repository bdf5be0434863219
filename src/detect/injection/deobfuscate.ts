/**
 * Normalisation that defeats obfuscated prompt injection, run before the injection rules and classifier.
 *
 * Attackers hide "ignore all previous instructions" from keyword rules and n-gram classifiers by writing it
 * in fullwidth or mathematical letters, sprinkling invisible characters into words, swapping Latin letters
 * for Cyrillic or Greek look-alikes, writing leetspeak, or encoding the whole instruction (base64, hex,
 * percent-encoding, rot13, invisible Unicode tag characters) and asking the model to decode it. This module
 * undoes each trick and reports it:
 *
 * - `folded` is the text the detector matches: NFKC per code point, invisible and format characters
 *   removed, homoglyphs and leetspeak folded inside words, lower-cased. Whitespace is kept as it is.
 *   `origin` maps every folded index back to the original text, so findings keep exact spans.
 * - `decoded` holds the plaintext of every encoded segment (itself folded, and decoded once more for
 *   nested encodings), which the detector scores like the text itself.
 * - `signals` are the obfuscation techniques seen, with their spans in the original text.
 *
 * Three stages per text: (1) strip: NFKC, invisible characters and Unicode tags, keeping letter case, so
 * that base64 can still be decoded from the result; (2) encodings (hex, percent, base64) found on the
 * stripped text; (3) fold: lower-case, homoglyphs and leetspeak word by word (one code unit for one code
 * unit, so `origin` is shared with the stripped text), then rot13 on the folded words.
 *
 * Cost: plain ASCII prose takes a fast path (one regex test, `toLowerCase` and the rot13 word scan). All
 * scans are linear: regexes have no nested quantifiers over overlapping classes and decoding is bounded
 * by `DeobfuscateLimits`.
 */

export type ObfuscationKind =
  | 'zero-width'
  | 'unicode-tag'
  | 'bidi-control'
  | 'homoglyph'
  | 'leetspeak'
  | 'base64'
  | 'hex'
  | 'rot13'
  | 'url-encoding';

export interface ObfuscationSignal {
  readonly kind: ObfuscationKind;
  /** Offsets into the original text (UTF-16 indices, end exclusive). */
  readonly start: number;
  readonly end: number;
}

export interface DecodedSegment {
  /**
   * `unicode-tag` also covers bytes smuggled in runs of variation selectors (U+FE00-FE0F, U+E0100-E01EF),
   * the same invisible-payload attack with neighbouring code points.
   */
  readonly kind: 'base64' | 'hex' | 'rot13' | 'url-encoding' | 'unicode-tag';
  /** The encoded span in the original text; segments found inside a decoded segment carry its span. */
  readonly start: number;
  readonly end: number;
  /** The decoded plaintext, folded like `Deobfuscated.folded`. */
  readonly text: string;
}

export interface Deobfuscated {
  /** The text folded for matching: NFKC, invisible/format characters removed, homoglyphs folded to Latin, leetspeak folded inside words, lower-cased, runs of whitespace kept as they are. */
  readonly folded: string;
  /** folded index -> original index; length folded.length + 1 (last entry = original length). Monotonic non-decreasing. */
  readonly origin: Int32Array;
  readonly decoded: readonly DecodedSegment[];
  readonly signals: readonly ObfuscationSignal[];
}

export interface DeobfuscateLimits {
  /** Default 16, nested segments included. */
  readonly maxDecodedSegments?: number;
  /** Default 8192 decoded characters in total; a longer payload is cut. */
  readonly maxDecodedChars?: number;
  /** Default 2: a decoded segment is itself deobfuscated once more (base64 inside base64). 0 decodes nothing. */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_SEGMENTS = 16;
const DEFAULT_MAX_CHARS = 8192;
const DEFAULT_MAX_DEPTH = 2;
/** More nesting than this is not an attack a model would follow; it only costs time. */
const MAX_DEPTH_CAP = 8;

/**
 * Never throws: lone surrogates are kept as they are, odd limits are clamped, and every decoder is
 * non-fatal.
 */
export function deobfuscate(text: string, limits: DeobfuscateLimits = {}): Deobfuscated {
  const budget: Budget = {
    segments: clampLimit(limits.maxDecodedSegments, DEFAULT_MAX_SEGMENTS),
    chars: clampLimit(limits.maxDecodedChars, DEFAULT_MAX_CHARS),
  };
  const depth = Math.min(clampLimit(limits.maxDepth, DEFAULT_MAX_DEPTH), MAX_DEPTH_CAP);
  return deobfuscateLevel(typeof text === 'string' ? text : '', depth, budget);
}

function clampLimit(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(0, Math.floor(Math.min(value, Number.MAX_SAFE_INTEGER)));
}

// ------------------------------------------------------------------------------------------- one level

/** What is left to decode, shared by a text and everything decoded from it. */
interface Budget {
  segments: number;
  chars: number;
}

type SegmentKind = DecodedSegment['kind'];

/** A segment accepted for decoding; its plaintext is deobfuscated once the whole level has been scanned. */
interface PendingSegment {
  readonly kind: SegmentKind;
  readonly start: number;
  readonly end: number;
  readonly plain: string;
  /** False for encodings with a routine use that is not obfuscation (JWT parts). */
  readonly signal: boolean;
}

/** One text being deobfuscated: its signals and accepted segments. */
class LevelState {
  readonly signals: ObfuscationSignal[] = [];
  readonly pending: PendingSegment[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly text: string,
    /** How many more levels of encoding may be decoded from this text. */
    readonly levels: number,
    readonly budget: Budget,
  ) {}

  get canDecode(): boolean {
    return this.levels > 0 && this.budget.segments > 0 && this.budget.chars > 0;
  }

  signal(kind: ObfuscationKind, start: number, end: number): void {
    const key = `${kind} ${start} ${end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.signals.push({ kind, start, end });
  }

  /** Take a decoded segment if the budget allows, cutting its plaintext to the characters left. */
  accept(kind: SegmentKind, start: number, end: number, plain: string, signal: boolean): boolean {
    if (!this.canDecode) return false;
    const cut = plain.length > this.budget.chars ? plain.slice(0, this.budget.chars) : plain;
    this.budget.segments--;
    this.budget.chars -= cut.length;
    this.pending.push({ kind, start, end, plain: cut, signal });
    return true;
  }

  /** The original span of stripped/folded indices [from, to). */
  span(origin: Int32Array, from: number, to: number): [number, number] {
    const start = origin[from] ?? this.text.length;
    if (to <= from) return [start, start];
    const last = origin[to - 1] ?? this.text.length;
    return [start, last + codePointSize(this.text, last)];
  }
}

function deobfuscateLevel(text: string, levels: number, budget: Budget): Deobfuscated {
  const state = new LevelState(text, levels, budget);
  if (!needsFolding(text)) {
    // Plain ASCII prose: nothing to strip, decode or fold but the case; only rot13 can hide in it.
    const folded = text.toLowerCase();
    const origin = identityOrigin(text.length);
    if (levels > 0) findRot13(folded, origin, NO_SPANS, state);
    return finish(state, folded, origin);
  }
  const zeroWidth: ZeroWidthRun[] = [];
  const stripped = NON_ASCII.test(text) ? strip(text, state, zeroWidth) : asciiStripped(text);
  const protectedSpans = state.canDecode ? findEncodings(stripped, state) : NO_SPANS;
  const folded = foldWords(stripped, protectedSpans, zeroWidth, state);
  if (levels > 0) findRot13(folded, stripped.origin, protectedSpans, state);
  return finish(state, folded, stripped.origin);
}

/** Deobfuscate every accepted segment's plaintext (one level down) and gather all results. */
function finish(state: LevelState, folded: string, origin: Int32Array): Deobfuscated {
  const decoded: DecodedSegment[] = [];
  for (const p of state.pending) {
    const inner = deobfuscateLevel(p.plain, state.levels - 1, state.budget);
    decoded.push({ kind: p.kind, start: p.start, end: p.end, text: inner.folded });
    // Offsets inside a decoded text mean nothing in the original: nested findings get the outer span.
    for (const d of inner.decoded) decoded.push({ kind: d.kind, start: p.start, end: p.end, text: d.text });
    if (p.signal) state.signal(p.kind, p.start, p.end);
    for (const s of inner.signals) state.signal(s.kind, p.start, p.end);
  }
  decoded.sort((a, b) => a.start - b.start);
  const signals = state.signals.sort((a, b) => a.start - b.start || a.end - b.end);
  return { folded, origin, decoded, signals };
}

const NO_SPANS: readonly number[] = [];

function identityOrigin(n: number): Int32Array {
  const origin = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) origin[i] = i;
  return origin;
}

function codePointSize(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(at + 1)) ? 2 : 1;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

const NON_ASCII = /[\u0080-\uffff]/;

const S_LETTER = 1;
const S_LEET = 2; // digits, @ and $
const S_BASE64 = 4;
const S_JOIN = 8; // ! and |
const S_HEX = 16;

const SCAN_CLASSES = ((): Uint8Array => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 26; c++) t[65 + c] = t[97 + c] = S_LETTER | S_BASE64 | (c < 6 ? S_HEX : 0);
  for (let c = 48; c <= 57; c++) t[c] = S_LEET | S_BASE64 | S_HEX;
  t[64] = t[36] = S_LEET;
  t[43] = t[47] = t[95] = t[45] = S_BASE64;
  t[33] = t[124] = S_JOIN;
  return t;
})();

const SPACED_HEX = /(?:[0-9a-f]{2}[ ,:]+){3}[0-9a-f]{2}/i;

/**
 * Whether the text holds anything the slow path could change besides the case: non-ASCII, a percent escape,
 * a run long enough to be base64 or hex, spaced hex pairs, or a letter touching a digit or leet symbol.
 * Without one of them the slow path would only lower-case, so the fast path gives the same answer. One
 * pass over char codes: a regex alternation of these tests costs ten times as much.
 */
function needsFolding(text: string): boolean {
  let run = 0;
  let prev = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return true;
    const k = SCAN_CLASSES[c] ?? 0;
    if (
      c === 37 &&
      (SCAN_CLASSES[text.charCodeAt(i + 1)] ?? 0) & S_HEX &&
      (SCAN_CLASSES[text.charCodeAt(i + 2)] ?? 0) & S_HEX
    )
      return true;
    if (k & S_BASE64) {
      if (++run >= 16) return true;
    } else run = 0;
    if ((prev & S_LETTER && k & S_LEET) || (prev & S_LEET && k & S_LETTER)) return true;
    if (k & S_JOIN && prev & S_LETTER && (SCAN_CLASSES[text.charCodeAt(i + 1)] ?? 0) & S_LETTER) return true;
    prev = k;
  }
  return SPACED_HEX.test(text);
}

// -------------------------------------------------------------------------------------- character classes

const F_WORD = 1; // letter, mark, digit, or the leet symbols @ and $
const F_LETTER = 2;
const F_LATIN = 4; // a letter of the Latin script
const F_LGC = 8; // a Latin, Greek or Cyrillic letter, or an ASCII digit: scripts that never need a ZWJ/ZWNJ
const F_DIGIT = 16;
const F_JOIN = 32; // ! and |: part of a word only between two word characters ("h!dden", "he||o")
const F_KNOWN = 128;

const ASCII_FLAGS = ((): Uint8Array => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 26; c++) {
    t[65 + c] = t[97 + c] = F_WORD | F_LETTER | F_LATIN | F_LGC;
  }
  for (let c = 48; c <= 57; c++) t[c] = F_WORD | F_DIGIT | F_LGC;
  t[64] = t[36] = F_WORD; // @ $
  t[33] = t[124] = F_JOIN; // ! |
  return t;
})();

const IS_LETTER = /\p{L}/u;
const IS_LATIN = /\p{Script=Latin}/u;
const IS_GREEK_OR_CYRILLIC = /[\p{Script=Greek}\p{Script=Cyrillic}]/u;
const IS_NUMBER = /\p{N}/u;
const IS_MARK = /\p{M}/u;

/** Flags of each BMP code unit, computed on first sight (Unicode property regexes are too slow per char). */
let bmpFlags: Uint8Array | undefined;

function unitFlags(u: number): number {
  if (u < 0x80) return ASCII_FLAGS[u] ?? 0;
  const table = (bmpFlags ??= new Uint8Array(0x10000));
  const known = table[u] ?? 0;
  if (known !== 0) return known & ~F_KNOWN;
  let f = 0;
  // Surrogates stay word-less: astral letters are rare and emoji are not letters.
  if (u < 0xd800 || u > 0xdfff) {
    const ch = String.fromCharCode(u);
    if (IS_LETTER.test(ch)) {
      f = F_WORD | F_LETTER;
      if (IS_LATIN.test(ch)) f |= F_LATIN | F_LGC;
      else if (IS_GREEK_OR_CYRILLIC.test(ch)) f |= F_LGC;
    } else if (IS_NUMBER.test(ch)) f = F_WORD | F_DIGIT;
    else if (IS_MARK.test(ch)) f = F_WORD;
  }
  table[u] = f | F_KNOWN;
  return f;
}

/** Lower case of each BMP code unit, cached (0 = not computed yet). */
let bmpLower: Uint16Array | undefined;

function lowerUnit(u: number): number {
  if (u < 0x80) return u >= 65 && u <= 90 ? u + 32 : u;
  const table = (bmpLower ??= new Uint16Array(0x10000));
  const known = table[u] ?? 0;
  if (known !== 0) return known;
  // İ (U+0130) is the one BMP letter whose lower case is two units ("i̇"); its first unit keeps the
  // fold one unit for one unit, which is what `origin` relies on.
  const lower = String.fromCharCode(u).toLowerCase().charCodeAt(0);
  table[u] = lower;
  return lower;
}

// ------------------------------------------------------------------------------- stage 1: strip invisibles

/** A run of zero-width characters, judged once words are known. */
interface ZeroWidthRun {
  readonly start: number;
  readonly end: number;
  readonly count: number;
  /** Stripped index where the run was (the characters on both sides are now neighbours). */
  readonly at: number;
}

interface Stripped {
  /** NFKC per code point, invisible and format characters removed, case kept. */
  readonly text: string;
  /** Stripped index -> original index, length text.length + 1. */
  readonly origin: Int32Array;
}

const RUN_NONE = 0;
const RUN_ZERO_WIDTH = 1;
const RUN_BIDI = 2;
const RUN_TAG = 3;
const RUN_SELECTOR = 4;
const RUN_SILENT = 5; // dropped without a signal

/**
 * Invisible characters by kind.
 * - Zero-width characters split a keyword for a matcher while the model still reads it: "ig\u200Bnore".
 * - Bidi embedding, override and isolate controls reorder what a human reviewer sees (Trojan Source,
 *   CVE-2021-42574) while the model reads the logical order.
 * - Tag characters U+E0000-E007F mirror ASCII invisibly ("ASCII smuggling"): models read them, people and
 *   filters do not.
 * - Runs of variation selectors can carry one byte each, invisibly, after any character.
 * - LRM, RLM, ALM and interlinear annotation marks have routine uses in right-to-left text: dropped, no signal.
 */
function invisibleKind(cp: number): number {
  if (cp < 0x00ad) return RUN_NONE;
  if (cp === 0x00ad || cp === 0x034f || cp === 0x180e || cp === 0xfeff) return RUN_ZERO_WIDTH;
  if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064)) return RUN_ZERO_WIDTH;
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return RUN_BIDI;
  if (cp >= 0xe0000 && cp <= 0xe007f) return RUN_TAG;
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return RUN_SELECTOR;
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c || (cp >= 0xfff9 && cp <= 0xfffb)) return RUN_SILENT;
  return RUN_NONE;
}

/** NFKC of single code points that change; null when the code point is already NFKC. */
const nfkcCache = new Map<number, string | null>();
/** BMP code points known to be NFKC already (the common case), so that they skip the Map. */
let bmpNfkcStable: Uint8Array | undefined;

function nfkcOf(cp: number): string | null {
  if (cp < 0x10000) {
    const stable = (bmpNfkcStable ??= new Uint8Array(0x10000));
    if (stable[cp] === 1) return null;
    const ch = String.fromCharCode(cp);
    const n = ch.normalize('NFKC');
    if (n === ch) {
      stable[cp] = 1;
      return null;
    }
  }
  let cached = nfkcCache.get(cp);
  if (cached === undefined) {
    const ch = String.fromCodePoint(cp);
    const n = ch.normalize('NFKC');
    cached = n === ch ? null : n;
    if (nfkcCache.size < 65536) nfkcCache.set(cp, cached);
  }
  return cached;
}

/** Growable parallel arrays of stripped code units and their original offsets. */
class StrippedBuilder {
  units: Uint16Array;
  origin: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.units = new Uint16Array(capacity);
    this.origin = new Int32Array(capacity + 1);
  }

  push(unit: number, from: number): void {
    if (this.length === this.units.length) {
      const units = new Uint16Array(this.units.length * 2 + 16);
      units.set(this.units);
      const origin = new Int32Array(units.length + 1);
      origin.set(this.origin);
      this.units = units;
      this.origin = origin;
    }
    this.units[this.length] = unit;
    this.origin[this.length++] = from;
  }
}

/** UTF-16LE decoding is a copy; spreading code units into String.fromCharCode is 30 times slower. */
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function unitsToString(units: Uint16Array, length: number): string {
  let surrogates = false;
  for (let i = 0; i < length && !surrogates; i++) surrogates = ((units[i] ?? 0) & 0xf800) === 0xd800;
  const view = units.subarray(0, length);
  // the decoder would replace lone surrogates with U+FFFD; String.fromCharCode keeps every unit as it is
  if (LITTLE_ENDIAN && !surrogates) return UTF16.decode(view);
  let s = '';
  for (let i = 0; i < length; i += 4096)
    s += String.fromCharCode.apply(null, view.subarray(i, i + 4096) as unknown as number[]);
  return s;
}

function codesToString(codes: readonly number[]): string {
  let s = '';
  for (let i = 0; i < codes.length; i += 4096) s += String.fromCharCode(...codes.slice(i, i + 4096));
  return s;
}

function asciiStripped(text: string): Stripped {
  return { text, origin: identityOrigin(text.length) };
}

/** U+1F3F4 WAVING BLACK FLAG: the base of the subdivision flags (England, Scotland, Wales) spelled in tags. */
const BLACK_FLAG = 0x1f3f4;
/** ISO 3166-2 subdivision codes as emoji tag sequences spell them: "gbeng", "gbsct", "gbwls", "usca". */
const SUBDIVISION_CODE = /^[a-z]{2}[a-z0-9]{1,4}$/;
const TAG_CANCEL = 0xe007f;
const MAX_INVISIBLE_PAYLOAD = 65536;

function strip(text: string, state: LevelState, zeroWidth: ZeroWidthRun[]): Stripped {
  const n = text.length;
  const out = new StrippedBuilder(n + 16);
  let prevCp = -1;
  // At most one run of invisible characters is open: a run is consecutive code points of one kind.
  let runKind = RUN_NONE;
  let runStart = 0;
  let runEnd = 0;
  let runCount = 0;
  let runAt = 0;
  let runAfterFlag = false;
  let runLastCp = 0;
  let payload: number[] = [];

  const closeRun = (): void => {
    if (runKind === RUN_ZERO_WIDTH) {
      zeroWidth.push({ start: runStart, end: runEnd, count: runCount, at: runAt });
    } else if (runKind === RUN_BIDI) {
      state.signal('bidi-control', runStart, runEnd);
    } else if (runKind === RUN_TAG) {
      closeTagRun(state, runStart, runEnd, payload, runAfterFlag && runLastCp === TAG_CANCEL);
    } else if (runKind === RUN_SELECTOR && runCount >= 2) {
      closeSelectorRun(state, runStart, runEnd, payload);
    }
    runKind = RUN_NONE;
  };

  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (runKind !== RUN_NONE) closeRun();
      out.push(c, i);
      prevCp = c;
      i++;
      continue;
    }
    let cp = c;
    let size = 1;
    if (isHighSurrogate(c) && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (isLowSurrogate(d)) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        size = 2;
      }
    }
    const kind = invisibleKind(cp);
    if (kind !== runKind && runKind !== RUN_NONE) closeRun();
    if (kind !== RUN_NONE && kind !== RUN_SILENT) {
      if (runKind === RUN_NONE) {
        runKind = kind;
        runStart = i;
        runCount = 0;
        runAt = out.length;
        runAfterFlag = prevCp === BLACK_FLAG;
        payload = [];
      }
      runEnd = i + size;
      runCount++;
      runLastCp = cp;
      if (payload.length >= MAX_INVISIBLE_PAYLOAD) {
        // longer than any budget: the rest is neither decoded nor kept
      } else if (kind === RUN_TAG && cp >= 0xe0020 && cp <= 0xe007e) payload.push(cp - 0xe0000);
      else if (kind === RUN_SELECTOR) payload.push(cp >= 0xe0100 ? cp - 0xe0100 + 16 : cp - 0xfe00);
    } else if (kind === RUN_NONE) {
      if (size === 1 && (isHighSurrogate(c) || isLowSurrogate(c))) {
        out.push(c, i); // a lone surrogate is kept as it is
      } else {
        // NFKC folds fullwidth (ｉｇｎｏｒｅ), mathematical (𝐢𝐠𝐧𝐨𝐫𝐞), circled and ligature forms to plain
        // letters that keyword rules and the classifier know. Per code point, so each output unit maps to
        // the code point it came from.
        const nfkc = nfkcOf(cp);
        if (nfkc === null) {
          out.push(c, i);
          if (size === 2) out.push(text.charCodeAt(i + 1), i);
        } else {
          for (let k = 0; k < nfkc.length; k++) out.push(nfkc.charCodeAt(k), i);
        }
      }
    }
    prevCp = cp;
    i += size;
  }
  if (runKind !== RUN_NONE) closeRun();
  out.origin[out.length] = n;
  return { text: unitsToString(out.units, out.length), origin: out.origin.subarray(0, out.length + 1) };
}

function closeTagRun(
  state: LevelState,
  start: number,
  end: number,
  payload: number[],
  afterFlag: boolean,
): void {
  const ascii = codesToString(payload);
  // 🏴 + "gbeng" + CANCEL TAG is England's flag; anything else after 🏴 is smuggling dressed as a flag.
  if (afterFlag && SUBDIVISION_CODE.test(ascii)) return;
  state.signal('unicode-tag', start, end);
  if (ascii.length > 0) state.accept('unicode-tag', start, end, ascii, false);
}

/**
 * One variation selector after a character picks a glyph (emoji vs text style, CJK variants); a run of
 * them has no such use and can encode one byte each (VS1-16 = 0-15, VS17-256 = 16-255).
 */
function closeSelectorRun(state: LevelState, start: number, end: number, bytes: number[]): void {
  const plain = textFromBytes(Uint8Array.from(bytes), false);
  if (plain === undefined) return; // e.g. a doubled VS16 from a sloppy emoji picker
  state.signal('unicode-tag', start, end);
  state.accept('unicode-tag', start, end, plain, false);
}

// ------------------------------------------------------------------------------- stage 2: encoded segments

/**
 * Hex pairs, bare or as `\x41` / `0x41`, optionally separated by a space, comma or colon. Each repetition
 * consumes exactly one pair and the separators cannot start a pair, so the match is linear.
 */
const HEX_RUN = /(?<![0-9A-Za-z\\])(?:(?:\\x|0x)?[0-9A-Fa-f]{2}(?:, ?|[ :])?){16,}/g;
/** Standard or URL-safe base64, optionally padded. The lookbehind keeps matches from starting mid-run. */
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;
/** A cheap gate before HEX_RUN: 8 hex pairs in any of its shapes. */
const HEX_HINT = /(?:[0-9a-f]{2}(?:, ?|[ :])?(?:\\x|0x)?){8}/i;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/g;
const MIN_PERCENT_ESCAPES = 3;

/**
 * Find hex, percent-encoded and base64 segments in the stripped text (case kept: base64 needs it) and accept
 * those that decode to text. Returns the accepted spans in stripped indices, sorted, as flat pairs: the
 * fold leaves them alone (leetspeak inside base64 is noise).
 */
function findEncodings(stripped: Stripped, state: LevelState): number[] {
  const spans: number[] = [];
  const text = stripped.text;
  const take = (kind: SegmentKind, from: number, to: number, plain: string, signal: boolean): boolean => {
    const [start, end] = state.span(stripped.origin, from, to);
    if (!state.accept(kind, start, end, plain, signal)) return false;
    spans.push(from, to);
    return true;
  };

  // Hex: "69676e6f726520616c6c" or "\x69\x67\x6e...": 16 pairs at least. Digests and UUIDs decode to bytes
  // that are not text and are left alone.
  if (HEX_HINT.test(text)) {
    for (const m of text.matchAll(HEX_RUN)) {
      if (!state.canDecode) return sortSpans(spans);
      const from = m.index;
      const to = from + m[0].length;
      const digits = m[0].replace(/\\x|0x|[ ,:]/gi, '');
      // a bare run glued to more letters is part of a longer token (an id, base64), not a hex encoding
      if (
        digits.length === m[0].length &&
        to < text.length &&
        (unitFlags(text.charCodeAt(to)) & F_WORD) !== 0
      )
        continue;
      const plain = decodeHex(digits, state.budget.chars);
      if (plain !== undefined) take('hex', from, trimTrailingSeparator(text, from, to), plain, true);
    }
  }

  // Percent-encoding: "%69%67%6E%6F%72%65" hides keywords from matchers; a URL with one %20 is routine.
  if (text.includes('%')) {
    for (const [from, to, escapes] of percentRuns(text)) {
      if (!state.canDecode) return sortSpans(spans);
      if (escapes < MIN_PERCENT_ESCAPES || overlaps(spans, from, to)) continue;
      const plain = percentDecode(text.slice(from, to));
      if (plain !== text.slice(from, to) && looksLikeText(plain, false))
        take('url-encoding', from, to, plain, true);
    }
  }

  // Base64 (standard or URL-safe): "SWdub3JlIGFsbCBwcmV2aW91cyBpbnN0cnVjdGlvbnM=". Keys, hashes, JWT
  // signatures and images decode to binary and are dropped by the text test.
  for (const m of text.matchAll(BASE64_RUN)) {
    if (!state.canDecode) return sortSpans(spans);
    const from = m.index;
    const to = from + m[0].length;
    if (overlaps(spans, from, to)) continue;
    const plain = decodeBase64(m[0], state.budget.chars);
    if (plain === undefined) continue;
    // A JWT's header and payload (base64url JSON between dots) are routine, not obfuscation: decoded so that
    // an instruction hidden in a claim is still scored, but not signalled.
    const jwt = m[0].startsWith('eyJ') && (text.charCodeAt(from - 1) === 46 || text.charCodeAt(to) === 46);
    take('base64', from, to, plain, !jwt);
  }
  return sortSpans(spans);
}

function trimTrailingSeparator(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /[ ,:]/.test(text.charAt(end - 1))) end--;
  return end;
}

/** Sort flat [from, to] pairs by start. */
function sortSpans(spans: number[]): number[] {
  if (spans.length <= 2) return spans;
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < spans.length; i += 2) pairs.push([spans[i] ?? 0, spans[i + 1] ?? 0]);
  pairs.sort((a, b) => a[0] - b[0]);
  return pairs.flat();
}

function overlaps(spans: readonly number[], from: number, to: number): boolean {
  for (let i = 0; i + 1 < spans.length; i += 2) {
    if ((spans[i] ?? 0) < to && (spans[i + 1] ?? 0) > from) return true;
  }
  return false;
}

const isSpace = (u: number): boolean => u === 32 || (u >= 9 && u <= 13) || u === 0xa0 || u === 0x3000;

/**
 * Whitespace-delimited chunks holding percent escapes, merged with following chunks that hold escapes too
 * ("%69%67%6E%6F%72%65 %61%6C%6C"): [from, to, escapes]. Done by hand: the obvious regex backtracks
 * quadratically on a long chunk without an escape.
 */
function percentRuns(text: string): [number, number, number][] {
  const escapes: number[] = [];
  for (const m of text.matchAll(PERCENT_ESCAPE)) escapes.push(m.index);
  const runs: [number, number, number][] = [];
  let k = 0;
  while (k < escapes.length) {
    let from = escapes[k] ?? 0;
    while (from > 0 && !isSpace(text.charCodeAt(from - 1))) from--;
    let to = from;
    let count = 0;
    for (;;) {
      while (to < text.length && !isSpace(text.charCodeAt(to))) to++;
      while (k < escapes.length && (escapes[k] ?? 0) < to) {
        count++;
        k++;
      }
      // continue into the next chunk only if it holds an escape too
      let next = to;
      while (next < text.length && isSpace(text.charCodeAt(next))) next++;
      let nextEnd = next;
      while (nextEnd < text.length && !isSpace(text.charCodeAt(nextEnd))) nextEnd++;
      if (k < escapes.length && next > to && (escapes[k] ?? 0) < nextEnd) to = next;
      else break;
    }
    runs.push([from, to, count]);
  }
  return runs;
}

const UTF8 = new TextDecoder('utf-8');

/** Decode %XX runs as UTF-8 bytes; malformed sequences become U+FFFD instead of throwing (decodeURIComponent would). */
function percentDecode(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(3 * i + 1, 3 * i + 3), 16);
    return UTF8.decode(bytes);
  });
}

function decodeHex(digits: string, maxChars: number): string | undefined {
  const all = digits.length >> 1;
  const pairs = Math.min(all, maxChars + 4); // each decoded character takes one byte at least
  const bytes = new Uint8Array(pairs);
  for (let i = 0; i < pairs; i++) {
    bytes[i] = (hexValue(digits.charCodeAt(2 * i)) << 4) | hexValue(digits.charCodeAt(2 * i + 1));
  }
  return textFromBytes(bytes, true, pairs < all);
}

const hexValue = (u: number): number => (u <= 57 ? u - 48 : (u | 0x20) - 87);

const BASE64_VALUES = ((): Int8Array => {
  const t = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  t[43] = t[45] = 62; // + and URL-safe -
  t[47] = t[95] = 63; // / and URL-safe _
  return t;
})();

/** Check a short prefix first: a long run of binary (an image data URI) is rejected without decoding it all. */
const BASE64_PROBE_CHARS = 64;

function decodeBase64(run: string, maxChars: number): string | undefined {
  let end = run.length;
  while (end > 0 && run.charCodeAt(end - 1) === 61) end--; // padding
  if (
    end > BASE64_PROBE_CHARS &&
    textFromBytes(base64Bytes(run, BASE64_PROBE_CHARS), false, true) === undefined
  )
    return undefined;
  // enough characters for maxChars decoded characters (each takes one byte at least)
  const limit = Math.min(end, (Math.ceil(maxChars / 3) + 2) * 4);
  return textFromBytes(base64Bytes(run, limit), true, limit < end);
}

function base64Bytes(run: string, end: number): Uint8Array {
  const usable = end - (end % 4 === 1 ? 1 : 0);
  const bytes = new Uint8Array(Math.floor((usable * 3) / 4));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < usable; i++) {
    acc = ((acc << 6) | (BASE64_VALUES[run.charCodeAt(i)] ?? 0)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (acc >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, n);
}

/**
 * The text the bytes decode to, if they are text: valid UTF-8 (U+FFFD only where a cut split the last
 * character), at least 85% printable, with a letter, and (for base64 and hex, whose random runs are common)
 * with whitespace, or CJK/Thai letters, which do not use spaces, or wholly another encoded run (base64 of
 * base64).
 */
function textFromBytes(bytes: Uint8Array, needSpace: boolean, cut = false): string | undefined {
  if (bytes.length === 0) return undefined;
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if ((b < 32 && b !== 9 && b !== 10 && b !== 13) || b === 127) controls++;
  }
  if (controls > bytes.length * 0.15) return undefined;
  let text = UTF8.decode(bytes);
  if (cut) text = text.replace(/\uFFFD+$/, '');
  return looksLikeText(text, needSpace) ? text : undefined;
}

function looksLikeText(text: string, needSpace: boolean): boolean {
  let total = 0;
  let printable = 0;
  let letters = 0;
  let spaces = 0;
  let spaceless = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (isLowSurrogate(u)) continue; // counted with its high half
    total++;
    if (u === 0xfffd) return false; // invalid UTF-8
    if (u < 0x80) {
      if (u >= 32 && u < 127) printable++;
      if (u === 32 || u === 9 || u === 10 || u === 13) {
        spaces++;
        if (u !== 32) printable++;
      } else if ((ASCII_FLAGS[u] ?? 0) & F_LETTER) letters++;
      continue;
    }
    if (u < 0xa0) continue; // C1 controls
    printable++;
    if (isHighSurrogate(u)) continue;
    if (isSpace(u)) spaces++;
    else if (unitFlags(u) & F_LETTER) {
      letters++;
      if ((u >= 0x3040 && u <= 0x9fff) || (u >= 0xac00 && u <= 0xd7a3) || (u >= 0x0e00 && u <= 0x0e7f))
        spaceless++;
    }
  }
  if (total === 0 || printable < total * 0.85 || letters === 0) return false;
  return !needSpace || spaces > 0 || spaceless >= 4 || WHOLLY_ENCODED.test(text);
}

/** A decoded text that is itself one base64 or hex run: the middle layer of a nested encoding. */
const WHOLLY_ENCODED = /^(?:[A-Za-z0-9+/_-]{16,}={0,2}|(?:[0-9A-Fa-f]{2}){16,})$/;

// --------------------------------------------------------------------------------- stage 3: fold words

/**
 * Letters of other scripts drawn like a Latin letter, and a few Latin IPA letters that pass for plain ones,
 * mapped to that Latin letter (lower case: the fold lower-cases). Pairs of equal-length strings: source
 * characters, then their Latin letters.
 */
const HOMOGLYPH_ROWS: readonly (readonly [string, string])[] = [
  // Cyrillic а е о р с у х і ј ѕ ԁ һ ԛ ԝ ӏ ѵ ү к
  [
    '\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04bb\u051b\u051d\u04cf\u0475\u04af\u043a',
    'aeopcyxijsdhqwlvyk',
  ],
  // Cyrillic А В Е К М Н О Р С Т Х У І Ј Ѕ Ԁ Ԛ Ԝ Ү Ӏ Һ Ѵ
  [
    '\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0423\u0406\u0408\u0405\u0500\u051a\u051c\u04ae\u04c0\u04ba\u0474',
    'abekmhopctxyijsdqwylhv',
  ],
  // Greek Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
  ['\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7', 'abezhikmnoptyx'],
  // Greek α ο ν ι κ ρ τ υ χ γ ε ϲ ϳ
  ['\u03b1\u03bf\u03bd\u03b9\u03ba\u03c1\u03c4\u03c5\u03c7\u03b3\u03b5\u03f2\u03f3', 'aovikptuxyecj'],
  // Armenian օ ս ո հ զ ց
  ['\u0585\u057d\u0578\u0570\u0566\u0581', 'ounhqg'],
  // Latin ı ɡ ɑ ȷ ɩ ɪ ʏ ʋ (Latin script: also ordinary letters in Turkish and IPA, see foldWord)
  ['\u0131\u0261\u0251\u0237\u0269\u026a\u028f\u028b', 'igajiiyv'],
];

/** Source code unit -> Latin letter code (0 = none). */
const HOMOGLYPH_TO = ((): Uint8Array => {
  const t = new Uint8Array(0x10000);
  for (const [from, to] of HOMOGLYPH_ROWS) {
    for (let i = 0; i < from.length; i++) t[from.charCodeAt(i)] = to.charCodeAt(i);
  }
  return t;
})();

/** Leet symbol -> letter it stands for (0 = none). 2, 6 and 9 are not leet here: "b2b", "h264", "x86". */
const LEET_TO = ((): Uint8Array => {
  const t = new Uint8Array(128);
  const pairs = '0o1i3e4a5s7t8b@a$s!i|l';
  for (let i = 0; i < pairs.length; i += 2) t[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1);
  return t;
})();

/**
 * Words attackers spell in leet or with look-alike letters to slip past filters. A token that folds to one
 * of them is folded even when it would not pass the general leet rule ("m0de", "h4ck", "adm1n").
 */
const ATTACK_WORDS: ReadonlySet<string> = new Set(
  (
    'ignore ignored ignoring previous prior above instruction instructions system prompt prompts password ' +
    'passwords passwd secret secrets bypass jailbreak jailbroken override disregard forget reveal admin ' +
    'administrator developer mode rules unfiltered uncensored unrestricted restrictions hack hacker hacking ' +
    'hacked exploit malware payload root sudo shell execute command commands credentials confidential leak ' +
    'exfiltrate pretend roleplay persona guidelines policy filter filters safety censored disable unlock access ' +
    'token tokens everything anything output print repeat respond answer tell pwned illegal weapon weapons bomb ' +
    'kill drugs attack ' +
    // and the short words around them in "1gn0r3 4ll pr3v10us", "r3v34l y0ur s3cr3t"
    'all you your now the and are this that with'
  ).split(' '),
);

const LONGEST_ATTACK_WORD = Math.max(...[...ATTACK_WORDS].map((w) => w.length));

/** Tokens longer than this are identifiers or encodings, not leet words ("1nstruct10ns" has 12). */
const MAX_LEET_TOKEN = 24;
const URL_OR_EMAIL = /:\/\/|^www\.|[^\s@]@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/i;
const ALL_HEX = /^[0-9a-f]+$/i;

function foldWords(
  stripped: Stripped,
  protectedSpans: readonly number[],
  zeroWidth: readonly ZeroWidthRun[],
  state: LevelState,
): string {
  const text = stripped.text;
  const len = text.length;
  const folded = new FoldedText(text);
  for (let i = 0; i < len;) {
    if ((unitFlags(text.charCodeAt(i)) & F_WORD) === 0) {
      i++;
      continue;
    }
    const start = i;
    let candidate = false;
    while (i < len) {
      const u = text.charCodeAt(i);
      const f = unitFlags(u);
      if (f & F_WORD) {
        if (u < 0x80 ? (LEET_TO[u] ?? 0) !== 0 : (HOMOGLYPH_TO[u] ?? 0) !== 0) candidate = true;
        i++;
      } else if (f & F_JOIN && i + 1 < len && unitFlags(text.charCodeAt(i + 1)) & F_WORD) {
        candidate = true;
        i++;
      } else break;
    }
    if (candidate && !overlaps(protectedSpans, start, i)) foldWord(stripped, folded, start, i, state);
  }
  for (const run of zeroWidth) judgeZeroWidth(stripped, run, state);
  return folded.toString();
}

/**
 * The stripped text lower-cased, then edited one code unit for one code unit (which `origin` relies on).
 * The code units are materialised only when a word is folded: most texts need `toLowerCase` alone.
 */
class FoldedText {
  private readonly lower: string;
  private units: Uint16Array | undefined;

  constructor(text: string) {
    this.lower = text.toLowerCase();
    // toLowerCase keeps the length but for İ (U+0130 -> "i̇"); then lower-case unit by unit
    if (this.lower.length !== text.length) {
      this.units = new Uint16Array(text.length);
      for (let i = 0; i < text.length; i++) this.units[i] = lowerUnit(text.charCodeAt(i));
    }
  }

  at(k: number): number {
    return this.units === undefined ? this.lower.charCodeAt(k) : (this.units[k] ?? 0);
  }

  set(k: number, unit: number): void {
    if (this.units === undefined) {
      this.units = new Uint16Array(this.lower.length);
      for (let i = 0; i < this.lower.length; i++) this.units[i] = this.lower.charCodeAt(i);
    }
    this.units[k] = unit;
  }

  slice(start: number, end: number): string {
    return this.units === undefined
      ? this.lower.slice(start, end)
      : unitsToString(this.units.subarray(start, end), end - start);
  }

  toString(): string {
    return this.units === undefined ? this.lower : unitsToString(this.units, this.units.length);
  }
}

/**
 * Fold homoglyphs and leetspeak in the word [start, end) of the stripped text.
 *
 * Homoglyphs: "іgnоrе" with Cyrillic і, о, е reads as "ignore" but matches nothing. A word mixing Latin
 * letters with look-alikes of another script is folded and signalled; a word wholly in Cyrillic or Greek
 * is real Russian or Greek and left alone. Latin IPA look-alikes (ı, ɡ, ɑ) are folded always (harmless for
 * matching) but signalled only when the word becomes an attack word: ı is an ordinary Turkish letter.
 *
 * Leetspeak: "1gn0r3 pr3v10us 1nstruct10ns". Folded when the token becomes an attack word, or when it has
 * at least 3 ASCII letters and 2 leet characters, one of them between letters, no other digit, is at most
 * 24 characters long, is cased like a word (lower or Capitalised), is not all hex digits, and is not part
 * of a URL, an e-mail address or a longer key. That spares numbers, versions (v1.2.3), sha256, utf8, h264,
 * covid19, b2b, mp3, 4k, i18n, a11y, server01, hex digests and random keys.
 */
function foldWord(
  stripped: Stripped,
  folded: FoldedText,
  start: number,
  end: number,
  state: LevelState,
): void {
  const text = stripped.text;
  let latin = 0; // Latin letters that are not look-alikes
  let latinLookalikes = 0;
  let foreignLookalikes = 0;
  let foreignOther = 0;
  let leet = 0;
  let otherDigits = 0;
  for (let k = start; k < end; k++) {
    const u = text.charCodeAt(k);
    const f = unitFlags(u);
    if (u < 0x80 && (LEET_TO[u] ?? 0) !== 0) leet++;
    else if (f & F_DIGIT) otherDigits++;
    else if ((HOMOGLYPH_TO[u] ?? 0) !== 0) {
      if (f & F_LATIN) latinLookalikes++;
      else foreignLookalikes++;
    } else if (f & F_LATIN) latin++;
    else if (f & F_LETTER) foreignOther++;
  }
  const foldForeign = foreignLookalikes > 0 && latin + latinLookalikes > 0;
  const foldLatin = !foldForeign && latinLookalikes > 0 && foreignOther === 0;
  // another digit or a letter of another script could not become an attack word nor pass the general rule
  const leetPossible = leet > 0 && otherDigits === 0 && foreignOther === 0 && end - start <= MAX_LEET_TOKEN;
  if (!foldForeign && !foldLatin && !leetPossible) return;

  if (foldForeign || foldLatin) {
    for (let k = start; k < end; k++) {
      const to = HOMOGLYPH_TO[text.charCodeAt(k)] ?? 0;
      if (to !== 0) folded.set(k, to);
    }
  }
  const leetSignal = leetPossible && foldLeet(text, folded, start, end);
  const homoglyphSignal =
    foldForeign ||
    (foldLatin && end - start <= LONGEST_ATTACK_WORD && ATTACK_WORDS.has(folded.slice(start, end)));
  if (homoglyphSignal || leetSignal) {
    const [s, e] = state.span(stripped.origin, start, end);
    if (homoglyphSignal) state.signal('homoglyph', s, e);
    if (leetSignal) state.signal('leetspeak', s, e);
  }
}

/** Apply the leet rule (see foldWord) to [start, end); true when the token was folded. */
function foldLeet(text: string, folded: FoldedText, start: number, end: number): boolean {
  let reading = '';
  let letters = 0;
  let leet = 0;
  let upper = 0;
  let interior = false; // a leet character with letters on both sides
  let leetSinceLetter = false;
  for (let k = start; k < end; k++) {
    const u = text.charCodeAt(k);
    const sub = u < 0x80 ? (LEET_TO[u] ?? 0) : 0;
    if (sub !== 0) {
      leet++;
      if (letters > 0) leetSinceLetter = true;
      reading += String.fromCharCode(sub);
      continue;
    }
    const o = folded.at(k);
    reading += String.fromCharCode(o);
    if (o >= 97 && o <= 122) {
      if (letters > 0 && u >= 65 && u <= 90) upper++;
      if (leetSinceLetter) interior = true;
      letters++;
    }
  }
  if (letters === 0) return false;

  if (!attackWordReading()) {
    if (letters < 3 || leet < 2 || !interior) return false; // "test01", "@user1": an identifier's affix
    if (upper > 0) return false; // camelCase, ALL CAPS: codes and keys (an attack word is folded above)
    const token = text.slice(start, end);
    if (ALL_HEX.test(token) || token.includes('||')) return false;
    if (base64RunLength(text, start, end) > MAX_LEET_TOKEN) return false; // a piece of a key or of base64
  }
  if (URL_OR_EMAIL.test(chunkAround(text, start, end))) return false;
  for (let k = start; k < end; k++) folded.set(k, reading.charCodeAt(k - start));
  return true;

  function attackWordReading(): boolean {
    if (reading.length > LONGEST_ATTACK_WORD) return false;
    if (ATTACK_WORDS.has(reading)) return true;
    // 1 reads as l about as often as i ("ru1es", "fi1ter"); not in short tokens ("A11" is a cell)
    if (reading.length <= 3) return false;
    const readingL = reading.replace(/i/g, (ch, at: number) =>
      text.charCodeAt(start + at) === 49 ? 'l' : ch,
    );
    if (readingL === reading || !ATTACK_WORDS.has(readingL)) return false;
    reading = readingL;
    return true;
  }
}

/** Length of the run of base64 characters holding [start, end). */
function base64RunLength(text: string, start: number, end: number): number {
  let from = start;
  while (from > 0 && isBase64Unit(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < text.length && isBase64Unit(text.charCodeAt(to))) to++;
  return to - from;
}

const isBase64Unit = (u: number): boolean => u < 0x80 && ((BASE64_VALUES[u] ?? -1) >= 0 || u === 61);

/** The whitespace-delimited chunk holding [start, end). */
function chunkAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && !isSpace(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < text.length && !isSpace(text.charCodeAt(to))) to++;
  return text.slice(from, to);
}

/**
 * A zero-width character between two Latin, Greek or Cyrillic letters or digits ("ig\u200Bnore") only
 * breaks the word for matchers; so does a run of two or more anywhere. A ZWJ between emoji (👨‍👩‍👧) or a
 * ZWNJ in Persian or Indic words is orthography and raises nothing.
 */
function judgeZeroWidth(stripped: Stripped, run: ZeroWidthRun, state: LevelState): void {
  const text = stripped.text;
  const at = run.at;
  const inWord =
    at > 0 &&
    at < text.length &&
    (unitFlags(text.charCodeAt(at - 1)) & F_LGC) !== 0 &&
    (unitFlags(text.charCodeAt(at)) & F_LGC) !== 0;
  if (inWord) {
    let from = at - 1;
    while (from > 0 && unitFlags(text.charCodeAt(from - 1)) & F_WORD) from--;
    let to = at;
    while (to < text.length && unitFlags(text.charCodeAt(to)) & F_WORD) to++;
    const [s, e] = state.span(stripped.origin, from, to);
    state.signal('zero-width', s, e);
  } else if (run.count >= 2) {
    state.signal('zero-width', run.start, run.end);
  }
}

// ------------------------------------------------------------------------------------------------ rot13

/**
 * About 150 very common English words plus 25 words of injection attacks. Ordinary English is full of
 * them; rot13 of English is full of their rot13 forms and almost never of them. Across 58,000 English
 * words only "bar", "fur" and the letters n and v are rot13 of a listed word, and only "be"/"or" are both.
 */
const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'the be to of and a in that have i it for not on with he as you do at this but his by from they we say her ' +
    'she or an will my one all would there their what so up out if about who get which go me when make can ' +
    'like time no just him know take people into year your good some could them see other than then now look ' +
    'only come its over think also back after use two how our work first well way even new want because any ' +
    'these give day most us is are was were been has had did said very more much many should must may might ' +
    'here where why those each every both own same too again once down off under while through before between ' +
    'never always something nothing everything anything tell show print write read answer respond following ' +
    'text message user assistant please ignore ignored previous prior above below instructions instruction ' +
    'system prompt forget disregard rules rule reveal secret password bypass override developer mode'
  ).split(' '),
);

const rot13 = (s: string): string =>
  s.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));

const W_COMMON = 1;
const W_ROT13 = 2; // rot13 of a common word

/**
 * COMMON_WORDS and their rot13 forms in an open-addressing hash table, looked up by a range of the folded
 * text: the scan visits every word of every text, and slicing each one out costs more than the rest.
 */
const WORD_SLOTS = 1024;
const wordKeys: (string | undefined)[] = new Array<string | undefined>(WORD_SLOTS).fill(undefined);
const wordFlags = new Uint8Array(WORD_SLOTS);

function hashRange(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & (WORD_SLOTS - 1);
}

function wordSlot(s: string, start: number, end: number): number {
  let slot = hashRange(s, start, end);
  for (;;) {
    const key = wordKeys[slot];
    if (key === undefined || (key.length === end - start && s.startsWith(key, start))) return slot;
    slot = (slot + 1) & (WORD_SLOTS - 1);
  }
}

for (const w of COMMON_WORDS) {
  for (const [word, flag] of [
    [w, W_COMMON],
    [rot13(w), W_ROT13],
  ] as const) {
    const slot = wordSlot(word, 0, word.length);
    wordKeys[slot] = word;
    wordFlags[slot] = (wordFlags[slot] ?? 0) | flag;
  }
}

function wordClass(s: string, start: number, end: number): number {
  return wordFlags[wordSlot(s, start, end)] ?? 0;
}

/** "rot13", "ROT-13", "rot 13", "Caesar cipher": the text tells the model how to read what follows. */
const ROT13_MENTION = /rot[ -]?13|caesar/g;
/** How far (folded characters) a mention reaches. */
const MENTION_REACH = 200;
/** Between two words of a run: at most 8 spaces and sentence punctuation. */
function isRunGap(text: string, from: number, to: number): boolean {
  if (to - from > 8) return false;
  for (let i = from; i < to; i++) {
    if (!RUN_GAP_CHARS.includes(text.charAt(i))) return false;
  }
  return true;
}

const RUN_GAP_CHARS = ' \t\n\r,.;:!?\'"()-';

interface WordRun {
  start: number; // folded index of the first word
  end: number; // folded index after the last rot13 word
  previousEnd: number; // folded index after the last word
  rot: number; // words that are not common but whose rot13 is
  rotLong: number; // those with 3 letters or more
  firstWord: number; // ordinal of the first word, to merge runs split by one or two stray words
  lastWord: number;
}

/**
 * Find rot13 in the folded text. A run is a sequence of words with no common English word among them; its
 * rot13 has to be full of common words: at least 3 (one of 3 letters or more) and half the run, at least 4
 * words, or near a mention of rot13/Caesar, at least 2 and half the run, or one word of 4 letters or more.
 * English prose never qualifies, since its runs are broken by common words and its words rarely become one.
 */
function findRot13(
  folded: string,
  origin: Int32Array,
  protectedSpans: readonly number[],
  state: LevelState,
): void {
  const n = folded.length;
  const mentions: number[] = [];
  if (folded.includes('rot') || folded.includes('caesar')) {
    for (const m of folded.matchAll(ROT13_MENTION)) mentions.push(m.index, m.index + m[0].length);
  }
  const found: WordRun[] = [];
  let run: WordRun | undefined;
  let ordinal = 0;
  const close = (): void => {
    if (run !== undefined) {
      // one or two stray words (a name, a common word by chance) between two pieces of rot13 do not split it
      const last = found[found.length - 1];
      if (last !== undefined && run.firstWord - last.lastWord <= 3 && run.start - last.end <= 40) {
        last.end = run.end;
        last.rot += run.rot;
        last.rotLong += run.rotLong;
        last.lastWord = run.lastWord;
      } else if (qualifies(run, mentions)) found.push(run);
    }
    run = undefined;
  };

  for (let i = 0; i < n;) {
    const c = folded.charCodeAt(i);
    if (c < 97 || c > 122) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isAsciiLower(folded.charCodeAt(i))) i++;
    const end = i;
    ordinal++;
    // part of a longer token (digits, other letters) or of an encoded segment: not a word, ends the run
    if (
      (start > 0 && unitFlags(folded.charCodeAt(start - 1)) & F_WORD) ||
      (end < n && unitFlags(folded.charCodeAt(end)) & F_WORD) ||
      overlaps(protectedSpans, start, end) ||
      insideMention(mentions, start, end)
    ) {
      close();
      continue;
    }
    const cls = wordClass(folded, start, end);
    const common = (cls & W_COMMON) !== 0;
    const rotCommon = (cls & W_ROT13) !== 0;
    if (common && !rotCommon) {
      close();
      continue;
    }
    if (run !== undefined && !isRunGap(folded, run.previousEnd, start)) close();
    if (run === undefined) {
      // a run starts and ends on a rot13 word: leading and trailing unknown words are not evidence
      if (!rotCommon || common || end - start < 2) continue;
      run = { start, end, previousEnd: end, rot: 0, rotLong: 0, firstWord: ordinal, lastWord: ordinal };
    }
    run.previousEnd = end;
    // single letters (v = i, n = a) are too weak to count, but do not break a run
    if (rotCommon && !common && end - start >= 2) {
      run.rot++;
      if (end - start >= 3) run.rotLong++;
      run.end = end;
      run.lastWord = ordinal;
    }
  }
  close();

  for (const r of found) {
    const [start, end] = state.span(origin, r.start, r.end);
    if (!state.accept('rot13', start, end, rot13(folded.slice(r.start, r.end)), true)) return;
  }
}

const isAsciiLower = (c: number): boolean => c >= 97 && c <= 122;

function qualifies(run: WordRun, mentions: readonly number[]): boolean {
  const words = run.lastWord - run.firstWord + 1; // unknown words after the last rot13 word do not count
  if (run.rot * 2 < words) return false;
  if (run.rot >= 3 && run.rotLong >= 1 && words >= 4) return true;
  if (!nearMention(mentions, run.start, run.end)) return false;
  return run.rot >= 2 || (words === 1 && run.end - run.start >= 4);
}

function nearMention(mentions: readonly number[], start: number, end: number): boolean {
  for (let i = 0; i + 1 < mentions.length; i += 2) {
    if ((mentions[i + 1] ?? 0) >= start - MENTION_REACH && (mentions[i] ?? 0) <= end + MENTION_REACH)
      return true;
  }
  return false;
}

function insideMention(mentions: readonly number[], start: number, end: number): boolean {
  for (let i = 0; i + 1 < mentions.length; i += 2) {
    if ((mentions[i] ?? 0) < end && (mentions[i + 1] ?? 0) > start) return true;
  }
  return false;
}
