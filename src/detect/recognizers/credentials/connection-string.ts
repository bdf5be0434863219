import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { isPlaceholder } from '../../validators/secret-values.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * Connection strings that carry credentials, reported whole (the host tells an attacker where to use the
 * password):
 *  - URLs with a password in the userinfo (RFC 3986 §3.2.1): `postgres://user:pass@host:5432/db`, and the
 *    same for mysql, mariadb, mongodb(+srv), redis(s), amqp(s), mssql, sqlserver, oracle, ftp/sftp, smtp,
 *    ldap, http(s) and any other scheme, with an optional `jdbc:` prefix;
 *  - ADO.NET / ODBC key-value strings with a password or account key:
 *    `Server=…;Database=…;User Id=…;Password=…;`, Azure `DefaultEndpointsProtocol=…;AccountKey=…`.
 * Placeholders in the password position (`<password>`, `${DB_PASS}`, `password`, `****`) and credentials for
 * documentation domains (`user:pass@example.com`) are not reported.
 */

/** Passwords that documentation puts in example URLs: `user:password@`, `user:pass@`, `user:secret@`. */
const EXAMPLE_PASSWORDS = new Set([
  'password',
  'pass',
  'passwd',
  'pwd',
  'secret',
  'pw',
  'p',
  'mypassword',
  'yourpassword',
]);

/** RFC 2606 / RFC 6761 documentation and test domains: credentials for them cannot be real. */
const DOCUMENTATION_HOST = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid)(?::\d+)?$/i;

function passwordOk(password: string): boolean {
  const p = decodeURIComponentSafe(password);
  // One- and two-character passwords are shorthand in examples (`https://a:b@host`).
  if (p.length < 3 || EXAMPLE_PASSWORDS.has(p.toLowerCase())) return false;
  if (isPlaceholder(p)) return false;
  return !/^[<{[$%]|^\*+$|^x+$/i.test(p);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function validateConnectionString(value: string, _site?: MatchSite): ValidationResult {
  const scheme = value.indexOf('://');
  if (scheme >= 0 && scheme < 40 && !/[;=]\s*$/.test(value.slice(0, scheme))) {
    const rest = value.slice(scheme + 3);
    // The userinfo holds no '/', '?' or '#'; the host starts after the last '@' before the path.
    const pathStart = rest.search(/[/?#]/);
    const at = rest.lastIndexOf('@', pathStart < 0 ? rest.length : pathStart);
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon < 0) return 'invalid';
    const user = userinfo.slice(0, colon);
    if (/^[<{[$%]/.test(user)) return 'invalid';
    const host = rest.slice(at + 1).split(/[/?#,]/)[0] as string;
    if (DOCUMENTATION_HOST.test(host)) return 'invalid';
    return passwordOk(userinfo.slice(colon + 1)) ? 'valid' : 'invalid';
  }
  // Key-value form: the password (or account key) entry must hold a real value.
  const m = /(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey)\s*=\s*([^;]*)/i.exec(value);
  if (m === null) return 'invalid';
  const password = (m[1] as string).trim();
  if (!passwordOk(password.replace(/^\{(.*)\}$/, '$1'))) return 'invalid';
  return (value.match(/=/g)?.length ?? 0) >= 2 ? 'valid' : 'invalid';
}

/** URL: scheme, userinfo with a password, hosts (several for MongoDB replica sets), path and query. */
const HOST = String.raw`(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9._~%-]{1,253})(?::\d{1,5})?`;
const URL_WITH_PASSWORD = String.raw`(?<![A-Za-z0-9+.-])(?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s:/?#@"'<>\x60]{0,128}:[^\s/?#"'<>\x60]{1,256}@${HOST}(?:,${HOST}){0,10}(?:[/?#][^\s"'<>\x60]{0,1000}(?<![.,;:!?)\]]))?`;

/** Key-value: a known first key, then `key=value;` pairs, one of which is the password or account key. */
const FIRST_KEY = String.raw`(?:Server|Data Source|Host|Hostname|Provider|Driver|Address|Addr|Network Address|Database|Initial Catalog|User ID|UID|User|Username|DefaultEndpointsProtocol|AccountName|Endpoint|DSN|Port)`;
const PAIR = String.raw`[A-Za-z][A-Za-z0-9 _.]{0,40}=[^;"'\n]{0,300}`;
const KEY_VALUE = String.raw`(?<![\w.;])${FIRST_KEY}\s*=[^;"'\n]{0,300}(?:;\s?${PAIR}){0,20}?;\s?(?:password|pwd|accountkey|sharedaccesskey)\s*=[^;"'\n]{1,300}(?:;\s?${PAIR}){0,20}(?:;(?=\s|$|["'<]))?`;

export const connectionString: RecognizerSpec = Object.freeze({
  id: 'connection-string',
  entity: 'CONNECTION_STRING',
  version: '1.0.0',
  description:
    'Connection strings with credentials: scheme://user:password@host URLs and ADO.NET key-value strings',
  // Each pattern runs around its own anchor, found by string search (pivotRegExp) rather than a regex pass:
  // a "://" whose userinfo holds a password, or the `=` after a password or account-key key (any case, as
  // the key-value pattern reads it).
  patterns: [
    {
      name: 'url-userinfo',
      regex: new RegExp(URL_WITH_PASSWORD, 'g'),
      score: 1,
      anchor: {
        pattern: pivotRegExp('://', String.raw`:\/\/(?=[^\s/?#@"'<>]{0,128}:[^\s/?#"'<>]{1,256}@)`, 'g'),
        before: 1200,
        after: 1600,
      },
    },
    {
      name: 'key-value',
      regex: new RegExp(KEY_VALUE, 'gi'),
      score: 1,
      anchor: {
        pattern: pivotRegExp('=', String.raw`=(?<=(?:password|pwd|accountkey|sharedaccesskey)\s*=)`, 'gi'),
        before: 1200,
        after: 1600,
      },
    },
  ],
  validate: validateConnectionString,
});
