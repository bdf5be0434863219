/**
 * Placeholders of the token vault: `<ENTITY_n>`, stable within a scope, and finding them again in a
 * model's answer so they can be restored. Pure: no I/O, no clock.
 *
 * Models copy placeholders nearly verbatim, but not always exactly, so matching tolerates the variants
 * seen in practice (case, spaces, hyphens, dropped brackets, HTML and markdown escapes) — but only for the
 * entity types that exist in the scope, so ordinary text is never misread as a placeholder.
 *
 * One hand-written parser serves both the whole-text search and the streaming splitter: it answers
 * "match", "no match" or "need more input", so the splitter holds back exactly what the search could still
 * read as a placeholder and the two can never drift apart (a regex for the matches plus a second one for
 * "could still become a match" would). Every attempt reads a bounded number of characters, so a scan is
 * linear in the text length whatever the input (no backtracking).
 *
 * Grammar (see docs/placeholders.md):
 *   bracketed := OPEN SPACES? NAME SEP NUMBER SPACES? CLOSE
 *     OPEN  := '<' | '&lt;' | '\<'         CLOSE := '>' | '&gt;' | '\>'   (any combination)
 *     NAME  := an entity name in the set, ASCII case-insensitive; each '_' in it written '_', '\_', '-' or ' '
 *     SEP   := '_' | '\_' | '-' | one or two spaces          SPACES := one or two spaces
 *   bare := NAME SEP NUMBER, upper case, separators '_', '\_' or '-' only, at word boundaries
 *     (an `_italic_` or `__bold__` markdown underscore counts as a boundary)
 *   NUMBER := [1-9][0-9]{0,15}, a safe integer
 * When names share a prefix (PERSON, PERSON_NAME) the longest name that yields a placeholder wins.
 */
import { VeilgateError } from '../errors.js';

/** Entity type names as the vault stores them; anything else could not round-trip through the parser. */
const ENTITY_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Spaces tolerated inside the brackets and as the number separator: models add one, rarely two. */
const MAX_SPACES = 2;

/** Markdown emphasis underscores around a bare placeholder: `_italic_` and `__bold__`. */
const MAX_EMPHASIS = 2;

/** Digits of the number: 16 covers every safe integer; a longer run is not a placeholder. */
const MAX_DIGITS = 16;

/**
 * Characters the splitter may hold beyond twice the longest name (a name with every `_` written `\_`).
 * The longest partial placeholder is 30 + 2 × name (`&lt;` + 2 spaces + name + `\_` + 16 digits +
 * 2 spaces + `&gt;`); the rest is room to move the cut back to a word boundary.
 */
const HOLD_SLACK = 64;

/**
 * Format the placeholder for the n-th value of an entity type in a scope: `<PERSON_1>`.
 * Angle brackets and a typed, numbered token are what models copy most faithfully (docs/placeholders.md).
 */
export function formatPlaceholder(entity: string, n: number): string {
  assertEntityName(entity);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new VeilgateError('VG_VAULT_BAD_INPUT', 'placeholder: the number must be a positive safe integer');
  }
  return `<${entity}_${n}>`;
}

/**
 * A placeholder found in a text. Offsets are UTF-16 code units (as `String.prototype.slice`); the span
 * covers brackets and escapes but not surrounding markdown. `entity` is canonical (upper case,
 * underscores) whatever spelling the model used, so the vault can look it up directly.
 */
export interface PlaceholderRef {
  readonly start: number;
  readonly end: number;
  readonly entity: string;
  readonly n: number;
}

/**
 * Every placeholder of the given entity types in `text`, in order, never overlapping. Restricting to the
 * types present in the scope is what keeps prose like `<b>` or `COVID_19` from being read as a placeholder.
 */
export function findPlaceholders(text: string, entities: ReadonlySet<string>): PlaceholderRef[] {
  const grammar = grammarFor(entities);
  const refs: PlaceholderRef[] = [];
  if (grammar.empty) return refs;
  scan(grammar, text, 0, true, refs);
  return refs;
}

/**
 * Replace each placeholder whose value is known; unknown ones (another scope's, a number the model made up,
 * or a value the caller may not see) stay exactly as written, so nothing is silently dropped.
 * `refs` must be sorted and non-overlapping, as `findPlaceholders` returns them.
 */
export function replacePlaceholders(
  text: string,
  refs: readonly PlaceholderRef[],
  valueOf: (ref: PlaceholderRef) => string | undefined,
): string {
  const parts: string[] = [];
  let copied = 0;
  let previousEnd = 0;
  for (const ref of refs) {
    // Offsets from elsewhere could cut the text apart or duplicate parts of it: refuse rather than guess.
    if (
      !Number.isSafeInteger(ref.start) ||
      !Number.isSafeInteger(ref.end) ||
      ref.start < previousEnd ||
      ref.end <= ref.start ||
      ref.end > text.length
    ) {
      throw new VeilgateError(
        'VG_VAULT_BAD_INPUT',
        'restore: placeholder spans must be sorted, non-overlapping and inside the text',
      );
    }
    previousEnd = ref.end;
    const value = valueOf(ref);
    if (value === undefined) continue;
    parts.push(text.slice(copied, ref.start), value);
    copied = ref.end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Re-cuts streamed text so that no placeholder is split between two released pieces. */
export interface PlaceholderSplitter {
  /** Add a chunk; returns the text that is now final (possibly empty). */
  push(chunk: string): string;
  /** The input is complete: returns everything still held, and resets the splitter. */
  end(): string;
}

/**
 * A splitter for a stream of model output (`<PER` + `SON_` + `1>`): each released piece can be restored on
 * its own with `findPlaceholders`, with the same result as restoring the whole text.
 *
 * It holds back (1) a suffix that could still become or extend a placeholder, and (2) when the released
 * text would end inside a word, that word's last character: the next chunk could glue an entity name to it
 * (`X` + `PERSON_1` is `XPERSON_1`, not a placeholder, but `PERSON_1` alone is). It never splits a surrogate
 * pair. At most 64 + 2 × (longest entity name) characters are held; beyond that the oldest are released
 * anyway, which only matters for pathological runs (dozens of `_`, `\` or entity initials in a row).
 * The entity set is read once, at creation.
 */
export function createPlaceholderSplitter(entities: ReadonlySet<string>): PlaceholderSplitter {
  const grammar = grammarFor(entities);
  // No released text is kept as context: every cut is one where the start of the held text reads the same
  // as it does after the released text (see isSafeCut), which is what `findPlaceholders` on a piece sees.
  let held = '';
  return {
    push(chunk: string): string {
      if (chunk.length === 0) return '';
      const text = held + chunk;
      const cut = findCut(grammar, text);
      held = text.slice(cut);
      return text.slice(0, cut);
    },
    end(): string {
      const rest = held;
      held = '';
      return rest;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Grammar: a trie of the entity names, compiled once per set of names.

interface TrieNode {
  readonly next: Map<number, TrieNode>;
  entity: string | undefined;
}

interface Grammar {
  readonly empty: boolean;
  readonly root: TrieNode;
  /** Characters where an attempt can start: `<`, `&`, `\` and the initials of the names (bare form). */
  readonly startChars: Uint8Array;
  /** Initials of the names: where a bare placeholder can start. */
  readonly bareStarts: Uint8Array;
  readonly maxHold: number;
}

const grammarCache = new Map<string, Grammar>();
/** Scopes have few distinct type sets; the bound only stops a caller with ever-new sets from growing it. */
const GRAMMAR_CACHE_SIZE = 64;

function assertEntityName(entity: string): void {
  // Names are not sensitive, but the message still does not echo input (docs/errors.md).
  if (typeof entity !== 'string' || !ENTITY_NAME.test(entity)) {
    throw new VeilgateError('VG_VAULT_BAD_INPUT', 'placeholder: the entity type must be UPPER_SNAKE_CASE');
  }
}

function grammarFor(entities: ReadonlySet<string>): Grammar {
  const names = [...entities];
  for (const name of names) assertEntityName(name);
  // Keyed by content, not by Set identity: a set mutated after use must not find a stale grammar.
  const key = names.sort().join(',');
  const cached = grammarCache.get(key);
  if (cached !== undefined) return cached;
  const root: TrieNode = { next: new Map(), entity: undefined };
  const startChars = new Uint8Array(128);
  const bareStarts = new Uint8Array(128);
  startChars[LT] = 1;
  startChars[AMP] = 1;
  startChars[BACKSLASH] = 1;
  let longest = 0;
  for (const name of names) {
    let node = root;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      let child = node.next.get(c);
      if (child === undefined) {
        child = { next: new Map(), entity: undefined };
        node.next.set(c, child);
      }
      node = child;
    }
    node.entity = name;
    startChars[name.charCodeAt(0)] = 1;
    bareStarts[name.charCodeAt(0)] = 1;
    longest = Math.max(longest, name.length);
  }
  const grammar: Grammar = {
    empty: names.length === 0,
    root,
    startChars,
    bareStarts,
    maxHold: HOLD_SLACK + 2 * longest,
  };
  if (grammarCache.size >= GRAMMAR_CACHE_SIZE) {
    const oldest = grammarCache.keys().next();
    if (oldest.done !== true) grammarCache.delete(oldest.value);
  }
  grammarCache.set(key, grammar);
  return grammar;
}

// ---------------------------------------------------------------------------------------------------------
// Parser. Each attempt answers NONE, MATCH (details in `Found`) or MORE: the text ended where a longer input
// could still decide (only when `final` is false, i.e. for the streaming splitter).

const NONE = 0;
const MATCH = 1;
const MORE = 2;
type Outcome = typeof NONE | typeof MATCH | typeof MORE;

interface Found {
  end: number;
  entity: string;
  n: number;
}

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const BACKSLASH = 0x5c;
const UNDERSCORE = 0x5f;
const HYPHEN = 0x2d;
const SPACE = 0x20;

/** Name tokens: `_`-like separators map to `_`; in brackets, letters of either case and a space too. */
const NO_TOKEN = -1;
const TOKEN_NEEDS_MORE = -2;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

const WORD_CHAR = /^[\p{L}\p{M}\p{N}_]$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

/** Word characters (letters, marks, digits, `_`, any script): what makes `XPERSON_1` one identifier. */
function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80) return isDigit(cp) || cp === UNDERSCORE || ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a);
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

function isLetterOrMarkCodePoint(cp: number): boolean {
  if (cp < 0x80) return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a;
  return LETTER_OR_MARK.test(String.fromCodePoint(cp));
}

/** The code point that ends just before `i` (a lone surrogate stands for itself). */
function codePointBefore(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  if (isLowSurrogate(low) && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (isHighSurrogate(high)) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

/** What running out of text means: final text → no match; a stream → the next chunk may complete it. */
function incomplete(final: boolean): Outcome {
  return final ? NONE : MORE;
}

function expectLiteral(text: string, i: number, literal: string, final: boolean): Outcome {
  for (let k = 0; k < literal.length; k++) {
    if (i + k >= text.length) return incomplete(final);
    if (text.charCodeAt(i + k) !== literal.charCodeAt(k)) return NONE;
  }
  return MATCH;
}

/** Try a placeholder starting at `s`; `s` must be in `grammar.startChars`. */
function parseAt(grammar: Grammar, text: string, s: number, final: boolean, found: Found): Outcome {
  const c = text.charCodeAt(s);
  if (c === LT) return parseBracketed(grammar, text, s + 1, final, found);
  if (c === AMP) {
    const lt = expectLiteral(text, s + 1, 'lt;', final);
    return lt === MATCH ? parseBracketed(grammar, text, s + 4, final, found) : lt;
  }
  if (c === BACKSLASH) {
    if (s + 1 >= text.length) return incomplete(final);
    return text.charCodeAt(s + 1) === LT ? parseBracketed(grammar, text, s + 2, final, found) : NONE;
  }
  if (!bareLeftBoundary(text, s)) return NONE;
  return parseName(grammar, text, s, final, false, found);
}

function parseBracketed(grammar: Grammar, text: string, i: number, final: boolean, found: Found): Outcome {
  let spaces = 0;
  while (i < text.length && text.charCodeAt(i) === SPACE && spaces < MAX_SPACES) {
    i++;
    spaces++;
  }
  return parseName(grammar, text, i, final, true, found);
}

/**
 * The canonical character a name token stands for, times 4, plus its length; or NO_TOKEN / TOKEN_NEEDS_MORE.
 * Bare placeholders accept upper case and `_ \_ -` only: `person_1` or `EMAIL ADDRESS_1` outside brackets
 * are too likely to be code or prose.
 */
function nameToken(text: string, i: number, bracketed: boolean): number {
  const c = text.charCodeAt(i);
  if ((c >= 0x41 && c <= 0x5a) || isDigit(c)) return c * 4 + 1;
  if (c === UNDERSCORE || c === HYPHEN) return UNDERSCORE * 4 + 1;
  if (c === BACKSLASH) {
    if (i + 1 >= text.length) return TOKEN_NEEDS_MORE;
    return text.charCodeAt(i + 1) === UNDERSCORE ? UNDERSCORE * 4 + 2 : NO_TOKEN;
  }
  if (bracketed) {
    if (c >= 0x61 && c <= 0x7a) return (c - 0x20) * 4 + 1;
    if (c === SPACE) return UNDERSCORE * 4 + 1;
  }
  return NO_TOKEN;
}

function parseName(
  grammar: Grammar,
  text: string,
  start: number,
  final: boolean,
  bracketed: boolean,
  found: Found,
): Outcome {
  // Walk the trie; every name passed on the way is a candidate, tried longest first below.
  let node = grammar.root;
  let i = start;
  let candidateEnds: number[] | undefined;
  let candidateNames: string[] | undefined;
  for (;;) {
    if (i >= text.length) {
      if (!final) return MORE; // a longer name (which would win) may still come
      break;
    }
    const token = nameToken(text, i, bracketed);
    if (token === TOKEN_NEEDS_MORE) {
      if (!final) return MORE;
      break;
    }
    if (token === NO_TOKEN) break;
    const child = node.next.get(token >> 2);
    if (child === undefined) break;
    node = child;
    i += token & 3;
    if (node.entity !== undefined) {
      (candidateEnds ??= []).push(i);
      (candidateNames ??= []).push(node.entity);
    }
  }
  if (candidateEnds === undefined || candidateNames === undefined) return NONE;
  for (let k = candidateEnds.length - 1; k >= 0; k--) {
    const outcome = parseTail(text, candidateEnds[k] as number, final, bracketed, found);
    // An undecided longer name outranks a decided shorter one, so MORE stops the search as MATCH does.
    if (outcome === MATCH) found.entity = candidateNames[k] as string;
    if (outcome !== NONE) return outcome;
  }
  return NONE;
}

/** Separator, number and closing bracket (or right word boundary) after a name ending at `i`. */
function parseTail(text: string, i: number, final: boolean, bracketed: boolean, found: Found): Outcome {
  const len = text.length;
  if (i >= len) return incomplete(final);
  const sep = text.charCodeAt(i);
  if (sep === UNDERSCORE || sep === HYPHEN) i += 1;
  else if (sep === BACKSLASH) {
    if (i + 1 >= len) return incomplete(final);
    if (text.charCodeAt(i + 1) !== UNDERSCORE) return NONE;
    i += 2;
  } else if (sep === SPACE && bracketed) {
    i += 1;
    if (i < len && text.charCodeAt(i) === SPACE) i += 1;
  } else return NONE;
  if (i >= len) return incomplete(final);
  const first = text.charCodeAt(i);
  if (!isDigit(first) || first === 0x30) return NONE; // n ≥ 1, written without leading zeros
  let j = i + 1;
  while (j < len && j - i < MAX_DIGITS && isDigit(text.charCodeAt(j))) j++;
  const n = Number(text.slice(i, j));
  if (!Number.isSafeInteger(n)) return NONE;
  let end: number;
  if (bracketed) {
    let spaces = 0;
    while (j < len && text.charCodeAt(j) === SPACE && spaces < MAX_SPACES) {
      j++;
      spaces++;
    }
    if (j >= len) return incomplete(final);
    const close = text.charCodeAt(j);
    if (close === GT) end = j + 1;
    else if (close === AMP) {
      const gt = expectLiteral(text, j + 1, 'gt;', final);
      if (gt !== MATCH) return gt;
      end = j + 4;
    } else if (close === BACKSLASH) {
      if (j + 1 >= len) return incomplete(final);
      if (text.charCodeAt(j + 1) !== GT) return NONE;
      end = j + 2;
    } else return NONE;
  } else {
    const boundary = bareRightBoundary(text, j, final);
    if (boundary !== MATCH) return boundary;
    end = j;
  }
  found.end = end;
  found.n = n;
  return MATCH;
}

/**
 * A bare placeholder must not continue a word (`XPERSON_1`, `MY_PERSON_1`); one or two underscores of
 * markdown emphasis (`_PERSON_1_`, `__PERSON_1__`) are allowed if a non-word character precedes them.
 */
function bareLeftBoundary(text: string, s: number): boolean {
  let i = s;
  while (i > 0 && text.charCodeAt(i - 1) === UNDERSCORE) {
    i--;
    if (s - i > MAX_EMPHASIS) return false;
  }
  return i === 0 || !isWordCodePoint(codePointBefore(text, i));
}

/**
 * A bare placeholder must not be followed by a word character (`PERSON_1x`, `PERSON_12a`, `PERSON_1_2`),
 * nor by a markdown-escaped `\_` (`PERSON\_1\_2`); closing emphasis underscores are allowed.
 */
function bareRightBoundary(text: string, e: number, final: boolean): Outcome {
  const len = text.length;
  if (e >= len) return final ? MATCH : MORE;
  const c = text.charCodeAt(e);
  if (c === BACKSLASH) {
    if (e + 1 >= len) return final ? MATCH : MORE;
    return text.charCodeAt(e + 1) === UNDERSCORE ? NONE : MATCH;
  }
  let k = e;
  if (c === UNDERSCORE) {
    while (k < len && text.charCodeAt(k) === UNDERSCORE) {
      k++;
      if (k - e > MAX_EMPHASIS) return NONE;
    }
    if (k >= len) return final ? MATCH : MORE;
  }
  const next = text.charCodeAt(k);
  if (isHighSurrogate(next) && k + 1 >= len && !final) return MORE; // a letter of another plane may follow
  return isWordCodePoint(text.codePointAt(k) ?? next) ? NONE : MATCH;
}

/**
 * Scan `text` from `from`, appending matches to `refs`. With `final` false, stops at the first attempt
 * that needs more input and returns its position; otherwise returns `text.length`.
 */
function scan(grammar: Grammar, text: string, from: number, final: boolean, refs: PlaceholderRef[]): number {
  const found: Found = { end: 0, entity: '', n: 0 };
  const { startChars } = grammar;
  const len = text.length;
  let p = from;
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c < 0x80 && startChars[c] === 1) {
      const outcome = parseAt(grammar, text, p, final, found);
      if (outcome === MORE) return p;
      if (outcome === MATCH) {
        refs.push({ start: p, end: found.end, entity: found.entity, n: found.n });
        p = found.end;
        continue;
      }
    }
    p++;
  }
  return len;
}

// ---------------------------------------------------------------------------------------------------------
// Streaming: where to cut the text received so far.

/**
 * The position in `text` up to which text can be released. Cutting at `q` is exact when no placeholder
 * straddles `q`, none could still start before `q` and be completed later, and `findPlaceholders` on each
 * side sees the same word boundaries at `q` as on the whole text.
 */
function findCut(grammar: Grammar, text: string): number {
  const len = text.length;
  if (grammar.empty) {
    return isHighSurrogate(text.charCodeAt(len - 1)) ? len - 1 : len;
  }
  const matches: PlaceholderRef[] = [];
  let q = scan(grammar, text, 0, false, matches);
  let m = matches.length - 1;
  while (q > 0 && len - q <= grammar.maxHold) {
    while (m >= 0 && (matches[m] as PlaceholderRef).start >= q) m--;
    const inside = m >= 0 ? (matches[m] as PlaceholderRef) : undefined;
    if (inside !== undefined && inside.end > q) {
      q = inside.start; // never cut through a placeholder that is already complete
      continue;
    }
    if (isSafeCut(grammar, text, q)) return q;
    q--;
  }
  if (len - q <= grammar.maxHold) return q;
  // Bound reached (only on pathological runs): release the oldest text anyway, but never half a
  // placeholder or half a surrogate pair.
  q = len - grammar.maxHold;
  for (const ref of matches) if (ref.start < q && q < ref.end) q = ref.end;
  if (isHighSurrogate(text.charCodeAt(q - 1)) && isLowSurrogate(text.charCodeAt(q))) q++;
  return q;
}

/**
 * Whether the word-boundary checks of a bare placeholder give the same answer on both sides of a cut at
 * `q` (where one side sees the end of its text and the other the start) as on the whole text. They look
 * at most three characters across the cut, so it is enough that one of these holds:
 *   R1 the character before `q` is not a word character (nor `\`, which may escape what follows);
 *   R2 the character at `q` is known, not a word character and not `\`;
 *   R3 a letter is before `q` and the character at `q` can neither start a name nor be an `_`;
 *   R4 `q` is inside a run of digits too long to be a placeholder number.
 */
function isSafeCut(grammar: Grammar, text: string, q: number): boolean {
  const len = text.length;
  const before = text.charCodeAt(q - 1);
  if (isHighSurrogate(before)) return false;
  const cpBefore = codePointBefore(text, q);
  if (before !== BACKSLASH && !isWordCodePoint(cpBefore)) return true; // R1
  if (q >= len) return false; // the next chunk decides
  const at = text.charCodeAt(q);
  const atKnown = !(isHighSurrogate(at) && q + 1 >= len);
  if (atKnown && at !== BACKSLASH && !isWordCodePoint(text.codePointAt(q) ?? at)) return true; // R2
  if (
    isLetterOrMarkCodePoint(cpBefore) &&
    at !== UNDERSCORE &&
    !(at < 0x80 && grammar.bareStarts[at] === 1)
  ) {
    return true; // R3
  }
  if (isDigit(at) && q >= MAX_DIGITS + 1) {
    let k = q - 1;
    while (k >= q - MAX_DIGITS - 1 && isDigit(text.charCodeAt(k))) k--;
    if (k < q - MAX_DIGITS - 1) return true; // R4
  }
  return false;
}
