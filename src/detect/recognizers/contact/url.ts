import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * URLs with a scheme (http, https, ftp, ftps, sftp) and bare `www.` hosts (RFC 3986 generic syntax, the
 * common subset), with internationalised host names and paths.
 *
 * Trailing punctuation is not part of the URL: "see https://example.com/a." ends at "a", and a closing
 * parenthesis only belongs to the URL when it closes one opened inside it (Wikipedia-style
 * `.../Python_(programming_language)`), as GitHub's autolinker decides.
 */

/** Letters and digits of host labels: ASCII plus accented and non-Latin letters, without the `u` flag. */
const HOST_CHAR = String.raw`A-Za-z0-9\u00C0-\u1FFF\u3040-\uFFEF`;
const LABEL = String.raw`[${HOST_CHAR}](?:[${HOST_CHAR}-]{0,62})`;
/** A top-level domain is letters (IDN TLDs included) or its punycode form. */
const TLD = String.raw`(?:[A-Za-z\u00C0-\u1FFF\u3040-\uFFEF]{2,63}|xn--[A-Za-z0-9-]{1,59})`;
const DOMAIN = String.raw`(?:${LABEL}\.){1,10}${TLD}`;
const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`;
const IPV6 = String.raw`\[[0-9A-Fa-f:.]{2,45}\]`;
/** RFC 3986 §3.2.1 userinfo (credentials in a URL are exactly what must not leak); the lookahead skips
 * the attempt unless an "@" comes before the host ends. */
const USERINFO = String.raw`(?:(?=[^\s/?#@]{1,130}@)[\w.~%!$&'*+,;=-]{1,64}(?::[\w.~%!$&'*+,;=-]{0,64})?@)?`;
const PORT = String.raw`(?::\d{1,5})?`;

/**
 * Characters of a path, query or fragment: anything but spaces, quotes and angle brackets (RFC 3986
 * Appendix C delimiters), brackets and parentheses (handled as balanced pairs), and the CJK and
 * typographic punctuation that ends a sentence in other scripts.
 */
const EXCLUDED = String.raw`\s<>"'\x60{}|\\^()\[\]\u00AB\u00BB\u2018\u2019\u201C\u201D\u3001\u3002`;
const PATH_CHAR = `[^${EXCLUDED}]`;
const PAREN_GROUP = `\\([^${EXCLUDED}]{0,200}\\)`;
/**
 * Runs of path characters with up to four balanced parenthesised parts between them (a group starts with
 * "(", which no run contains, so the split is unambiguous). A URL never ends with sentence punctuation:
 * backtracking gives those characters back to the prose.
 */
const PATH = String.raw`(?:[/?#]${PATH_CHAR}{0,2000}(?:${PAREN_GROUP}${PATH_CHAR}{0,2000}){0,4}(?<![.,;:!?'*]))`;
/** Without a path, the host must end at a word boundary: not inside a longer name, nor an e-mail domain. */
const END = String.raw`(?:${PATH}|(?![${HOST_CHAR}_@-]|\.[${HOST_CHAR}]))`;

/** http, https, ftp, ftps, sftp in any case, written out so the regex needs no `i` flag. */
const SCHEME = String.raw`(?<![A-Za-z0-9+.-])(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp][Ss]?|[Ss][Ff][Tt][Pp])`;

export function validateUrl(value: string): ValidationResult {
  // A URL with credentials ("https://user:secret@host/") must be masked whole, so it outscores the e-mail
  // address its userinfo and host resemble (ties go to the longer span).
  if (value.includes('@') && /^[^/]*\/\/[^/?#]*@/.test(value)) return { validation: 'neutral', score: 1 };
  return 'neutral';
}

export const url: RecognizerSpec = Object.freeze({
  id: 'url',
  entity: 'URL',
  version: '1.0.0',
  description: 'URLs: http(s)/ftp with host, port, path, query and fragment, and bare www. hosts',
  // No anchor: on URL-dense text (tweets) cutting windows around "://" costs more than it saves. The scheme
  // pattern is instead tried only where "://" occurs, 3 to 5 characters after the start (pivotRegExp: a
  // string search, much faster than the alternation of schemes as a regex pass); `www.` is a literal V8's
  // Boyer-Moore lookahead skips to.
  patterns: [
    {
      name: 'scheme',
      regex: pivotRegExp(
        '://',
        String.raw`${SCHEME}:\/\/${USERINFO}(?:${DOMAIN}|${IPV4}|${IPV6}|${LABEL})${PORT}${END}`,
        'g',
        { minOffset: 3, maxOffset: 5 },
      ),
      score: 0.9,
    },
    {
      name: 'www',
      regex: new RegExp(String.raw`[Ww](?<![${HOST_CHAR}_.@/:-][Ww])[Ww]{2}\.${DOMAIN}${PORT}${END}`, 'g'),
      score: 0.75,
    },
  ],
  validate: validateUrl,
});
