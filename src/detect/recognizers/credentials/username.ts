import { isSpaceCode } from '../../validators/char-codes.js';
import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import {
  codeBeforeSkipping,
  isLabelCloserCode,
  type LabelContext,
  readLabel,
} from '../../validators/labelled-value.js';
import { isCodeReference, isPathOrUrl, isPlaceholder } from '../../validators/secret-values.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * User names in credential contexts: the value after `username:`, `user=`, `login:`, `User ID=`, `uid=`,
 * `-u`, `--user`, `<Username>`, `| Username | … |` or "my username is …". The span is the value only.
 *
 * "User" is an ordinary English word and chat transcripts start lines with `User:`, so the label alone is
 * weak evidence: explicit labels (`username`, `user id`, `login name`, `Benutzername`) pass the threshold
 * by themselves, while `user`, `login`, `uid` and `-u` need a password label nearby (a credential pair).
 */

/** Labels that name a user name unambiguously. */
const STRONG = new Set([
  'username',
  'userid',
  'usrname',
  'loginname',
  'loginid',
  'logonname',
  'benutzername',
  'nutzername',
  'identifiant',
  'usuario',
  'gebruikersnaam',
  'användarnamn',
  'brukernavn',
  'brugernavn',
  'käyttäjätunnus',
  'kullanıcı',
  'логин',
  'ユーザー名',
  'ユーザ名',
  '用户名',
  '用戶名',
  '사용자명',
  'principal',
  'upn',
  'samaccountname',
]);
/** Labels that are user names only in a credential pair. */
const WEAK = new Set([
  'user',
  'usr',
  'login',
  'logon',
  'uid',
  'account',
  'utilisateur',
  'benutzer',
  'gebruiker',
  'utente',
  'user_name',
]);
/** Two-word labels: "user name", "user id", "login name", "login id", "nom d'utilisateur", "nombre de usuario". */
const PAIRS = new Set([
  'user name',
  'user id',
  'login name',
  'login id',
  'logon name',
  'account name',
  'nome utente',
  'db user',
  'database user',
]);
/** Words before the label that make it something else: "last login: Mon Jan 1", "max_user", "user agent". */
const NEG_BEFORE = new Set([
  'last',
  'failed',
  'max',
  'min',
  'num',
  'number',
  'total',
  'count',
  'end',
  'other',
  'each',
  'every',
  'per',
  'no',
  'unique',
  'distinct',
  'anonymous',
  'invalid',
  'unknown',
]);

export function usernameLabelStrength(words: readonly string[]): number {
  const n = words.length;
  const last = words[n - 1] as string;
  const prev = n >= 2 ? (words[n - 2] as string) : '';
  if (PAIRS.has(`${prev} ${last}`)) return NEG_BEFORE.has(words[n - 3] ?? '') ? 0 : 2;
  if (last === 'utilisateur' && prev === 'd' && words[n - 3] === 'nom') return 2;
  if (last === 'usuario' && prev === 'de' && words[n - 3] === 'nombre') return 2;
  if (STRONG.has(last)) return 2;
  if (WEAK.has(last)) return NEG_BEFORE.has(prev) ? 0 : 1;
  return 0;
}

/** A password label with a connector near the user name: `user=admin&password=…`, `login x password y`. */
const PASSWORD_NEAR =
  /(?:pass(?:word|wd|phrase)?|pwd|kennwort|passwort|mot de passe|contrase[ñn]a|senha)["'*\]\s]{0,3}(?:[:=>|]|is\b)|(?:\s|^)-p\S|\bpassword\s+\S/i;

function passwordNearby(text: string, start: number, end: number): boolean {
  return PASSWORD_NEAR.test(text.slice(Math.max(0, start - 120), Math.min(text.length, end + 120)));
}

/** Words that follow a user label in prose without being a user name. */
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
  'name',
  'email',
  'e-mail',
  'required',
  'optional',
  'unknown',
  'anonymous',
  'guest',
  'none',
  'null',
  'nobody',
  'same',
  'below',
  'above',
  'hello',
  'hi',
  'hey',
  'thanks',
  'please',
  'what',
  'how',
  'why',
  'who',
  'when',
  'where',
  'can',
  'could',
  'would',
  'i',
  'you',
  'we',
  'they',
  'he',
  'she',
  'yes',
  'no',
  'ok',
  'okay',
  'sure',
  'id',
  'password',
  'pass',
  'login',
  'logged',
  'sign',
  'signed',
  'successful',
  'failed',
  'attempt',
  'attempts',
  'provided',
  'given',
  'invalid',
  'incorrect',
  'wrong',
  'missing',
  'string',
  'str',
  'text',
  'int',
  'integer',
  'number',
  'value',
  'set',
  'unset',
  'defined',
  'undefined',
  'empty',
  'blank',
  'known',
  'taken',
  'available',
  'unique',
  'valid',
  'case',
  'used',
  'needed',
  'shown',
  'displayed',
]);

const USERNAME_SHAPE =
  /^(?:[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}|[A-Za-z0-9][\w.-]{0,30}\\[A-Za-z0-9][\w.@-]{0,30})$/;

function scoreFor(
  label: LabelContext,
  value: string,
  text: string,
  start: number,
  end: number,
): number | null {
  const strong = label.strength >= 2;
  const numeric = /^\d+$/.test(value);
  const paired = passwordNearby(text, start, end);
  switch (label.form) {
    case 'assignment':
    case 'markup':
    case 'flag':
      // Numeric "user ids" are database keys unless they sit next to a password.
      if (numeric) return paired ? 0.6 : null;
      if (strong) return paired ? 0.85 : 0.7;
      return paired ? 0.75 : null;
    case 'prose':
      if (numeric) return null;
      if (strong) return paired ? 0.8 : 0.65;
      return paired ? 0.6 : null;
    case 'prose-far':
      return strong && !numeric && paired ? 0.6 : null;
    case 'adjacent':
      // "login ziggy password x", "user admin pass x": only as a credential pair.
      return paired && !numeric && /^\s+(?:password|passwd|pass|pwd)\b/i.test(text.slice(end, end + 12))
        ? 0.7
        : null;
  }
}

/** Command lines: `mysql -u root`, `psql -U postgres`, `curl -u alice:…`, `--user alice`. */
const CLI_USER =
  /\b(?:mysql|mysqldump|mysqladmin|mariadb|psql|pg_dump|pg_restore|mongo|mongosh|mongodump|redis-cli|curl|wget|sshpass|psexec|smbclient|ftp|lftp|sqlcmd|bcp|docker login|ldapsearch)\b[^\n]{0,120}?(?:\s-[uU]|--user(?:name)?[= ])\s*["']?$/;

export function validateUsername(value: string, site: MatchSite): ValidationResult {
  const { text, start, end } = site;
  if (!USERNAME_SHAPE.test(value)) return 'invalid';
  if (STOP_WORDS.has(value.toLowerCase()) || isPlaceholder(value) || isPathOrUrl(value)) return 'invalid';
  if (/^\d{1,3}$/.test(value)) return 'invalid';
  const pre = text.slice(Math.max(0, start - 200), start);
  if (
    /-[uU]\s*["']?$|--user(?:name)?[= ]\s*["']?$/.test(pre.slice(-14)) &&
    CLI_USER.test(pre.slice(pre.lastIndexOf('\n') + 1))
  ) {
    return { validation: 'neutral', score: 0.7 };
  }
  const label = readLabel(text, start, end, usernameLabelStrength);
  if (label === null) return 'invalid';
  if (label.quote === '') {
    if (isCodeReference(value)) return 'invalid';
    // `targetPrincipal: targetPrincipal,` or `user: currentUser)`: a variable in code.
    if (value.toLowerCase() === label.raw.toLowerCase()) return 'invalid';
    if (/^[a-z]+[A-Z]\w*$/.test(value) && /^\s*[,;)]/.test(text.slice(end, end + 4))) return 'invalid';
    // A call, an index or a chained assignment: `user = unquote(user)`, `config['username']`, `a = b = ''`.
    if (/^(?:[([.]|\s*=[^=])/.test(text.slice(end, end + 3))) return 'invalid';
  }
  // "If a username is specified": an English word after a prose verb.
  if (
    (label.form === 'prose' || label.form === 'prose-far') &&
    /^[a-z]{5,}(?:ed|ing|able|ible|tion|ly|ive|ous)$/.test(value)
  ) {
    return 'invalid';
  }
  // "User: hello there" in a chat transcript: a word followed by more words is a sentence.
  if (label.quote === '' && /^ [a-z]{2,}\b/.test(text.slice(end, end + 12)) && label.form !== 'adjacent') {
    if (!passwordNearby(text, start, end)) return 'invalid';
  }
  const score = scoreFor(label, value, text, start, end);
  return score === null ? 'invalid' : { validation: 'neutral', score };
}

/** What may stand right before a value: a connector and blanks, a word and blanks (prose, adjacency, flags),
 * then an optional quote. The validator reads the label. */
const CONNECTOR = String.raw`(?:[:=>|,(][ \t*_]{0,4}|\s-[ \t*_]{1,4})(?:\r?\n[ \t]{0,16})?`;
const VERB = String.raw`(?<![A-Za-z])(?:is|was|as|ist|est|es|é)[ \t]{1,4}`;
const FLAG = String.raw`\s(?:-[uU]|--user(?:name)?)[ \t]{1,2}|--user(?:name)?=`;
const PRE = String.raw`(?<![A-Za-z0-9_.@\u00C0-\uFFFF-])(?<=(?:${CONNECTOR}|${VERB}|${FLAG})(?:[bru]?\\?["'\x60])?)`;
const VALUE = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._@+-]|\\(?![nrt"'\\])){0,62}[A-Za-z0-9_]`;

/**
 * A user-name label right before `:` or `=` (`username:`, `User ID =`, `login_name:`, `uid=`), an XML
 * element or table cell (`<Username>`, `| Username |`), or a `-u`/`--user` flag. Looking behind a colon or
 * an equals sign costs a third of scanning for the label words; prose ("my username is …") is therefore
 * not anchored.
 */
const LABEL_BEFORE_COLON = String.raw`(?:(?:[Uu]ser|USER|[Ll]og[io]n|LOG[IO]N)(?:[ _.-]?(?:[Nn]ame|NAME|[Ii][Dd]|ID))?|[Uu]id|UID|[Uu]suario|[Ii]dentifiant|[Uu]tilisateur|[Bb]enutzer(?:name)?|[Pp]rincipal|логин|用户名|ユーザー名)`;
const LABEL_BEFORE_EQUALS = String.raw`(?:(?:[Uu]ser|USER|[Ll]og[io]n|LOG[IO]N)(?:[ _.-]?(?:[Nn]ame|NAME|[Ii][Dd]|ID))?|[Uu]id|UID)`;
/** Last two characters of those labels: user, login/logon, name, id, usuario, identifiant, utilisateur,
 * principal, логин (用户名 and ユーザー名 end in 名). */
const LABEL_ENDINGS = new Set(
  ['er', 'ER', 'in', 'IN', 'on', 'ON', 'me', 'ME', 'id', 'Id', 'iD', 'ID', 'io', 'nt', 'ur', 'al', 'ин'].map(
    (e) => e.charCodeAt(0) * 65536 + e.charCodeAt(1),
  ),
);

/** Whether the label characters before a connector at `i` (past quotes and blanks) can end a label. */
function labelEndBefore(t: string, i: number): boolean {
  let j = i - 1;
  for (let k = 0; k < 3 && isLabelCloserCode(t.charCodeAt(j)); k++) j--;
  const c = t.charCodeAt(j);
  return c === 0x540d /* 名 */ || LABEL_ENDINGS.has(t.charCodeAt(j - 1) * 65536 + c);
}
/** The connectors are found by string search (pivotRegExp); the label behind one is read only when the
 * two characters before it (past quotes and blanks) can end a label: one colon in ten in prose. */
const ANCHOR = pivotRegExp(
  [':', '=', '>', '|', '-'],
  String.raw`:(?<=${LABEL_BEFORE_COLON}["'*\]\s]{0,3}:)|=(?<=${LABEL_BEFORE_EQUALS}["'*\]\s]{0,3}=)|>(?<=[Uu]sername>)|\|(?<=[Uu]sername\s{0,3}\|)|-[uU] |--user`,
  'g',
  {
    guard: (t, i) => {
      const c = t.charCodeAt(i);
      if (c === 45) return (t.charCodeAt(i + 1) | 32) === 117 || t.charCodeAt(i + 1) === 45; // -u, -U, --
      if (c === 62) return t.charCodeAt(i - 1) === 101; // Username>
      if (c === 124) return codeBeforeSkipping(t, i, 3, isSpaceCode) === 101; // username |
      return labelEndBefore(t, i);
    },
  },
);

export const username: RecognizerSpec = Object.freeze({
  id: 'username',
  entity: 'USERNAME',
  version: '1.0.0',
  description:
    'User names after a user-name label in credential contexts (configuration, command lines, prose)',
  anchor: { pattern: ANCHOR, before: 8, after: 48 },
  patterns: [{ name: 'labelled-value', regex: new RegExp(PRE + VALUE, 'g'), score: 0.5 }],
  validate: validateUsername,
});
