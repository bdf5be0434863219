import { isSpaceCode } from '../../validators/char-codes.js';
import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { type LabelContext, readLabel, splitWords } from '../../validators/labelled-value.js';
import {
  charClasses,
  classCount,
  isCodeReference,
  isPathOrUrl,
  isPlaceholder,
} from '../../validators/secret-values.js';

/**
 * Passwords: the value after a password label, wherever people write one — configuration
 * (`DB_PASSWORD=…`, `"password": "…"`, `<Password>…</Password>`), command lines (`--password=…`,
 * `mysql -p'…'`, `curl -u user:…`, `sshpass -p …`), documents (`**Password:** …`, `| Password | … |`) and
 * prose (`my password is Tr0ub4dor&3`, `the password for the portal is …`). The span is the value only.
 *
 * Passwords have no structure, so the label and the layout are the evidence: an assignment to a password
 * key is strong; prose needs a value shaped like a password (two character classes, six characters or
 * more) unless it is quoted. Placeholders (`<password>`, `****`, `${DB_PASS}`, `your_password`) and
 * references (`os.environ["DB_PASS"]`, `config.password`) are not passwords. Well-known defaults such as
 * `changeme` or `password123` are reported: they are real passwords, and the most likely to work.
 */

const STRONG = new Set([
  'password',
  'passwd',
  'passphrase',
  'passwort',
  'kennwort',
  'contraseña',
  'contrasena',
  'senha',
  'wachtwoord',
  'lösenord',
  'losenord',
  'passord',
  'adgangskode',
  'salasana',
  'hasło',
  'haslo',
  'parola',
  'heslo',
  'jelszó',
  'jelszo',
  'şifre',
  'sifre',
  'пароль',
  'パスワード',
  '密码',
  '密碼',
  '비밀번호',
  'pswd',
  'passwrd',
  'storepass',
  'keypass',
  'srcstorepass',
  'deststorepass',
  'srckeypass',
  'destkeypass',
  'rootpw',
  'masterpassword',
]);
/** Short labels that are passwords only in an assignment or a flag (`pass: x`, `pwd=x`), never in prose. */
const WEAK = new Set(['pass', 'pwd', 'pw', 'passcode', 'mdp', 'clave', 'psw', 'pword']);
/** Words after the password word that keep it a password label: `password_confirmation`, `PasswordNew`. */
const SUFFIXES = new Set([
  'confirm',
  'confirmation',
  'again',
  'repeat',
  'verify',
  'new',
  'old',
  'plain',
  'plaintext',
]);
/** Words before it that make the value something else: a hash, a rule, a link. */
const NEG_BEFORE = new Set([
  'hashed',
  'hash',
  'encrypted',
  'enc',
  'crypted',
  'salted',
  'masked',
  'forgot',
  'forgotten',
  'min',
  'max',
  'minimum',
  'maximum',
  'no',
  'expired',
  'bcrypt',
  'md',
  'sha',
]);

export function passwordLabelStrength(words: readonly string[]): number {
  const n = words.length;
  let i = n - 1;
  if (i > 0 && SUFFIXES.has(words[i] as string)) {
    const w = words[i - 1] as string;
    if (STRONG.has(w) || WEAK.has(w)) i--;
  }
  const last = words[i] as string;
  const prev = i > 0 ? (words[i - 1] as string) : '';
  if (NEG_BEFORE.has(prev)) return 0;
  if (STRONG.has(last)) return 2;
  if (last === 'passe' && prev === 'de' && words[i - 2] === 'mot') return 2; // French "mot de passe"
  if (last === 'phrase' && prev === 'pass') return 2;
  if (WEAK.has(last)) return 1;
  return 0;
}

/** Ordinary words that follow a password label in prose and forms without being a password. */
const STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'is',
  'not',
  'your',
  'my',
  'this',
  'that',
  'here',
  'there',
  'must',
  'should',
  'will',
  'can',
  'be',
  'and',
  'or',
  'to',
  'of',
  'for',
  'with',
  'it',
  'reset',
  'changed',
  'expired',
  'incorrect',
  'invalid',
  'wrong',
  'correct',
  'missing',
  'strong',
  'weak',
  'protected',
  'encrypted',
  'hashed',
  'set',
  'updated',
  'needed',
  'please',
  'click',
  'use',
  'different',
  'saved',
  'stored',
  'manager',
  'field',
  'policy',
  'length',
  'characters',
  'chars',
  'mismatch',
  'match',
  'matches',
  'hint',
  'rules',
  'requirements',
  'verification',
  'authentication',
  'change',
  'update',
  'new',
  'old',
  'current',
  'login',
  'username',
  'email',
  'protect',
  'secure',
  'security',
  'recovery',
  'reminder',
  'expiry',
  'expires',
  'expiration',
  'again',
  'confirm',
  'confirmation',
  'only',
  'also',
  'still',
  'now',
  'too',
  'very',
  'so',
  'case',
  'sensitive',
]);

/** A password as people choose them: six characters or more, mixing at least two character classes. */
export function passwordShaped(v: string): boolean {
  if (v.length < 6) return false;
  const c = charClasses(v);
  let classes = classCount(c);
  // A capitalised word ("Summer") or a hyphenated/apostrophised word ("e-mail") is one class.
  if (c.upper === 1 && c.digit === 0 && c.symbol === 0 && /^[A-Z]/.test(v)) classes = 1;
  if (c.digit === 0 && c.upper === 0 && /^[a-z]+(?:[-'.][a-z]+)*$/.test(v)) classes = 1;
  if (c.digit === 0 && c.symbol === 0 && /^[A-Z][a-z]+(?:[A-Z][a-z]+)?$/.test(v)) classes = 1;
  return classes >= 2;
}

/** An identifier in code (`password_input`, `hashedPassword`, `user_pass`), not a value. */
function identifierLike(v: string): boolean {
  if (!/^[A-Za-z_][A-Za-z_]*$/.test(v)) return false;
  const words = splitWords(v);
  if (words.length >= 2 && words.some((w) => STRONG.has(w) || WEAK.has(w) || w === 'secret')) return true;
  // Pure snake_case or camelCase letters: `user_input`, `newPassword`, `getValue`.
  return /^[A-Za-z]+(?:_[A-Za-z]+)+$|^[a-z]+(?:[A-Z][a-z]+)+$/.test(v);
}

/** Checks every layout shares: placeholders, references, paths, and code identifiers are not passwords. */
function plausibleValue(v: string, quoted: boolean): boolean {
  if (v.length < 4 || v.length > 128) return false;
  if (isPlaceholder(v) || isPathOrUrl(v)) return false;
  if (!quoted && (isCodeReference(v) || identifierLike(v))) return false;
  if (STOP_WORDS.has(v.toLowerCase())) return false;
  // The label word itself (`passphrase = passphrase`), or a sentence about passwords in quotes
  // (`'Password used to generate key'`).
  const words = splitWords(v);
  if (/^[A-Za-z_]+$/.test(v) && words.every((w) => STRONG.has(w) || WEAK.has(w))) return false;
  if (quoted && /\s/.test(v) && words.some((w) => STRONG.has(w) || WEAK.has(w))) return false;
  return true;
}

/** Declarations and statements: the value of `const pass = exists && …` is code, not a password. */
const CODE_LINE =
  /\b(?:const|let|var|val|final|private|public|protected|static|readonly|def|func|function|return|export|declare|if|while|for)\s|\b(?:this|self)\.|\(\s*$/;

/**
 * Code, not configuration: an identifier value ending a statement (`password = strict;`), or a type
 * annotation (`password: BinaryLike,`, `password: TArg<KDFInput>`).
 */
function codeValue(text: string, start: number, end: number, v: string): boolean {
  const next = /^\s*(\S?)/.exec(text.slice(end, end + 8))?.[1] ?? '';
  if (/^[A-Za-z_$][\w$]*$/.test(v) && /^(?:[;)]|\|\||&&|\?|=[^=])/.test(text.slice(end, end + 3).trimStart()))
    return true;
  if (/^[A-Z][A-Za-z]*$/.test(v) && ',;)<>[|={'.includes(next) && next !== '') return true;
  let line = text.slice(Math.max(0, start - 120), start);
  line = line.slice(line.lastIndexOf('\n') + 1);
  return CODE_LINE.test(line) && /^[A-Za-z_$][\w$]*$/.test(v) && !passwordShaped(v);
}

/** A weak label (`pass`, `pwd`) counts as written alone, in UPPER_SNAKE or separated (`DB_PASS`, `db.pwd`,
 * `--pass`), not at the end of a camelCase name (`allPass`, `TestPass`). */
const WEAK_LABEL_WRITTEN = /^-{0,2}(?:[A-Za-z0-9]+[_.-])*(?:pass|pwd|pw|passcode|mdp|psw|pword|clave)$/i;

/** Command-line layouts that carry no password label word. */
const MYSQL_FAMILY = /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump)\b/;

function commandLineScore(text: string, start: number, end: number): number | null {
  // Only a value right after `-p`, `-u user:` or a netrc `password` keyword can be a command-line form.
  const near = text.slice(Math.max(0, start - 10), start);
  if (!/-p[ \t]{0,2}["']?$|:$|password\s+$/.test(near)) return null;
  let pre = text.slice(Math.max(0, start - 160), start);
  pre = pre.slice(pre.lastIndexOf('\n') + 1);
  const q = /["']$/.exec(pre);
  if (q !== null) {
    if (text[end] !== q[0]) return null;
    pre = pre.slice(0, -1);
  }
  // curl -u user:password, --user user:password
  if (/(?:^|\s)(?:-u|--user)\s*["']?[^\s:"']{1,64}:$/.test(pre)) return 0.85;
  // sshpass -p secret
  if (/\bsshpass\s+-p\s*$/.test(pre)) return 0.85;
  // mysql -pSECRET / mysql -p'SECRET' (with a space after -p, mysql reads a database name instead)
  if (/(?:^|\s)-p$/.test(pre)) {
    if (MYSQL_FAMILY.test(pre)) return 0.85;
    return q !== null ? 0.7 : null;
  }
  // psexec \\host -u admin -p secret: a user flag earlier on the line, not mysql
  if (/(?:^|\s)-[uU]\s+\S{1,64}\s.{0,80}?-p\s+$/.test(pre) && !MYSQL_FAMILY.test(pre)) return 0.7;
  // .netrc: machine host login user password secret
  if (/\blogin\s+\S{1,64}\s+password\s+$/.test(pre)) return 0.85;
  return null;
}

function scoreFor(label: LabelContext, v: string): number | null {
  const quoted = label.quote !== '';
  const strong = label.strength >= 2;
  switch (label.form) {
    case 'markup':
      // A table header such as "| Assist/pass | Score |" has label-like cells on both sides.
      if (!strong) return null;
      return 0.9;
    case 'assignment':
    case 'flag':
      return strong ? 0.9 : 0.75;
    case 'prose':
      if (!strong) return null;
      if (quoted) return v.length >= 4 ? 0.85 : null;
      return passwordShaped(v) ? 0.8 : null;
    case 'prose-far':
      if (!strong) return null;
      if (quoted) return v.length >= 4 ? 0.75 : null;
      return passwordShaped(v) ? 0.7 : null;
    case 'adjacent':
      if (!strong || !passwordShaped(v)) return null;
      return classCount(charClasses(v)) >= 3 || v.length >= 10 ? 0.7 : null;
  }
}

/**
 * The run of non-blank characters that ends where the blanks (spaces, tabs) before `start` begin, within
 * the 24 characters before `start`: what `/(\S+)[ \t]+$/` captures on that slice, read backwards without
 * a regex (one anchored with `$` is tried at every position of its input).
 */
function wordBeforeBlanks(text: string, start: number): string | null {
  const from = Math.max(0, start - 24);
  let q = start;
  while (q > from && (text.charCodeAt(q - 1) === 32 || text.charCodeAt(q - 1) === 9)) q--;
  if (q === start || q === from || isSpaceCode(text.charCodeAt(q - 1))) return null;
  let p = q - 1;
  while (p > from && !isSpaceCode(text.charCodeAt(p - 1))) p--;
  return text.slice(p, q);
}

export function validatePassword(value: string, site: MatchSite): ValidationResult {
  const { text, start, end } = site;
  if (value.length < 4 || STOP_WORDS.has(value.toLowerCase()) || isPlaceholder(value)) return 'invalid';
  // Cheap early exit: after a word and blanks (prose, or a label right before the value) only a
  // password-shaped value qualifies, and most candidates there are ordinary words.
  const before = text.charCodeAt(start - 1);
  if (before === 32 || before === 9) {
    const lead = wordBeforeBlanks(text, start);
    // A preceding word that is not a flag (`-p`, `--password`, `-storepass`) nor a connector (`:`, `=`).
    if (lead !== null && /^[A-Za-z\u00C0-\uFFFF][^:=>|]*$/.test(lead) && !passwordShaped(value)) {
      return 'invalid';
    }
  }
  const cli = commandLineScore(text, start, end);
  if (cli !== null) {
    // On a command line an identifier-like value (`-p dev_admin`) is a password, not a variable.
    const quoted = text[start - 1] === '"' || text[start - 1] === "'";
    return plausibleValue(value, true) && (quoted || !isCodeReference(value))
      ? { validation: 'neutral', score: cli }
      : 'invalid';
  }
  const label = readLabel(text, start, end, passwordLabelStrength);
  if (label === null) return 'invalid';
  const quoted = label.quote !== '';
  if (!plausibleValue(value, quoted)) return 'invalid';
  if (!quoted && codeValue(text, start, end, value)) return 'invalid';
  if (label.strength < 2) {
    if (!WEAK_LABEL_WRITTEN.test(label.raw)) return 'invalid';
    // `pass: x` in chat or code needs a password-shaped value; `DB_PASS=x` and `--pass x` do not.
    if (!quoted && !passwordShaped(value) && !/[A-Z]{2}|[_.-]|^-/.test(label.raw)) return 'invalid';
  }
  // "Password: Enter your password": a plain word followed by more words is a sentence, not a value.
  if (!quoted && label.form !== 'prose' && /^ [a-z]{2,}\b/.test(text.slice(end, end + 12))) {
    if (!passwordShaped(value)) return 'invalid';
  }
  const score = scoreFor(label, value);
  return score === null ? 'invalid' : { validation: 'neutral', score };
}

/**
 * What may stand right before a value (a cheap filter; the validator reads the label):
 *  - `:`, `=`, `>` or `|`, then blanks or markdown emphasis, one line break, an optional quote;
 *  - `,` or `(` then a quote (`getenv("DB_PASS", "x")`), or ` - ` (`Password - x`);
 *  - a word and blanks, then a quote (`password is 'x'`) or a value with a digit or an inner symbol
 *    (`password is Tr0ub4dor&3`, `temporary password H9f$KmP2wL8!`): unquoted prose values must look like
 *    passwords, and ordinary words with trailing punctuation ("thanks!") are not tried;
 *  - a `-p` flag, glued (`-pSECRET`) or not.
 * The value itself does not start inside a word.
 */
const QUOTE = String.raw`[bru]?\\?["'\x60]`;
const CONNECTOR = String.raw`(?:[:=>|][ \t*_]{0,4}(?:\r?\n[ \t]{0,16})?(?:${QUOTE})?|[,(][ \t]{0,2}${QUOTE}|\s-[ \t*_]{1,4}(?:${QUOTE})?)`;
const WORD = String.raw`[A-Za-z\u00C0-\uFFFF]{2}[ \t*_]{1,4}`;
const FLAG = String.raw`\s--?[A-Za-z][\w-]{1,40}[ \t]{1,2}`;
const SHAPED = String.raw`(?=\S{0,127}(?:[0-9]|[!@#$%^&*+=~](?=\S)))`;
const PRE = String.raw`(?:(?<=\s-p)|(?<![A-Za-z0-9_\u00C0-\uFFFF])(?:(?<=${CONNECTOR}|${WORD}${QUOTE}|\s-p[ \t]{1,2}["']?|\s-p["']|${FLAG})|(?<=${WORD})${SHAPED}))`;
const PRE_QUOTED = String.raw`(?:[:=>|,(][ \t*_]{0,4}(?:\r?\n[ \t]{0,16})?|\s-[ \t*_]{1,4}|${WORD}|\s-p[ \t]{0,2})[bru]?`;
/** A value: no blanks, quotes or angle brackets, no escaped line break (`\n` in JSON strings); it does not
 * run into the next `;key=`, `&key=` or `,key=` pair, and does not end with sentence punctuation. */
const VALUE = String.raw`[^\s"'\x60<>|*(\[{\\-](?:[^\s"'\x60<>|;&,\\]|\\(?![nrt"'\\])|[;&,](?![A-Za-z_][\w.-]{0,40}=)){1,126}[^\s"'\x60<>|.,;:)\]}*?\\]`;

/** Label words in other scripts and languages, found cheaply as the word before a colon. */
const FOREIGN_LABELS = String.raw`(?:[Kk]ennwort|KENNWORT|[Cc]ontrase[ñn]a|CONTRASE[ÑN]A|[Ss]enha|SENHA|[Hh]as[lł]o|HAS[LŁ]O|[Pp]arola|[Hh]eslo|[Ss]alasana|[Ww]achtwoord|[Ll][öo]senord|[Cc]lave|mdp|MDP|[Пп]ароль|ПАРОЛЬ|パスワード|密[码碼]|비밀번호)`;
/** Every value follows a password word, `-p` or `-u user:` within 72 characters. A literal-led alternation
 * keeps the scan near 1 GB/s; foreign labels are looked up behind colons only. */
const ANCHOR = new RegExp(String.raw`[Pp](?:ass|ASS|wd|WD)|-[pu]|:(?<=${FOREIGN_LABELS}[\s*"']{0,3}:)`, 'g');

export const password: RecognizerSpec = Object.freeze({
  id: 'password',
  entity: 'PASSWORD',
  version: '1.0.0',
  description: 'Passwords after a password label in configuration, command lines, documents and prose',
  anchor: { pattern: ANCHOR, before: 8, after: 72 },
  patterns: [
    { name: 'labelled-value', regex: new RegExp(PRE + VALUE, 'g'), score: 0.9 },
    // Quoted values may hold blanks: "correct horse battery staple".
    {
      name: 'quoted-value',
      regex: new RegExp(`(?<=${PRE_QUOTED}")[^"\\n]{1,128}(?=")|(?<=${PRE_QUOTED}')[^'\\n]{1,128}(?=')`, 'g'),
      score: 0.9,
    },
  ],
  validate: validatePassword,
});
