import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { type LabelContext, readLabel } from '../../validators/labelled-value.js';
import {
  isCodeReference,
  isPathOrUrl,
  isPlaceholder,
  looksRandom,
  UUID,
} from '../../validators/secret-values.js';

/**
 * Secrets without a provider format: a machine-made value assigned to a secret-like label —
 * `api_key = "…"`, `SECRET_KEY=…`, `client_secret: …`, `Authorization: Bearer …`, `X-API-Key: …`,
 * `Set-Cookie: user_session=…`, `<apiKey>…</apiKey>`, `| API Key | … |`, `getenv("API_KEY", "…")`. The span
 * is the value only. Prose without a colon ("the API key is …") is not anchored: scanning for the label
 * words themselves would triple the cost (see the anchor).
 *
 * The value must look random (see `looksRandom`: at least 16 characters, 10 for session cookies, entropy
 * above the floor for random hex, digits mixed with letters or balanced letter case, no keyboard runs).
 * That rejects identifiers (`tokenizer_config`), numbers (`max_tokens = 4096`), placeholders and
 * references (`os.environ["API_KEY"]`). UUIDs count only under a secret, token or API-key label (a
 * `request_id` UUID is not a secret); hex digests under a hash label (`sha256`, `commit`, `checksum`) and
 * public keys (`public_key`, `publishable_key`, reCAPTCHA `site_key`) never do.
 */

/** Label words that name a secret on their own. */
const SECRET_WORDS = new Set([
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'passkey',
  'authorization',
  'auth',
  'bearer',
  'sessionid',
  'sessid',
  'phpsessid',
  'jsessionid',
  'session',
  'sess',
  'accesskey',
  'secretkey',
  'privatekey',
  'clientsecret',
  'accesstoken',
  'authtoken',
  'apitoken',
  'refreshtoken',
  'sessiontoken',
  'signingkey',
  'masterkey',
  'encryptionkey',
  'appsecret',
  'appkey',
  'pat',
]);
/** Words before the label word that make the value something other than a secret. */
const NEGATIVE = new Set([
  'public',
  'publishable',
  'pub',
  'site',
  'primary',
  'foreign',
  'sort',
  'partition',
  'cache',
  'caching',
  'idempotency',
  'idempotent',
  'lookup',
  'registry',
  'max',
  'min',
  'num',
  'count',
  'length',
  'len',
  'size',
  'type',
  'file',
  'path',
  'url',
  'uri',
  'endpoint',
  'expires',
  'expiry',
  'expiration',
  'ttl',
  'limit',
  'usage',
  'sha',
  'hash',
  'md',
  'checksum',
  'digest',
  'commit',
  'etag',
  'fingerprint',
  'nonce',
  'csrf',
  'xsrf',
  'format',
  'prefix',
  'header',
  'field',
  'version',
  'ref',
  'reference',
  'request',
  'trace',
  'correlation',
  'event',
  'translation',
  'i18n',
  'label',
  'column',
  'row',
  'table',
  'index',
  'position',
  'next',
  'page',
  'pagination',
  'continuation',
  'cursor',
  'sync',
  'resume',
  'marker',
  'cancellation',
  'test',
  'dummy',
  'fake',
  'example',
  'sample',
  'mock',
  'placeholder',
  'ssh',
  'gpg',
  'pgp',
  'map',
  'dict',
  'object',
  'react',
  'unique',
  'composite',
  'keyboard',
  'hot',
  'shortcut',
  'music',
  'piano',
  'answer',
  'tokenizer',
  'jwks',
  'kid',
  'recaptcha',
  'hcaptcha',
]);
/** Articles and possessives before a bare "key": `the key: …` is weaker evidence than `api key: …`. */
const ARTICLES = new Set(['the', 'a', 'an', 'your', 'my', 'our', 'this', 'that', 'its']);

export function secretLabelStrength(words: readonly string[]): number {
  const n = words.length;
  const last = words[n - 1] as string;
  const prev = n >= 2 ? (words[n - 2] as string) : '';
  for (let i = Math.max(0, n - 4); i < n - 1; i++) if (NEGATIVE.has(words[i] as string)) return 0;
  if (last === 'key') {
    if (prev === '' || ARTICLES.has(prev)) return 1;
    return 2;
  }
  if (last === 'token' && prev === 'client') return 0; // AWS ClientToken: an idempotency token
  if (last === 'id' && (prev === 'session' || prev === 'sess')) return 2;
  if (last === 'sid') return 1;
  if (SECRET_WORDS.has(last)) return 2;
  return 0;
}

/** Labels whose values are session identifiers rather than keys: shorter random values are accepted. */
const SESSION_WORDS = new Set([
  'session',
  'sess',
  'sessionid',
  'sessid',
  'phpsessid',
  'jsessionid',
  'sid',
  'id',
]);
/** Labels under which a UUID is a secret (`api_key = <uuid>`), unlike `session_id` or a bare `key`. */
const UUID_OK = new Set([
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'bearer',
  'key',
  'accesskey',
  'secretkey',
  'accesstoken',
  'authtoken',
  'apitoken',
  'pat',
]);

const VALUE_CHARS = /^[A-Za-z0-9+/=_.~!@#$%^&*():;?,-]+$/;
const HEX = /^(?:[0-9a-f]+|[0-9A-F]+)$/;

function scoreFor(label: LabelContext): number | null {
  const last = label.words[label.words.length - 1] as string;
  const strong = label.strength >= 2;
  switch (label.form) {
    case 'assignment':
    case 'markup':
    case 'flag':
      return strong ? 0.8 : 0.6;
    case 'prose':
      return strong ? 0.7 : null;
    case 'prose-far':
      return strong ? 0.65 : null;
    case 'adjacent':
      // "Bearer x", "token x" (Authorization: token …) are the normal layout; "API key x" is prose.
      if (last === 'bearer' || last === 'token') return 0.8;
      return strong ? 0.65 : null;
  }
}

export function validateGenericSecret(value: string, site: MatchSite): ValidationResult {
  const { text, start, end } = site;
  if (value.length < 10 || !VALUE_CHARS.test(value)) return 'invalid';
  if (isPlaceholder(value) || isPathOrUrl(value)) return 'invalid';
  // Authorization: Basic base64(user:password)
  if (
    /(?:authorization|auth)["']?\s*[:=]\s*["']?basic\s+$/i.test(text.slice(Math.max(0, start - 40), start))
  ) {
    const decoded = Buffer.from(value, 'base64').toString('latin1');
    return /^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded) ? { validation: 'neutral', score: 0.8 } : 'invalid';
  }
  const label = readLabel(text, start, end, secretLabelStrength);
  if (label === null) return 'invalid';
  // A call or an index (`languageOptionsToJSON(value)`, `keys[i]`) is code.
  if (label.quote === '' && (isCodeReference(value) || text[end] === '(' || text[end] === '['))
    return 'invalid';
  // A type annotation: `session: ClientHttp2Session,`, `token: http2.ServerHttp2Session<…>`.
  if (label.quote === '' && /^(?:[a-z]\w*\.)?[A-Z][A-Za-z]*\d?[A-Za-z]*$/.test(value)) {
    if (/^\s*(?:[,;)<>|=[{]|$)/.test(text.slice(end, end + 4))) return 'invalid';
  }
  const last = label.words[label.words.length - 1] as string;
  if (UUID.test(value)) {
    if (label.strength < 2 || !UUID_OK.has(last)) return 'invalid';
  } else {
    const minLength = SESSION_WORDS.has(last) ? 10 : label.strength >= 2 ? 16 : 20;
    if (!looksRandom(value, minLength)) return 'invalid';
    // A hex digest introduced by a hash word further back: "commit sha: …", "md5 checksum token …".
    if (
      HEX.test(value) &&
      /sha|md5|hash|commit|checksum|digest|integrity/i.test(text.slice(Math.max(0, start - 60), start))
    ) {
      return 'invalid';
    }
  }
  const score = scoreFor(label);
  return score === null ? 'invalid' : { validation: 'neutral', score };
}

/** What may stand right before a value: a connector, blanks or emphasis, a line break, an optional quote;
 * or a word and blanks (`Authorization: Bearer x`) before a value with a digit. The
 * validator reads the label. */
const CONNECTOR = String.raw`(?:[:=>|,(][ \t*_]{0,4}|\s-[ \t*_]{1,4})(?:\r?\n[ \t]{0,16})?`;
const WORD = String.raw`[A-Za-z\u00C0-\uFFFF]{2}[ \t*_]{1,4}`;
const QUOTE = String.raw`[bru]?\\?["'\x60]`;
const PRE = String.raw`(?<![A-Za-z0-9_+/.~-])(?:(?<=${CONNECTOR}(?:${QUOTE})?|${WORD}${QUOTE})|(?<=${WORD})(?=[^\s"'\x60]{0,200}\d))`;
/** A value: `=` only as trailing base64 padding, so `user_session=abc` splits at the `=`; `;`, `,` and `?`
 * only inside it, not before the next `key=` or `key:` pair (query strings, minified objects) or a blank. */
const VALUE = String.raw`[A-Za-z0-9+/_.~!@#$%^&*-](?:[A-Za-z0-9+/_.~!@#$%^&*():-]|[;,?](?![A-Za-z_][\w.-]{0,40}[=:]|\s)){8,510}[A-Za-z0-9+/_~!@#$%^&*-]={0,2}`;

/** Label words ending right before a connector: `…key:`, `…token=`, `<apiKey>`, `| Secret |`,
 * `Authorization:`, `getenv("API_KEY",`. Looking behind the rare connector characters costs about 3 ms on
 * 4 MB of prose; adding the label words themselves (for "the API key is …") costs 8 to 11 ms. */
const LABEL_END = String.raw`(?:[Kk]ey|KEY|[Tt]oken|TOKEN|[Ss]ecret|SECRET|[Aa]uth|AUTH|[Aa]uthorization|AUTHORIZATION|[Ss]ession|SESSION|[Ss]ess|SESS|[Ss]ess[Ii][Dd]|SESSID|[Ss]ession_?[Ii][Dd]|SESSION_?ID|[Ss]id|SID|[Cc]redentials?|CREDENTIALS?|[Cc]reds|CREDS|[Pp]asskey|PAT|[Cc]ookie)`;
const ANCHOR = new RegExp(
  String.raw`:(?<=${LABEL_END}["'*\]\s]{0,3}:)|=(?<=${LABEL_END}["'*\]\s]{0,3}=)|>(?<=${LABEL_END}>)|\|(?<=${LABEL_END}\s{0,3}\|)|,(?<=${LABEL_END}["']\s?,)`,
  'g',
);

export const genericSecret: RecognizerSpec = Object.freeze({
  id: 'generic-secret',
  entity: 'SECRET',
  version: '1.0.0',
  description: 'Random-looking values assigned to secret, token, API-key, credential and session labels',
  anchor: { pattern: ANCHOR, before: 4, after: 120 },
  patterns: [{ name: 'labelled-value', regex: new RegExp(PRE + VALUE, 'g'), score: 0.8 }],
  validate: validateGenericSecret,
});
