/**
 * Checks shared by the credential recognizers: is a candidate value a placeholder, a reference to a value
 * held elsewhere (a variable, an environment lookup, a template), or random enough to be a machine-made
 * secret? None of these is a checksum: they are the evidence that separates `password: hunter2` from
 * `password: <your password>` and `api_key = os.environ["API_KEY"]`. */
import { shannonEntropy } from './checksums.js';

export interface CharClasses {
  readonly lower: number;
  readonly upper: number;
  readonly digit: number;
  readonly symbol: number;
}

export function charClasses(value: string): CharClasses {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let symbol = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digit++;
    else symbol++;
  }
  return { lower, upper, digit, symbol };
}

/** Number of character classes (lower, upper, digit, symbol) present. */
export function classCount(c: CharClasses): number {
  return (c.lower > 0 ? 1 : 0) + (c.upper > 0 ? 1 : 0) + (c.digit > 0 ? 1 : 0) + (c.symbol > 0 ? 1 : 0);
}

/** A whole value that stands for "fill in here", or a type name, or a masked value. */
const PLACEHOLDER_WORDS = new Set([
  'none',
  'null',
  'nil',
  'undefined',
  'true',
  'false',
  'empty',
  'blank',
  'string',
  'str',
  'text',
  'int',
  'integer',
  'number',
  'bool',
  'boolean',
  'char',
  'varchar',
  'bytes',
  'object',
  'any',
  'secretstr',
  'required',
  'optional',
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'key',
  'value',
  'default',
  'hidden',
  'masked',
  'redacted',
  'removed',
  'omitted',
  'private',
  'confidential',
  'foo',
  'bar',
  'baz',
  'foobar',
  'same',
  'tbd',
  'todo',
  'fixme',
  'n/a',
  'na',
  'unknown',
  'unset',
  'notset',
  'username',
  'user',
  'login',
  'userid',
  'user_id',
  'example',
  'sample',
  'placeholder',
  'dummy',
  'test_token',
  'mytoken',
  'mysecret',
  'mypassword',
  'mypass',
  'yourpassword',
  'mysecretpassword',
  'secretpassword',
  'somepassword',
  'somesecret',
  'supersecret',
  'topsecret',
  'xxx',
  'abc',
  'abcd',
  'abcdef',
  'qwerty_placeholder',
  'auto',
  'generated',
  'random',
  'env',
  'environment',
  'vault',
  'prompt',
  'ask',
  'input',
  'stdin',
  'file',
  'see',
  'below',
  'above',
  'attached',
  'provided',
  'sent',
  'enter',
  'type',
  'yes',
  'no',
  'on',
  'off',
  'ok',
  'void',
  'never',
  'function',
  'callback',
  'buffer',
  'binarylike',
  'regexp',
  'date',
  'promise',
  // Keywords: what follows `if not user:` on the next line of a program.
  'return',
  'raise',
  'break',
  'continue',
  'if',
  'else',
  'elif',
  'for',
  'while',
  'try',
  'except',
  'finally',
  'with',
  'def',
  'class',
  'import',
  'from',
  'yield',
  'await',
  'async',
  'lambda',
  'throw',
  'new',
  'const',
  'let',
  'var',
  'self',
  'this',
  'super',
  'nullptr',
  'end',
  'then',
  'do',
  'done',
  'fi',
  'echo',
  'print',
]);

/**
 * Fragments that mark a documentation placeholder (`your_api_key`, `<token>`, `INSERT_KEY_HERE`,
 * `sk-...`, `REDACTED`). Random tokens contain none of these by chance: a fixed 4-letter word occurs in a
 * 40-character base62 string with probability below 1e-5.
 */
const PLACEHOLDER_FRAGMENT =
  /your|example|sample|placeholder|redacted|dummy|xxxx|\*\*\*|\.\.\.|…|<[^>]*>|\{\{|\}\}|\$\{|%\(|insert|replace[_-]?me|change[_-]?this|goes[_-]?here|[_-]here$|^here$|^my[_-]?(?:api[_-]?)?(?:key|token|secret|password|pass)|^(?:some|the|a|new|test|fake)[_-](?:key|token|secret|password|pass)$|^(?:api|secret|access|auth)[_-]?(?:key|token)$/i;

/** Values made of one masking character: `****`, `xxxxxx`, `••••`, `------`, `#####`, `?????`. */
const MASK = /^(?:[*x•●·#?._=~-]|\\u2022)+$/i;

/** Template and interpolation syntaxes whose value is filled in elsewhere. */
const TEMPLATE =
  /^(?:\$\{|\$\(|\$[A-Za-z_]|%[A-Za-z_][\w]*%$|\{\{|\{%|<%|#\{|@\{|\[\[|\{[A-Za-z_][\w.-]*\}$|\{\d*\}$|%s$|%\(|!Ref\b|!Sub\b|ref\+|vault:|arn:aws:secretsmanager)/;

/** True when `value` is a placeholder, a masked value or a template rather than a real value. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (MASK.test(v)) return true;
  if (TEMPLATE.test(v)) return true;
  if (PLACEHOLDER_FRAGMENT.test(v)) return true;
  if (/%[sdrfx]|\{\d*\}/.test(v)) return true; // format strings: '%s:%s', '{}:{}'
  // Wrapped in brackets of any kind: <password>, [PASSWORD], {password}, (hidden).
  const first = v[0];
  const last = v[v.length - 1];
  if ((first === '<' && last === '>') || (first === '[' && last === ']') || (first === '(' && last === ')'))
    return true;
  if (first === '{' && last === '}') return true;
  return false;
}

/**
 * A reference to a value held elsewhere, in code or configuration: `os.environ["X"]`, `process.env.X`,
 * `config.db.password`, `getPassword()`, `args[1]`, `$DB_PASS`, `%DB_PASS%`.
 */
const CODE_REFERENCE =
  /^(?:[$%&@]|os\.|process\.|env\.|ENV\[|System\.|config\.|settings\.|self\.|this\.|args\.|opts\.|options\.|params\.|request\.|req\.|ctx\.|context\.|props\.|cfg\.|conf\.|secrets\.|vars\.|data\.|input\.|form\.)|^[A-Za-z_][\w$]*\(|^[A-Za-z_$][\w$]*\[|^(?:new|await|function|lambda|get|read)\b/;

/** A name as programmers write them: a short name, a lower-case word with an optional counter, or words
 * run together (`n`, `tokens`, `ya29`, `generatePkcs12Key`), unlike the segments of a token (`a0AfH6SMBx`). */
function nameSegment(seg: string): boolean {
  return seg.length <= 3 || /^[a-z_$]+\d*$/.test(seg) || isWordLike(seg);
}

export function isCodeReference(value: string): boolean {
  if (CODE_REFERENCE.test(value)) return true;
  // A call or an optional chain anywhere (`decipher.finish(`, `options?.password`), or a negation.
  if (/[\w$\]]\(|\?\.[A-Za-z_$]|^!/.test(value)) return true;
  // A member access (`user.password`, `t.tokens.length-1`): a dotted run of names at the start.
  const dotted = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+/.exec(value);
  return dotted !== null && dotted[0].split('.').every(nameSegment);
}

/**
 * Words run together as in identifiers and type names (`OpeningParenToken`, `ClientHttp2Session`,
 * `my_secret_key`): letter runs of three letters or more on average, few one- or two-letter runs, and the
 * vowel share of words (about 40% in English, with `y`; 23% in random letters). Random tokens break into
 * many short runs (`sP7dK8nY` → s, Pd, Kn, Y) or have too few vowels.
 */
export function isWordLike(value: string): boolean {
  const runs = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g);
  if (runs === null) return false;
  const letters = runs.reduce((n, r) => n + r.length, 0);
  const short = runs.filter((r) => r.length < 3).length;
  if (letters < 4 || short > runs.length / 3 || letters / runs.length < 3) return false;
  const vowels = runs.join('').match(/[aeiouyAEIOUY]/g)?.length ?? 0;
  return vowels / letters >= 0.3;
}

/** File-system paths and URLs are where a secret lives, not the secret. */
export function isPathOrUrl(value: string): boolean {
  if (/^(?:\/|~\/|\.\.?\/|[A-Za-z]:\\|\\\\|file:|[a-z][a-z0-9+.-]{1,15}:\/\/)/i.test(value)) return true;
  // A relative path ending with a file extension: keys/id_rsa.pem, secrets/prod.key, config/app.yml.
  return /^[\w.-]+(?:[/\\][\w.-]+)+\.[A-Za-z]{1,5}$/.test(value) && !/[+=]/.test(value);
}

/** An ascending or descending run such as `123456`, `abcdef`, `987654`: typed by hand, never random. */
export function hasSequentialRun(value: string, length = 6): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= length || down >= length) return true;
  }
  return false;
}

/** A value that is a shorter unit repeated, the last repetition possibly cut (`abcabcab`, `0000`, `ab12ab12ab`). */
export function isRepetitive(value: string): boolean {
  const n = value.length;
  for (let period = 1; period <= n / 2; period++) {
    let i = period;
    while (i < n && value.charCodeAt(i) === value.charCodeAt(i - period)) i++;
    if (i === n) return true;
  }
  return false;
}

/**
 * Minimum Shannon entropy (bits per character) for a machine-made secret of `length` characters:
 * 0.6·log2(length) + 0.05, capped at 3.3. Hex is the lowest-entropy alphabet secrets use; simulated random
 * hex strings fall below this floor in fewer than 1 in 1000 cases at every length from 12 to 64
 * (0.1st percentile: 2.45 bits at 16 characters, 3.11 at 32, 3.54 at 64), while repetitive and keyboard-walk
 * strings fall well below it (`aaaaaaaaaaaaaaaa1`: 0.32).
 */
export function entropyFloor(length: number): number {
  return Math.min(3.3, 0.6 * Math.log2(Math.max(2, length)) + 0.05);
}

export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Whether a token looks machine-generated: long enough, entropy above the floor, no repeated unit or
 * counting run, not words run together (`MySecretKeyName`, `ClientHttp2Session`), and either digits mixed
 * with letters or, without digits, both letter cases in similar numbers. On simulated random base62 strings
 * this rejects about 7% at 16 characters (mostly those without a digit), 1% at 20 and under 0.5% from 32.
 */
export function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength) return false;
  if (shannonEntropy(value) < entropyFloor(value.length)) return false;
  if (isRepetitive(value) || hasSequentialRun(value)) return false;
  const c = charClasses(value);
  if (c.digit <= 3 && isWordLike(value)) return false;
  const letters = c.lower + c.upper;
  if (letters === 0) return false; // digits (and symbols) only: a number, a date, a phone number
  if (c.digit === 0) {
    // Letters only (plus symbols): random base62/base64 has both cases in similar numbers.
    return value.length >= 20 && c.upper >= letters * 0.2 && c.lower >= letters * 0.2;
  }
  return true;
}

/**
 * The random part of a prefixed token (`ghp_…`, `AKIA…`, `xoxb-…`) written as a placeholder:
 * `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `AKIAXXXXXXXXXXXXXXXX`, `sk_live_…EXAMPLE…`, `AKIAIOSFODNN7EXAMPLE`,
 * `xoxb-your-token-here`, a repeated unit or a counting run.
 */
export function isPlaceholderToken(body: string): boolean {
  if (
    /x{4}|X{4}|\*{3}|\.{3}|…|[<>{}]|0{8}|1{8}|your|example|sample|dummy|redacted|placeholder|fake|token[_-]?here|insert/i.test(
      body,
    )
  ) {
    return true;
  }
  if (isRepetitive(body) || hasSequentialRun(body, 8)) return true;
  // Random tokens use many distinct characters: 20 random base62 characters have 17 distinct on average.
  const distinct = new Set(body).size;
  return body.length >= 16 && distinct < Math.min(10, body.length / 3);
}
