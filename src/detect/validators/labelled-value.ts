/**
 * Reading the label in front of a value: the grammar shared by the recognizers whose values have no
 * shape of their own (passwords, user names, generic secrets). The recognizer's regex proposes a token;
 * this module looks at the text before it and decides whether the token is the value of a label, and in
 * which layout:
 *
 *  - assignment: `password: x`, `DB_PASSWORD=x`, `"password": "x"`, `**Password:** x`, `getenv("PASS", "x")`,
 *    `<add key="DbPassword" value="x"/>`
 *  - markup:     `<Password>x</Password>`, `| Password | x |`
 *  - flag:       `--password x`, `--password=x`
 *  - prose:      `my password is x`, `the password is now 'x'`, `password changed to x`
 *  - prose-far:  `the password for the admin portal is x` (label, then a preposition or pronoun, then "is")
 *  - adjacent:   `temporary password x`, `Bearer x`, `login ziggy password x`
 *
 * Labels are recognised as whole words of identifiers and phrases: `dbPassword`, `DB_PASSWORD`,
 * `spring.datasource.password` and `mot de passe` all end with a password word; `bypass`, `passport` and
 * `password_hash` do not.
 *
 * The text is read backwards from the value with index arithmetic and short slices: a regular expression
 * anchored with `$` is tried at every position of its input, which made this grammar the hot spot.
 */
import { isSpaceCode } from './char-codes.js';

export type LabelForm = 'assignment' | 'markup' | 'flag' | 'prose' | 'prose-far' | 'adjacent';

export interface LabelContext {
  readonly form: LabelForm;
  /** Lowercase words of the label, the last one nearest to the value (`['db', 'password']`). */
  readonly words: readonly string[];
  /** What the recognizer's label test returned (never 0: 0 means "not a label"). */
  readonly strength: number;
  /** The quote around the value (`"`, `'`, `` ` `` or an escaped `\"`), '' when unquoted. */
  readonly quote: string;
  /** The label as written when it is one identifier or tag (`DB_PASS`, `--password`, `allPass`), else ''. */
  readonly raw: string;
}

/** Strength of a label given its lowercase words (last word nearest to the value); 0 when not a label. */
export type LabelTest = (words: readonly string[]) => number;

/** Letters of identifiers and label words: ASCII, Latin, Greek, Cyrillic, kana, CJK, Hangul (no `u` flag). */
const LETTER = String.raw`A-Za-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u3040-\u30FF\u3400-\u9FFF\uAC00-\uD7AF`;
const NON_WORD = new RegExp(`[^${LETTER}]+`);

function isLetterCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    (c >= 0xc0 && c <= 0x24f) ||
    (c >= 0x370 && c <= 0x4ff) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x3400 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af)
  );
}

/** Characters a label may be made of: letters and digits, `_ . - '` and spaces (for phrases). */
function isLabelCode(c: number): boolean {
  return isLetterCode(c) || c === 95 || c === 46 || c === 45 || c === 39 || c === 32;
}

const isBlank = (c: number): boolean => c === 32 || c === 9;

const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;
const isLowerCode = (c: number): boolean => c >= 97 && c <= 122;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * `s` with a space at each camelCase boundary: before an upper-case letter that follows a lower-case
 * letter or a digit (`dbPassword` → `db Password`), and before the last letter of an upper-case run that
 * starts a capitalised word (`HTTPServer` → `HTTP Server`). Read in one pass: validators call this for
 * every candidate, and two regex replacements cost more than the rest of the split.
 */
function spaceCamelCase(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isUpperCode(c)) continue;
    const prev = s.charCodeAt(i - 1);
    if (isLowerCode(prev) || isDigitCode(prev) || (isUpperCode(prev) && isLowerCode(s.charCodeAt(i + 1)))) {
      out += `${s.slice(from, i)} `;
      from = i;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Split an identifier or phrase into lowercase words: camelCase, snake_case, kebab-case, dotted, spaced. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  for (const w of spaceCamelCase(s).toLowerCase().split(NON_WORD)) {
    // A trailing counter belongs to the word before it: password2, token_1.
    let end = w.length;
    while (end > 0 && isDigitCode(w.charCodeAt(end - 1))) end--;
    if (end > 0) out.push(end === w.length ? w : w.slice(0, end));
  }
  return out;
}

/** Start of the run of label characters that ends at `end` (at most 60 characters back). */
function labelRunStart(text: string, end: number): number {
  let p = end;
  const min = Math.max(0, end - 60);
  while (p > min && isLabelCode(text.charCodeAt(p - 1))) p--;
  return p;
}

/** The label words ending at `end`, the last identifier as written, and whether it is a command-line flag
 * (`--password`). */
function trailingLabel(text: string, end: number): { words: string[]; raw: string; flag: boolean } {
  const p = labelRunStart(text, end);
  const run = text.slice(p, end);
  const words = splitWords(run).slice(-4);
  const raw = run.slice(run.lastIndexOf(' ') + 1);
  return { words, raw, flag: /^--?[A-Za-z]/.test(raw) };
}

/** Connectors of prose: "is", "was", "is now", "will be", "has been set to", "changed to", and others. */
const PROSE_CONNECTOR =
  /(?:^|[\s,])((?:(?:is|was|are|will|would|should|has|have|had|been|be|now|still|just|simply|currently|always)\s+){0,3}(?:is|was|are|be|now|(?:set|changed|reset|updated|switched)\s+to|ist|lautet|est|es|era|será|é|är))\s*:?$/i;

/** Words that may follow a label before the prose connector: "the password for the portal is x". */
const GAP_STARTERS = new Set([
  'for',
  'of',
  'on',
  'at',
  'in',
  'with',
  'from',
  'to',
  'that',
  'which',
  'you',
  'we',
  'i',
  'they',
  'he',
  'she',
  'used',
  'needed',
  'required',
  'provided',
  'given',
  'assigned',
  'generated',
  'issued',
  'chosen',
  'created',
  'de',
  'du',
  'für',
  'pour',
  'para',
  'del',
  'des',
]);

function fromLabel(
  form: LabelForm,
  words: readonly string[],
  test: LabelTest,
  quote: string,
  raw = '',
): LabelContext | null {
  const strength = words.length > 0 ? test(words) : 0;
  return strength > 0 ? { form, words, strength, quote, raw } : null;
}

/** Index after skipping blanks backwards from `i`. */
function skipBlanks(text: string, i: number): number {
  while (i > 0 && isBlank(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Index after skipping markdown emphasis (`**`, `***`, `__`) backwards from `i`. */
function skipEmphasis(text: string, i: number): number {
  let n = 0;
  while (i > 0 && n < 3 && text[i - 1] === '*') {
    i--;
    n++;
  }
  if (n === 0 && text[i - 1] === '_' && text[i - 2] === '_') i -= 2;
  return i;
}

/**
 * The label in front of the value at [start, end), or null when the value is not introduced by a label
 * that `test` accepts.
 */
export function readLabel(text: string, start: number, end: number, test: LabelTest): LabelContext | null {
  let i = start;
  let quote = '';
  const qc = text[i - 1];
  if (qc === '"' || qc === "'" || qc === '`') {
    quote = text[i - 2] === '\\' ? `\\${qc}` : qc;
    // The value runs to the matching quote; a quoted value with spaces comes from a quoted pattern.
    if (!text.startsWith(quote, end)) return null;
    i -= quote.length;
    // Python b'…', r'…', u'…', f'…'
    if (/[bBrRuUf]/.test(text[i - 1] ?? '') && !isLetterCode(text.charCodeAt(i - 2))) i--;
  }

  if (quote === '' && text[i - 1] === '>') {
    // <Password>value</Password>, <db:password>value
    // Bounded search: lastIndexOf on the whole text would scan back to its start when there is no '<'.
    const near = text.slice(Math.max(0, i - 260), i);
    const lt = near.lastIndexOf('<');
    if (lt >= 0) {
      const tag = /^<([A-Za-z_][\w:.-]{0,60})(?:\s[^<>]*)?>$/.exec(near.slice(lt));
      if (tag !== null) {
        const name = (tag[1] as string).split(':').pop() as string;
        return fromLabel('markup', splitWords(name), test, quote, name);
      }
    }
  }
  if (quote !== '' && /value\s*=\s*$/i.test(text.slice(Math.max(0, i - 12), i))) {
    // <add key="FromEmailPassword" value="…"/>, <input type="password" value="…">
    const a =
      /\b(?:key|name|id|type|property|for|param|parameter)\s*=\s*(["'])([^"'<>\n]{1,80})\1[^<>\n]{0,80}?\bvalue\s*=\s*$/i.exec(
        text.slice(Math.max(0, i - 200), i),
      );
    if (a !== null)
      return fromLabel('assignment', splitWords(a[2] as string).slice(-4), test, quote, a[2] as string);
  }

  // Blanks, at most one line break (YAML and "Password:\n  value" layouts), markdown emphasis.
  let j = skipBlanks(text, i);
  let lineBreak = false;
  if (text[j - 1] === '\n') {
    lineBreak = true;
    j--;
    if (text[j - 1] === '\r') j--;
    j = skipBlanks(text, j);
  }
  const hadSpace = j < i;
  j = skipBlanks(text, skipEmphasis(text, j));

  const c = text[j - 1] ?? '';
  let connLen = 0;
  if (c === ':' || c === '=' || c === '|' || c === ',') connLen = 1;
  else if (c === '>' && (text[j - 2] === '=' || text[j - 2] === '-'))
    connLen = 2; // => ->
  else if (c === '-' && isBlank(text.charCodeAt(j - 2))) connLen = 1; // "Password - x"
  if (c === '=' && text[j - 2] === ':') connLen = 2; // :=
  if (connLen > 0) {
    if (lineBreak && c !== ':' && c !== '=') return null;
    // `x => y` is an arrow function unless a quoted value follows (`'password' => 'x'` in PHP and Perl).
    if (c === '>' && text[j - 2] === '=' && quote === '') return null;
    let k = skipBlanks(text, j - connLen);
    if (c === ',') {
      // getenv("DB_PASSWORD", "value"), config.get('db.password', 'value'): the first argument of a call,
      // written as a configuration key, then a quoted value. Not `scrypt('password', 'salt')`.
      if (quote === '') return null;
      const call = /\w\(\s*(["'])([A-Za-z0-9_.-]{1,80})\1\s*$/.exec(text.slice(Math.max(0, k - 90), k));
      if (call === null || !/^[A-Z][A-Z0-9_]*$|[_.-]/.test(call[2] as string)) return null;
    }
    // JSDoc and API docs: "@param password - the password".
    if (c === '-' || c === ':') {
      const line = text.slice(Math.max(0, k - 80), k);
      if (/@(?:param|arg|argument|property|prop|returns?|typedef|type)\b[^\n]*$/.test(line)) return null;
    }
    k = skipEmphasis(text, k);
    // Closing quotes and brackets of the key: "password": , ['password'] =
    for (let n = 0; n < 3 && /["'`\])]/.test(text[k - 1] ?? ''); n++) k--;
    k = skipEmphasis(text, k);
    // "Password is: x"
    const tail = text.slice(Math.max(0, k - 4), k);
    const isTail = /\s(?:is|was)$/i.exec(tail);
    if (isTail !== null) return prose(text, k - tail.length + isTail.index, test, quote);
    const label = trailingLabel(text, k);
    const form: LabelForm = c === '|' ? 'markup' : label.flag ? 'flag' : 'assignment';
    return fromLabel(form, label.words, test, quote, label.raw);
  }
  if (lineBreak || !hadSpace) return null;

  const seg = text.slice(Math.max(0, j - 48), j);
  const p = PROSE_CONNECTOR.exec(seg);
  if (p !== null) return prose(text, j - seg.length + p.index, test, quote);

  // Only blanks between label and value: the label is a whole word or flag (`password`, `--db-pass`),
  // not the tail of another token (`mysql -pS3cr3tPass mydb`).
  let tokenStart = j;
  while (tokenStart > 0 && j - tokenStart < 64 && !/\s/.test(text[tokenStart - 1] as string)) tokenStart--;
  if (
    !/^(?:-{1,2}|\*{1,3}|_{2})?[A-Za-z\u00C0-\uFFFF][A-Za-z\u00C0-\uFFFF_.-]*$/.test(
      text.slice(tokenStart, j),
    )
  )
    return null;
  const label = trailingLabel(text, j);
  return fromLabel(label.flag ? 'flag' : 'adjacent', label.words, test, quote, label.raw);
}

/** A label before a prose connector that starts at `end`: right before it, or a few words before it. */
function prose(text: string, end: number, test: LabelTest, quote: string): LabelContext | null {
  let clause = text.slice(Math.max(0, end - 120), end);
  // Only the current clause: what follows the last line break or sentence end.
  const nl = clause.lastIndexOf('\n');
  if (nl >= 0) clause = clause.slice(nl + 1);
  const stop = /[.!?;:]\s(?=[^.!?;:]*$)/.exec(clause);
  if (stop !== null) clause = clause.slice(stop.index + 1);
  const words = splitWords(clause).slice(-12);
  const near = fromLabel('prose', words.slice(-4), test, quote);
  if (near !== null) return near;
  for (let i = words.length - 2; i >= 0 && i >= words.length - 10; i--) {
    if (!GAP_STARTERS.has(words[i + 1] as string)) continue;
    const far = fromLabel('prose-far', words.slice(Math.max(0, i - 3), i + 1), test, quote);
    if (far !== null) return far;
  }
  return null;
}

/** What may stand between a label and its connector, `["'*\]\s]`: `"password": `, `**User:**`, `['pw'] =`. */
export function isLabelCloserCode(c: number): boolean {
  return c === 34 || c === 39 || c === 42 || c === 93 || isSpaceCode(c);
}

/**
 * The character code before `index`, after skipping at most `max` characters that `skip` accepts: the
 * last character of the label in front of a connector. A cheap necessary test for anchor guards
 * (pivotRegExp) before a lookbehind reads the whole label. NaN before the start of the text.
 */
export function codeBeforeSkipping(
  text: string,
  index: number,
  max: number,
  skip: (c: number) => boolean,
): number {
  let j = index - 1;
  for (let k = 0; k < max && skip(text.charCodeAt(j)); k++) j--;
  return text.charCodeAt(j);
}
