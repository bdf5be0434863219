/**
 * Peer adapter for redact-pii (regex + well-known-names list; its Google DLP redactor is never used: no
 * network).
 *
 * Configuration: `new SyncRedactor()` with its defaults, i.e. every built-in on, in the library's order:
 * creditCardNumber, streetAddress, zipcode, phoneNumber, ipAddress, usSocialSecurityNumber, emailAddress,
 * username, password, credentials, digits, url, then names (NameRedactor).
 *
 * Spans: redact-pii only returns redacted text. Each stage is a `String.prototype.replace` over the output
 * of the previous stage (so a later stage may swallow an earlier placeholder, e.g. `123 ZIPCODE` is then
 * matched as a phone number), and the name stage edits the string inside a loop. Diffing the output against
 * the input would be ambiguous, so we replay the pipeline exactly: the same regex objects (required from
 * redact-pii/lib/built-ins/simple-regexp-patterns, iterated with Object.keys like composition.js does),
 * NameRedactor's three regexes rebuilt from its source and its well-known-names.json, the same global
 * replace semantics (exec loop, empty matches step by one) — over a string that carries, for every code
 * unit, either the original index it came from or the placeholder it belongs to. A placeholder's span is
 * the union of the original characters (and earlier placeholders' spans) it replaced; a placeholder later
 * swallowed by another is dropped, the swallowing one inherits its span and takes the later type, exactly as
 * the redacted output shows. With `verify` on (the quality report), every record's replayed text is compared
 * with `new SyncRedactor().redact(text)` and differences are counted (expected: 0).
 *
 * Type mapping (their placeholder -> Veilgate entity); USERNAME, PASSWORD, CREDENTIALS and DIGITS are
 * dropped (DIGITS is a catch-all for runs of 4+ digits, not an entity type):
 *   EMAIL_ADDRESS -> EMAIL_ADDRESS        PHONE_NUMBER -> PHONE_NUMBER      CREDIT_CARD_NUMBER -> CREDIT_CARD
 *   US_SOCIAL_SECURITY_NUMBER -> US_SSN   IP_ADDRESS -> IP_ADDRESS          URL -> URL
 *   ZIPCODE -> ZIP_CODE                   STREET_ADDRESS -> STREET_ADDRESS  PERSON_NAME -> PERSON
 */
import { createRequire } from 'node:module';
import { SyncRedactor } from 'redact-pii';
import { installedVersion, type PeerDetector, type PeerSpan } from './types.js';

const require = createRequire(import.meta.url);
const builtIns = require('redact-pii/lib/built-ins/simple-regexp-patterns.js') as Record<string, RegExp>;
const wellKnownNameList = require('redact-pii/lib/built-ins/well-known-names.json') as string[];

/** Built-in name -> [placeholder (lodash snakeCase(name).toUpperCase()), Veilgate entity or null]. */
const BUILT_INS: Readonly<Record<string, readonly [string, string | null]>> = Object.freeze({
  creditCardNumber: ['CREDIT_CARD_NUMBER', 'CREDIT_CARD'],
  streetAddress: ['STREET_ADDRESS', 'STREET_ADDRESS'],
  zipcode: ['ZIPCODE', 'ZIP_CODE'],
  phoneNumber: ['PHONE_NUMBER', 'PHONE_NUMBER'],
  ipAddress: ['IP_ADDRESS', 'IP_ADDRESS'],
  usSocialSecurityNumber: ['US_SOCIAL_SECURITY_NUMBER', 'US_SSN'],
  emailAddress: ['EMAIL_ADDRESS', 'EMAIL_ADDRESS'],
  username: ['USERNAME', null],
  password: ['PASSWORD', null],
  credentials: ['CREDENTIALS', null],
  digits: ['DIGITS', null],
  url: ['URL', 'URL'],
});
const NAME_TOKEN = 'PERSON_NAME';

// NameRedactor's regexes, rebuilt from redact-pii/lib/built-ins/NameRedactor.js (they are not exported).
const greetingRegex = /(^|\.\s+)(dear|hi|hello|greetings|hey|hey there)/gi;
const closingRegex =
  /(thx|thanks|thank you|regards|best|[a-z]+ly|[a-z]+ regards|all the best|happy [a-z]+ing|take care|have a [a-z]+ (weekend|night|day))/gi;
const GREETING_OR_CLOSING = `(((${greetingRegex.source})|(${closingRegex.source}\\s*[,.!]*))[\\s-]*)`;
const GENERIC_NAME = '( ?(([A-Z][a-z]+)|([A-Z]\\.)))+([,.]|[,.]?$)';
const WELL_KNOWN_NAMES = `\\b(\\s*)(\\s*(${wellKnownNameList.join('|')}))+\\b`;

interface Placeholder {
  readonly entity: string | null;
  readonly start: number;
  readonly end: number;
  alive: boolean;
}

/**
 * A string being redacted, remembering where each code unit came from: `origin[i] >= 0` is the original
 * index of a literal character, `origin[i] = -1 - k` marks a character of placeholder k.
 */
class Replay {
  text: string;
  origin: Int32Array;
  readonly placeholders: Placeholder[] = [];

  constructor(text: string) {
    this.text = text;
    this.origin = new Int32Array(text.length);
    for (let i = 0; i < text.length; i++) this.origin[i] = i;
  }

  /** Replace the sorted, disjoint `ranges` of the current text with `token`. */
  replace(ranges: readonly (readonly [number, number])[], token: string, entity: string | null): void {
    if (ranges.length === 0) return;
    let newLength = this.text.length;
    for (const [s, e] of ranges) newLength += token.length - (e - s);
    const origin = new Int32Array(newLength);
    const parts: string[] = [];
    let pos = 0;
    let w = 0;
    for (const [s, e] of ranges) {
      parts.push(this.text.slice(pos, s));
      origin.set(this.origin.subarray(pos, s), w);
      w += s - pos;
      let start = Infinity;
      let end = -Infinity;
      for (let i = s; i < e; i++) {
        const o = this.origin[i] as number;
        if (o >= 0) {
          start = Math.min(start, o);
          end = Math.max(end, o + 1);
        } else {
          const p = this.placeholders[-1 - o] as Placeholder;
          p.alive = false;
          start = Math.min(start, p.start);
          end = Math.max(end, p.end);
        }
      }
      const k = this.placeholders.push({ entity: s < e ? entity : null, start, end, alive: true }) - 1;
      origin.fill(-1 - k, w, w + token.length);
      w += token.length;
      parts.push(token);
      pos = e;
    }
    parts.push(this.text.slice(pos));
    origin.set(this.origin.subarray(pos), w);
    this.text = parts.join('');
    this.origin = origin;
  }

  spans(): PeerSpan[] {
    const out: PeerSpan[] = [];
    for (const p of this.placeholders) {
      if (p.alive && p.entity !== null && p.start < p.end)
        out.push({ entity: p.entity, start: p.start, end: p.end });
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end);
  }
}

/** Ranges `String.prototype.replace(re, ...)` would replace, for a global regex; `keep` skips a prefix group. */
function globalMatches(re: RegExp, text: string, keepGroup?: number): [number, number][] {
  const out: [number, number][] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const skip = keepGroup === undefined ? 0 : (m[keepGroup] ?? '').length;
    out.push([m.index + skip, m.index + m[0].length]);
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
  return out;
}

export function createRedactPiiPeer(options: { verify?: boolean } = {}): PeerDetector {
  const stages = Object.keys(builtIns).map((name) => {
    const spec = BUILT_INS[name];
    const re = builtIns[name];
    if (spec === undefined || re === undefined) throw new Error(`redact-pii: unknown built-in '${name}'`);
    return { re: new RegExp(re.source, re.flags), token: spec[0], entity: spec[1] };
  });
  const greetingOrClosing = new RegExp(GREETING_OR_CLOSING, 'gi');
  const genericName = new RegExp(GENERIC_NAME, 'gm');
  const wellKnownNames = new RegExp(WELL_KNOWN_NAMES, 'gim');
  const redactor = new SyncRedactor();
  let replayMismatches = 0;

  function replay(text: string): Replay {
    const r = new Replay(text);
    for (const st of stages) r.replace(globalMatches(st.re, r.text), st.token, st.entity);
    // NameRedactor.redact, step by step.
    greetingOrClosing.lastIndex = 0;
    genericName.lastIndex = 0;
    let g = greetingOrClosing.exec(r.text);
    while (g !== null) {
      genericName.lastIndex = greetingOrClosing.lastIndex;
      const n = genericName.exec(r.text);
      if (n !== null && n.index === greetingOrClosing.lastIndex) {
        // The library writes replaceWith + suffix (group 5, the tail of the match): the suffix stays literal.
        const suffix = n[5] ?? '';
        r.replace([[n.index, n.index + n[0].length - suffix.length]], NAME_TOKEN, 'PERSON');
      }
      g = greetingOrClosing.exec(r.text);
    }
    r.replace(globalMatches(wellKnownNames, r.text, 1), NAME_TOKEN, 'PERSON');
    return r;
  }

  function detect(text: string): PeerSpan[] {
    const r = replay(text);
    if (options.verify && r.text !== redactor.redact(text)) replayMismatches++;
    return r.spans();
  }

  return {
    name: 'redact-pii',
    version: installedVersion('redact-pii'),
    supports: new Set(
      Object.values(BUILT_INS)
        .flatMap(([, e]) => (e === null ? [] : [e]))
        .concat('PERSON'),
    ),
    config: 'new SyncRedactor() — library defaults (all built-ins incl. names; no Google DLP)',
    detect: (text) => Promise.resolve().then(() => detect(text)),
    native: (text) => redactor.redact(text),
    stats: (): Readonly<Record<string, number>> =>
      options.verify ? { 'records whose replayed text differed from redact() output': replayMismatches } : {},
  };
}
