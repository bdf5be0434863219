import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { createRequire } from 'node:module';
import type * as FakerModule from '@faker-js/faker';
import type { Faker, LocaleDefinition, Randomizer, SexType } from '@faker-js/faker';
import { VeilgateError } from '../errors.js';
import {
  abaRoutingValid,
  alnumOf,
  digitsOf,
  luhnValid,
  nhsMod11Valid,
  verhoeffValid,
} from '../detect/validators/checksums.js';
import { dniLetter } from '../detect/recognizers/government/es-nif.js';
import type { OperatorInput } from './types.js';
import { DIGIT_ENTITIES, normalizeValue as normalize } from './value-key.js';

/**
 * Synthesis: replace a sensitive value with a realistic fake of the same type, so text stays readable and
 * downstream parsers and validators keep working (a card number stays a Luhn-valid card number of the same
 * network and layout, an IBAN keeps its country and valid MOD 97-10 check digits, a name keeps its number
 * of words and its capitals).
 *
 * Deterministic and consistent: every call seeds a faker instance from HMAC-SHA-256 over the entity and the
 * normalised value, keyed by the scope key, so within a scope the same person, card or address always gets
 * the same fake (joins, counts and coreference survive), while without the key a fake says nothing about the
 * original and fakes from different scopes cannot be linked. Normalisation trims the value, keeps only
 * digits for number-like entities ("4111 1111 1111 1111" and "4111-1111-1111-1111" get the same fake digits,
 * each in its own layout), only letters and digits for codes such as IBANs and MAC addresses, and folds
 * case and spacing for names ("JOHN SMITH" and "John Smith" get the same fake, in capitals and not).
 *
 * Fakes are chosen from ranges that belong to nobody where such ranges exist: reserved e-mail and URL
 * domains (RFC 2606), documentation IP ranges (RFC 5737, RFC 3849), fictional phone numbers (NANP 555-01xx,
 * Ofcom drama numbers), locally administered MAC addresses. Elsewhere (card, account and id numbers) a fake
 * can by chance be someone's real number, as any random valid number can.
 */

export interface SynthesizerOptions {
  /** Secret scope key (≥ 16 bytes): the same original gives the same fake within a scope, and nothing links fakes across scopes. */
  readonly scopeKey: Uint8Array;
  /** faker locale for names/addresses, default 'en' (support at least en, de, fr, es). */
  readonly locale?: string;
}

export interface Synthesizer {
  synthesize(input: OperatorInput): string;
}

/** Re-derivations allowed when a fake happens to equal the original before falling back to a forced change. */
const MAX_ATTEMPTS = 16;

/** Domain separation: the seed key is derived from the scope key, so a hash operator run under the same key
 * (HMAC over `entity NUL value` too) never publishes the seeds of the fakes. */
const SEED_KEY_LABEL = 'veilgate/synthesize/v1';

// ---------------------------------------------------------------------------------------------------------
// Randomness

/**
 * Small fast generator (Chris Doty-Humphrey's SFC32) behind faker. faker's default Mersenne Twister spends
 * ~40 µs initialising 624 words on every reseed, ten times the cost of a whole synthesis; SFC32 reseeds
 * in a few operations. Its output is no secret: the seed is an HMAC output, so recovering it from fakes
 * reveals neither the key nor the original value.
 */
function sfc32(): Randomizer {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 1;
  // faker calls next() detached from the object, so both methods are closures.
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const seed = (value: number | number[]): void => {
    const words = typeof value === 'number' ? [value] : value;
    const state = [0x9e3779b9, 0x243f6a88, 0xb7e15162, 1];
    // Every seed word counts: words are folded into the 128-bit state by position.
    for (let i = 0; i < words.length; i++) {
      const slot = i % 4;
      state[slot] = ((state[slot] as number) ^ ((words[i] as number) | 0)) | 0;
    }
    [a, b, c, d] = state as [number, number, number, number];
    for (let i = 0; i < 15; i++) next();
  };
  return { next, seed };
}

interface Ctx {
  readonly f: Faker;
  /** The value without surrounding whitespace. */
  readonly value: string;
}

function int(f: Faker, min: number, max: number): number {
  return f.number.int({ min, max });
}

function pick<T>(f: Faker, items: readonly T[]): T {
  return items[int(f, 0, items.length - 1)] as T;
}

function randomDigits(f: Faker, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(int(f, 0, 9));
  return s;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

function randomUpper(f: Faker): string {
  return UPPER[int(f, 0, 25)] as string;
}

function randomLower(f: Faker): string {
  return LOWER[int(f, 0, 25)] as string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------------------
// Layout helpers

function isAsciiDigit(ch: string): boolean {
  return ch.length === 1 && ch >= '0' && ch <= '9';
}

function isAsciiAlnum(ch: string): boolean {
  return ch.length === 1 && /[0-9A-Za-z]/.test(ch);
}

function isHex(ch: string): boolean {
  return ch.length === 1 && /[0-9A-Fa-f]/.test(ch);
}

/**
 * Write `chars` into the positions of `template` that `slot` accepts, in order, and keep every other
 * character. A lowercase letter in the template makes the letter written there lowercase.
 */
function fill(template: string, chars: string, slot: (ch: string) => boolean): string {
  let out = '';
  let j = 0;
  for (const ch of template) {
    if (j < chars.length && slot(ch)) {
      const next = chars[j++] as string;
      out += ch >= 'a' && ch <= 'z' ? next.toLowerCase() : next;
    } else out += ch;
  }
  return out;
}

const UPPER_LETTER = /\p{Lu}/u;
const ANY_LETTER = /\p{L}/u;
const ANY_NUMBER = /\p{N}/u;

/**
 * The shape-preserving fake: each digit becomes a random digit, each letter a random letter of the same
 * case, everything else stays. Used for entities without a dedicated generator and for values that do not
 * have the layout their entity's generator expects.
 */
function shape(f: Faker, value: string, keepLetters = false): string {
  let out = '';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57) out += String(int(f, 0, 9));
    else if (c >= 65 && c <= 90) out += keepLetters ? ch : randomUpper(f);
    else if (c >= 97 && c <= 122) out += keepLetters ? ch : randomLower(f);
    else if (c < 128) out += ch;
    else if (ANY_LETTER.test(ch)) {
      if (keepLetters) out += ch;
      else out += UPPER_LETTER.test(ch) ? randomUpper(f) : randomLower(f);
    } else if (ANY_NUMBER.test(ch)) out += String(int(f, 0, 9));
    else out += ch;
  }
  return out;
}

type CaseStyle = 'upper' | 'lower' | 'mixed';

function caseStyle(s: string): CaseStyle {
  const upper = s.toUpperCase();
  const lower = s.toLowerCase();
  if (upper === lower) return 'mixed';
  if (s === upper) return 'upper';
  if (s === lower) return 'lower';
  return 'mixed';
}

function applyCase(s: string, style: CaseStyle): string {
  if (style === 'upper') return s.toUpperCase();
  if (style === 'lower') return s.toLowerCase();
  return s;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Plain ASCII for e-mail local parts and user names: accents dropped, other characters removed. */
function asciiWord(s: string): string {
  return s
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A faker word without spaces (names such as "de la Cruz" would change the word count). */
function oneWord(gen: () => string): string {
  let w = gen();
  for (let i = 0; i < 5 && /\s/.test(w); i++) w = gen();
  return w.replace(/\s+/g, '-');
}

// ---------------------------------------------------------------------------------------------------------
// Number-like entities with check digits

/** Append the one digit that makes `valid` pass, or undefined when no digit does (NHS check 10). */
function withCheckDigit(payload: string, valid: (digits: string) => boolean): string | undefined {
  for (let d = 0; d <= 9; d++) {
    const candidate = payload + String(d);
    if (valid(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Draw payloads (all digits but the check digit) from `draw` until one takes a check digit and passes
 * `accept`; the fake digits go into the original's layout. Falls back to the shape when the original does not
 * have `length` digits.
 */
function checkedNumber(
  c: Ctx,
  length: number | undefined,
  draw: (length: number) => string,
  valid: (digits: string) => boolean,
  accept: (digits: string) => boolean = () => true,
): string {
  const n = digitsOf(c.value).length;
  if ((length !== undefined && n !== length) || n < 2) return shape(c.f, c.value);
  for (let i = 0; i < 64; i++) {
    const digits = withCheckDigit(draw(n - 1), valid);
    if (digits !== undefined && accept(digits)) return fill(c.value, digits, isAsciiDigit);
  }
  return shape(c.f, c.value);
}

const notRepeated = (d: string): boolean => !/^(\d)\1+$/.test(d);

/** Keep the card network: the first digits that identify it (ISO/IEC 7812 IIN ranges), the rest random. */
function cardPrefix(f: Faker, d: string): string {
  const two = d.slice(0, 2);
  const four = Number(d.slice(0, 4));
  if (d.startsWith('4')) return '4';
  if (two === '34' || two === '37') return two; // Amex
  if (two >= '51' && two <= '55') return `5${int(f, 1, 5)}`; // Mastercard
  if (four >= 2221 && four <= 2720) return String(int(f, 2221, 2720)); // Mastercard 2-series
  if (four >= 2200 && four <= 2204) return String(int(f, 2200, 2204)); // Mir
  if (d.startsWith('6011')) return '6011'; // Discover
  if (two === '65') return '65';
  if (four >= 6440 && four <= 6499) return `64${int(f, 4, 9)}`;
  if (two === '62') return '62'; // UnionPay
  if (four >= 3528 && four <= 3589) return String(int(f, 3528, 3589)); // JCB
  if (two === '36' || two === '38' || two === '39') return two; // Diners
  if (four >= 3000 && four <= 3059) return `30${int(f, 0, 5)}`;
  return d.slice(0, 1);
}

function creditCard(c: Ctx): string {
  const d = digitsOf(c.value);
  const { f } = c;
  return checkedNumber(
    c,
    undefined,
    (payload) => {
      const prefix = cardPrefix(f, d).slice(0, payload);
      return prefix + randomDigits(f, payload - prefix.length);
    },
    luhnValid,
    notRepeated,
  );
}

/** SSA-issuable SSN: area 001-899 except 666, group 01-99, serial 0001-9999, no advertised specimen. */
const SSN_SPECIMENS = new Set(['078051120', '219099999', '123456789', '111111111', '333333333', '987654320']);

function usSsn(c: Ctx): string {
  if (digitsOf(c.value).length !== 9) return shape(c.f, c.value);
  const { f } = c;
  for (;;) {
    let area = int(f, 1, 898);
    if (area >= 666) area++;
    const d = pad(area, 3) + pad(int(f, 1, 99), 2) + pad(int(f, 1, 9999), 4);
    if (!SSN_SPECIMENS.has(d)) return fill(c.value, d, isAsciiDigit);
  }
}

/** IRS ITIN: 9XX, group in 50-65, 70-88, 90-92 or 94-99, serial not 0000. */
const ITIN_GROUPS = [
  ...Array.from({ length: 16 }, (_, i) => 50 + i),
  ...Array.from({ length: 19 }, (_, i) => 70 + i),
  90,
  91,
  92,
  ...Array.from({ length: 6 }, (_, i) => 94 + i),
];

function usItin(c: Ctx): string {
  if (digitsOf(c.value).length !== 9) return shape(c.f, c.value);
  const { f } = c;
  const d = `9${randomDigits(f, 2)}${pick(f, ITIN_GROUPS)}${pad(int(f, 1, 9999), 4)}`;
  return fill(c.value, d, isAsciiDigit);
}

function ukNhsNumber(c: Ctx): string {
  const { f } = c;
  // England and Wales issue 400-499 and 600-799 million.
  return checkedNumber(
    c,
    10,
    (n) => pick(f, ['4', '6', '7']) + randomDigits(f, n - 1),
    nhsMod11Valid,
    notRepeated,
  );
}

function usNpi(c: Ctx): string {
  const { f } = c;
  const first = c.value.startsWith('2') ? '2' : '1';
  return checkedNumber(
    c,
    10,
    (n) => first + randomDigits(f, n - 1),
    (d) => luhnValid(`80840${d}`),
  );
}

/** Federal Reserve district (01-12) and thrift (21-32) prefixes. */
function usRoutingNumber(c: Ctx): string {
  const { f } = c;
  return checkedNumber(
    c,
    9,
    (n) => {
      const district = int(f, 1, 24);
      return pad(district <= 12 ? district : district + 8, 2) + randomDigits(f, n - 2);
    },
    abaRoutingValid,
  );
}

function caSin(c: Ctx): string {
  const { f } = c;
  // 0 is for fictitious numbers and 8 is unassigned; keep the province digit when it is a real one.
  const first = /^[1-79]/.test(c.value) ? c.value.charAt(0) : String(int(f, 1, 7));
  return checkedNumber(c, 9, (n) => first + randomDigits(f, n - 1), luhnValid, notRepeated);
}

function inAadhaar(c: Ctx): string {
  const { f } = c;
  const notPalindrome = (d: string): boolean => d !== [...d].reverse().join('');
  return checkedNumber(
    c,
    12,
    (n) => String(int(f, 2, 9)) + randomDigits(f, n - 1),
    verhoeffValid,
    notPalindrome,
  );
}

/** DEA: registrant type letter, the registrant's initial (or 9), six digits and the DEA check digit. */
function usDeaNumber(c: Ctx): string {
  const { f } = c;
  const m = /^([A-Za-z])([A-Za-z9])(\d{7})$/.exec(c.value);
  if (m === null) return shape(f, c.value);
  const d = randomDigits(f, 6);
  const n = (i: number): number => d.charCodeAt(i) - 48;
  const check = (n(0) + n(2) + n(4) + 2 * (n(1) + n(3) + n(5))) % 10;
  const second = m[2] === '9' ? '9' : randomUpper(f);
  return fill(c.value, `${(m[1] as string).toUpperCase()}${second}${d}${check}`, isAsciiAlnum);
}

/** Spanish DNI (eight digits and the mod-23 letter) and NIE (X/Y/Z, seven digits, letter). */
function esNif(c: Ctx): string {
  const { f } = c;
  const compact = alnumOf(c.value);
  if (/^\d{8}[A-Z]$/.test(compact)) {
    const d = pad(int(f, 1_000_000, 99_999_999), 8);
    return fill(c.value, d + dniLetter(Number(d)), isAsciiAlnum);
  }
  if (/^[XYZ]\d{7}[A-Z]$/.test(compact)) {
    const lead = int(f, 0, 2);
    const d = randomDigits(f, 7);
    return fill(c.value, `${'XYZ'[lead] as string}${d}${dniLetter(Number(`${lead}${d}`))}`, isAsciiAlnum);
  }
  return shape(f, c.value);
}

/** ISO 7064 MOD 97-10 remainder of an IBAN-ordered string, computed piecewise. */
function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) rem = (rem * 10 + (code - 48)) % 97;
    else rem = (rem * 100 + (code - 55)) % 97;
  }
  return rem;
}

/** Same country and length, each BBAN character replaced by one of its kind, fresh check digits. */
function ibanCode(c: Ctx): string {
  const { f } = c;
  const compact = alnumOf(c.value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return shape(f, c.value);
  const country = compact.slice(0, 2);
  let bban = '';
  for (const ch of compact.slice(4)) bban += isAsciiDigit(ch) ? String(int(f, 0, 9)) : randomUpper(f);
  const check = pad(98 - mod97(`${bban}${country}00`), 2);
  return fill(c.value, `${country}${check}${bban}`, isAsciiAlnum);
}

// ---------------------------------------------------------------------------------------------------------
// Contact details

/** ITU country calling codes of one and two digits; every other code has three. */
const CALLING_CODES_2 = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
);

function callingCode(digits: string): string {
  if (digits.startsWith('1') || digits.startsWith('7')) return digits.slice(0, 1);
  if (CALLING_CODES_2.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.slice(0, 3);
}

/** A NANP number reserved for fiction: any area code, exchange 555, line 0100-0199. */
function nanpFiction(f: Faker): string {
  const area = `${int(f, 2, 9)}${int(f, 0, 8)}${int(f, 0, 9)}`;
  // N11 codes (211, 411, 911, ...) are service codes, not area codes.
  return `${area.endsWith('11') ? `${area.slice(0, 2)}0` : area}55501${randomDigits(f, 2)}`;
}

const PHONE_EXTENSION = /(\s*(?:x|ext\.?|extension)\s*)(\d{1,6})$/i;

/**
 * Same digits count and separators. NANP numbers become 555-01xx numbers, UK mobile and London numbers
 * Ofcom drama numbers (07700 900xxx, 020 7946 0xxx); elsewhere the country code and the first national
 * digit (mobile or fixed line) stay and the rest is random.
 */
function phoneNumber(c: Ctx): string {
  const { f, value } = c;
  // Only the tail can hold an extension; matching there keeps long inputs linear.
  const tailAt = Math.max(0, value.length - 32);
  const ext = PHONE_EXTENSION.exec(value.slice(tailAt));
  const main = ext === null ? value : value.slice(0, tailAt + ext.index);
  const d = digitsOf(main);
  if (d.length < 4) return shape(f, value);
  const international = /^(?:\+|00)/.test(main);
  let fake: string;
  if (!international && d.length === 10 && /^[2-9]/.test(d)) fake = nanpFiction(f);
  else if (!international && d.length === 11 && d.startsWith('1')) fake = `1${nanpFiction(f)}`;
  else if (!international && d.length === 11 && d.startsWith('07')) fake = `07700900${randomDigits(f, 3)}`;
  else if (!international && d.length === 11 && d.startsWith('020')) fake = `02079460${randomDigits(f, 3)}`;
  else if (!international && d.length === 7) fake = `55501${randomDigits(f, 2)}`;
  else if (international) {
    const exit = main.startsWith('00') ? '00' : '';
    const rest = d.slice(exit.length);
    const cc = callingCode(rest);
    const national = rest.slice(cc.length);
    if (cc === '1' && national.length === 10) fake = `${exit}1${nanpFiction(f)}`;
    else if (cc === '44' && national.length === 10 && national.startsWith('7'))
      fake = `${exit}447700900${randomDigits(f, 3)}`;
    else if (cc === '44' && national.length === 10 && national.startsWith('20'))
      fake = `${exit}442079460${randomDigits(f, 3)}`;
    else fake = exit + cc + national.slice(0, 1) + randomDigits(f, Math.max(0, national.length - 1));
  } else if (d.startsWith('0')) fake = d.slice(0, 2) + randomDigits(f, d.length - 2);
  else fake = String(int(f, 1, 9)) + randomDigits(f, d.length - 1);
  let out = fill(main, fake, isAsciiDigit);
  if (ext !== null) out += (ext[1] as string) + randomDigits(f, (ext[2] as string).length);
  return out;
}

const RESERVED_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

/** A name-based local part at a reserved domain (RFC 2606): never a deliverable address. */
function emailAddress(c: Ctx): string {
  const { f, value } = c;
  const at = value.lastIndexOf('@');
  const local = at >= 0 ? value.slice(0, at) : value;
  const first = asciiWord(f.person.firstName()) || 'user';
  const last = asciiWord(f.person.lastName()) || 'mail';
  const forms = [
    `${first}.${last}`,
    `${first}${last}`,
    `${first.charAt(0)}${last}`,
    `${first}_${last}`,
    `${first}.${last}${int(f, 1, 99)}`,
    `${first}${int(f, 10, 999)}`,
  ];
  const fake = `${pick(f, forms)}@${pick(f, RESERVED_DOMAINS)}`;
  return caseStyle(local) === 'upper' ? fake.toUpperCase() : fake;
}

const DOC_V4 = ['192.0.2', '198.51.100', '203.0.113'] as const;

/** IPv4 in the RFC 5737 documentation ranges, IPv6 in 2001:db8::/32 (RFC 3849), in the original's form. */
function ipAddress(c: Ctx): string {
  const { f, value } = c;
  const zoneAt = value.indexOf('%');
  const address = zoneAt >= 0 ? value.slice(0, zoneAt) : value;
  const zone = zoneAt >= 0 ? value.slice(zoneAt) : '';
  const v4 = (): string => `${pick(f, DOC_V4)}.${int(f, 1, 254)}`;
  if (!address.includes(':')) return v4();
  const upper = /[A-F]/.test(address) && !/[a-f]/.test(address);
  const group = (): string => int(f, 0, 0xffff).toString(16);
  let out: string;
  if (isIP(address) === 6 && /\d\.\d/.test(address)) out = `2001:db8::${v4()}`;
  else if (address.includes('::')) {
    const groups = address.split(':').filter((g) => g !== '').length;
    const head = ['2001', 'db8'];
    const k = Math.min(Math.max(groups, 3), 7);
    while (head.length < k - 1) head.push(group());
    out = `${head.join(':')}::${int(f, 1, 0xffff).toString(16)}`;
  } else {
    const groups = ['2001', 'db8'];
    while (groups.length < 8) groups.push(group());
    const padded = address.split(':').every((g) => g.length === 4);
    out = groups.map((g) => (padded ? g.padStart(4, '0') : g)).join(':');
  }
  return (upper ? out.toUpperCase() : out) + zone;
}

/** https://example.com (or the original's http and www. forms) with as many lorem path segments. */
function url(c: Ctx): string {
  const { f, value } = c;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value);
  const rest = scheme === null ? value : value.slice(scheme[0].length);
  const hostEnd = rest.search(/[/?#]/);
  const tail = hostEnd < 0 ? '' : rest.slice(hostEnd);
  const queryAt = tail.search(/[?#]/);
  const path = queryAt < 0 ? tail : tail.slice(0, queryAt);
  const afterPath = queryAt < 0 ? '' : tail.slice(queryAt);
  const domain = pick(f, RESERVED_DOMAINS);
  let out: string;
  if (scheme === null && /^www\./i.test(value)) out = `www.${domain}`;
  else out = `${scheme !== null && scheme[1]?.toLowerCase() === 'http' ? 'http' : 'https'}://${domain}`;
  const segments = path.split('/').filter((s) => s !== '');
  const fakeSegments = segments.slice(0, 6).map((s) => {
    if (/^\d+$/.test(s)) return randomDigits(f, s.length);
    const ext = /\.([A-Za-z0-9]{1,5})$/.exec(s);
    return f.lorem.word() + (ext === null ? '' : `.${ext[1] as string}`);
  });
  if (fakeSegments.length > 0) out += `/${fakeSegments.join('/')}`;
  if (path.endsWith('/')) out += '/';
  if (afterPath.startsWith('?')) out += `?${f.lorem.word()}=${int(f, 1, 99999)}`;
  if (afterPath.includes('#')) out += `#${f.lorem.word()}`;
  return out;
}

/** Same layout and case; the locally administered bit set and the multicast bit clear (IEEE 802). */
function macAddress(c: Ctx): string {
  const { f, value } = c;
  const hex = value.replace(/[:.\-\s]/g, '');
  if (!/^[0-9A-Fa-f]{12}$/.test(hex)) return shape(f, value);
  const bytes = Array.from({ length: 6 }, () => int(f, 0, 255));
  bytes[0] = ((bytes[0] as number) | 0x02) & 0xfe;
  let fake = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  const upper = /[A-F]/.test(hex) || (!/[a-f]/.test(hex) && value.includes('-'));
  fake = upper ? fake.toUpperCase() : fake;
  let out = '';
  let j = 0;
  for (const ch of value) out += isHex(ch) ? (fake[j++] as string) : ch;
  return out;
}

function username(c: Ctx): string {
  const { f, value } = c;
  const first = asciiWord(f.person.firstName()) || 'user';
  const last = asciiWord(f.person.lastName()) || 'name';
  const fake = pick(f, [
    `${first}.${last}`,
    `${first.charAt(0)}${last}`,
    `${first}${last.charAt(0)}`,
    `${first}_${last}`,
    `${first}${int(f, 1, 999)}`,
  ]);
  return caseStyle(value) === 'upper' ? fake.toUpperCase() : fake;
}

// ---------------------------------------------------------------------------------------------------------
// Names and places

const TITLES = new Set(
  'mr mrs ms miss mx dr prof sir dame lord lady rev herr frau mme mlle sr sra srta doña dña dott jr ii iii iv md phd'.split(
    ' ',
  ),
);
const FEMALE_TITLES = new Set('mrs ms miss frau mme mlle sra srta doña dña dame lady'.split(' '));
const MALE_TITLES = new Set('mr herr sr sir lord'.split(' '));

/** Split a word into its leading non-letters, its letters part and its trailing non-letters. */
function affixes(word: string): [string, string, string] {
  const chars = [...word];
  let start = 0;
  while (start < chars.length && !ANY_LETTER.test(chars[start] as string)) start++;
  let end = chars.length;
  while (end > start && !ANY_LETTER.test(chars[end - 1] as string)) end--;
  return [chars.slice(0, start).join(''), chars.slice(start, end).join(''), chars.slice(end).join('')];
}

/**
 * Same number of words, each in its own case style ("JOHN SMITH", "john smith", "Jean DUPONT"); titles and
 * suffixes stay, initials stay initials, "Smith, John" stays surname first. One word becomes a first name.
 */
function person(c: Ctx): string {
  const { f, value } = c;
  const parts = value.split(/(\s+)/);
  let sex: SexType | undefined;
  let titled = false;
  const names: number[] = [];
  const split = parts.map((p, i) => {
    if (i % 2 === 1) return undefined;
    const a = affixes(p);
    const key = a[1].toLowerCase();
    if (TITLES.has(key)) {
      if (names.length === 0) titled = true;
      if (FEMALE_TITLES.has(key)) sex ??= 'female';
      else if (MALE_TITLES.has(key)) sex ??= 'male';
    } else if (a[1] !== '') names.push(i);
    return a;
  });
  const chosen: SexType = sex ?? f.person.sexType();
  const surnameFirst = names.length >= 2 && (split[names[0] as number]?.[2] ?? '').includes(',');
  // The surname: the word before the comma, else the last word; a lone word is a first name unless a title
  // stands before it ("Dr. Smith").
  let lastIndex: number | undefined;
  if (names.length >= 2) lastIndex = surnameFirst ? names[0] : names[names.length - 1];
  else if (titled) lastIndex = names[0];
  return parts
    .map((p, i) => {
      const a = split[i];
      if (a === undefined) return p;
      const [pre, mid, post] = a;
      if (mid === '') return shape(f, p);
      if (TITLES.has(mid.toLowerCase())) return p;
      let fake: string;
      if ([...mid].length === 1) fake = randomUpper(f);
      else if (i === lastIndex) fake = oneWord(() => f.person.lastName(chosen));
      else fake = oneWord(() => f.person.firstName(chosen));
      return shape(f, pre) + applyCase(fake, caseStyle(mid)) + shape(f, post);
    })
    .join('');
}

function location(c: Ctx): string {
  const { f, value } = c;
  const style = caseStyle(value);
  if (/^[A-Z]{2}$/.test(value)) return f.location.state({ abbreviated: true }).toUpperCase();
  const parts = value.split(/(,\s*)/);
  const out = parts.map((p, i) => {
    if (i % 2 === 1) return p;
    if (i === 0) return f.location.city();
    if (/^[A-Z]{2}$/.test(p.trim())) return f.location.state({ abbreviated: true }).toUpperCase();
    return i === parts.length - 1 ? f.location.country() : f.location.state();
  });
  return applyCase(out.join(''), style);
}

function organization(c: Ctx): string {
  return applyCase(c.f.company.name(), caseStyle(c.value));
}

const PO_BOX =
  /^(?:p\.?\s*o\.?\s*box|post\s*office\s*box|postfach|apartado|bo[iî]te\s+postale|b\.?p\.?|psc|usns|uss)(?![A-Za-z])/i;
const UNIT_WORD = /\b(?:apt|apartment|suite|ste|unit|fl|floor|room|rm)\b|#/i;

/**
 * A faker street address; the comma- or line-separated parts after it become a city, a region with a
 * postcode of the same shape, a country, as the original has them. Post-office boxes keep their words.
 */
function streetAddress(c: Ctx): string {
  const { f, value } = c;
  const parts = value.split(/([,\n]\s*)/);
  let cityDone = false;
  const segments = parts.length;
  const out = parts.map((p, i) => {
    if (i % 2 === 1) return p;
    if (i === 0) return PO_BOX.test(p) ? shape(f, p, true) : f.location.streetAddress(UNIT_WORD.test(p));
    if (!/\d/.test(p)) {
      if (/^\p{Lu}{2}$/u.test(p)) return f.location.state({ abbreviated: true }).toUpperCase();
      if (/^\p{Lu}{3}$/u.test(p) && i === segments - 1) return f.location.countryCode('alpha-3');
      if (!cityDone) {
        cityDone = true;
        return f.location.city();
      }
      return i === segments - 1 ? f.location.country() : f.location.state();
    }
    // A part with a postcode: its words become a city or a region code, the codes keep their shape.
    const words: string[] = [];
    for (const token of p.split(/\s+/)) {
      if (token === '') continue;
      if (/\d/.test(token)) words.push(shape(f, token));
      else if (/^\p{Lu}{2,3}$/u.test(token))
        words.push(f.location.state({ abbreviated: true }).toUpperCase());
      else if (!cityDone) {
        cityDone = true;
        words.push(f.location.city());
      }
    }
    return words.join(' ');
  });
  return applyCase(out.join(''), caseStyle(value));
}

// ---------------------------------------------------------------------------------------------------------
// Dates, times, ages

// prettier-ignore
const MONTH_TABLES: readonly (readonly string[])[] = [
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  ['januar', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'],
  ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
  ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'],
  ['janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro', 'dezembro'],
  ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
];
// Sunday first, as Date.getUTCDay counts.
// prettier-ignore
const WEEKDAY_TABLES: readonly (readonly string[])[] = [
  ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
  ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  ['sonntag', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag'],
  ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
];

function nameIndex(tables: readonly (readonly string[])[]): Map<string, [readonly string[], number]> {
  const index = new Map<string, [readonly string[], number]>();
  for (const table of tables) {
    table.forEach((name, i) => {
      if (!index.has(name)) index.set(name, [table, i]);
    });
  }
  index.set('sept', [MONTH_TABLES[1] as readonly string[], 8]);
  return index;
}

const MONTHS = nameIndex(MONTH_TABLES);
const WEEKDAYS = nameIndex(WEEKDAY_TABLES);
WEEKDAYS.delete('sept');

/** Write a month or weekday name in the case style of the word it replaces. */
function styledName(name: string, original: string): string {
  const style = caseStyle(original);
  return style === 'mixed' ? capitalize(name) : applyCase(name, style);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function englishOrdinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
}

type Role =
  'Y' | 'M' | 'D' | 'h' | 'h12' | 'm' | 's' | 'month' | 'weekday' | 'ordinal' | 'rand' | 'fixed' | 'keep';

interface DateOptions {
  /** How far the year may move. */
  readonly yearShift: number;
  /** Two numbers are month and year (card expiry), not month and day. */
  readonly monthYear: boolean;
}

const DATE_PARTS: readonly Role[] = ['Y', 'M', 'D', 'h', 'h12', 'month', 'weekday'];

/**
 * A date in the original's format: the numbers and month or weekday names are read as year, month, day and
 * time of day (ISO 8601, M/D/Y and D.M.Y, written dates in eight languages, clock times with am/pm), a new
 * valid date is drawn (the year within `yearShift` of the original) and written with the same widths,
 * separators, language and case. When day and month cannot be told apart the day is valid either way.
 */
function dateLike(c: Ctx, options: DateOptions): string {
  const { f, value } = c;
  const tokens = value.match(/\d+|\p{L}+|[^\d\p{L}]+/gu) ?? [];
  const roles: Role[] = tokens.map(() => 'keep');
  const tok = (i: number): string => tokens[i] ?? '';
  const isNum = (i: number): boolean => /^\d/.test(tok(i));
  const numAt = (i: number): number => Number(tok(i));
  const width = (i: number): number => tok(i).length;
  let monthWord = -1;
  let weekday = -1;
  tokens.forEach((t, i) => {
    if (/^\d/.test(t)) return;
    const l = t.toLowerCase();
    if (monthWord < 0 && MONTHS.has(l)) {
      monthWord = i;
      roles[i] = 'month';
    } else if (weekday < 0 && WEEKDAYS.has(l)) {
      weekday = i;
      roles[i] = 'weekday';
    }
  });
  // "am", "pm", "a.m.", "p. m." at token i (after an optional space).
  const ampmAt = (i: number): boolean => {
    const j = tok(i) === ' ' ? i + 1 : i;
    const w = tok(j).toLowerCase();
    if (w === 'am' || w === 'pm') return true;
    return (w === 'a' || w === 'p') && /^\.\s*$/.test(tok(j + 1)) && tok(j + 2).toLowerCase() === 'm';
  };
  // Clock times: h:mm[:ss[.fff]], optionally am/pm; "9am", "9 p.m.". An offset after a time (+02:00) stays.
  let timeSeen = false;
  for (let i = 0; i < tokens.length; i++) {
    if (!isNum(i) || roles[i] !== 'keep') continue;
    if (tok(i + 1) === ':' && isNum(i + 2)) {
      if (timeSeen && /[+-]\s*$/.test(tok(i - 1))) {
        roles[i] = roles[i + 2] = 'fixed';
        i += 2;
        continue;
      }
      timeSeen = true;
      let end = i + 2;
      roles[end] = 'm';
      if (tok(i + 3) === ':' && isNum(i + 4)) {
        end = i + 4;
        roles[end] = 's';
      }
      roles[i] = ampmAt(end + 1) ? 'h12' : 'h';
      if ((tok(end + 1) === '.' || tok(end + 1) === ',') && isNum(end + 2)) {
        end += 2;
        roles[end] = 'rand';
      }
      i = end;
    } else if (width(i) <= 2 && numAt(i) <= 12 && ampmAt(i + 1)) {
      roles[i] = 'h12';
      timeSeen = true;
    }
  }
  // Ordinal suffixes ("5th", "1er") belong to the number before them.
  tokens.forEach((t, i) => {
    if (i > 0 && isNum(i - 1) && /^(?:st|nd|rd|th|er)$/i.test(t)) roles[i] = 'ordinal';
  });
  const rest = tokens.flatMap((t, i) => (/^\d/.test(t) && roles[i] === 'keep' ? [i] : []));
  let ambiguous = false;
  const assign = (...pairs: [number, Role][]): void => {
    for (const [i, r] of pairs) roles[i] = r;
  };
  if (monthWord >= 0) {
    let hasYear = false;
    let hasDay = false;
    for (const i of rest) {
      const n = numAt(i);
      if (width(i) === 4 && !hasYear) {
        roles[i] = 'Y';
        hasYear = true;
      } else if (width(i) <= 2 && n >= 1 && n <= 31 && !hasDay) {
        roles[i] = 'D';
        hasDay = true;
      } else if (width(i) === 2 && !hasYear) {
        roles[i] = 'Y';
        hasYear = true;
      } else roles[i] = 'rand';
    }
  } else if (rest.length >= 3) {
    const [a, b, y] = rest as [number, number, number];
    if (width(a) === 4) assign([a, 'Y'], [b, 'M'], [y, 'D']);
    else if (numAt(a) > 12) assign([a, 'D'], [b, 'M'], [y, 'Y']);
    else if (numAt(b) > 12) assign([a, 'M'], [b, 'D'], [y, 'Y']);
    else {
      ambiguous = true;
      if (tok(a + 1).includes('/')) assign([a, 'M'], [b, 'D'], [y, 'Y']);
      else assign([a, 'D'], [b, 'M'], [y, 'Y']);
    }
    for (const i of rest.slice(3)) roles[i] = 'rand';
  } else if (rest.length === 2) {
    const [a, b] = rest as [number, number];
    if (width(a) === 4) assign([a, 'Y'], [b, 'M']);
    else if (width(b) === 4 || options.monthYear) assign([a, 'M'], [b, 'Y']);
    else if (numAt(a) > 12) assign([a, 'D'], [b, 'M']);
    else {
      ambiguous = numAt(b) <= 12;
      assign([a, 'M'], [b, 'D']);
    }
  } else if (rest.length === 1) {
    const [a] = rest as [number];
    const n = numAt(a);
    if (width(a) === 4) roles[a] = 'Y';
    else if (width(a) <= 2 && n >= 1 && n <= 31 && (weekday >= 0 || roles[a + 1] === 'ordinal'))
      roles[a] = 'D';
    else roles[a] = 'rand';
  }
  // Years, months and days need the widths they are written in; anything else is a plain number.
  roles.forEach((r, i) => {
    if (r === 'Y' && width(i) !== 4 && width(i) !== 2) roles[i] = 'rand';
    if ((r === 'M' || r === 'D') && width(i) > 2) roles[i] = 'rand';
  });
  if (!roles.some((r) => DATE_PARTS.includes(r))) {
    if (rest.length > 0) return shape(f, value);
    return f.date
      .between({ from: '1950-01-01T00:00:00.000Z', to: '2025-12-31T00:00:00.000Z' })
      .toISOString()
      .slice(0, 10);
  }
  const yIndex = roles.indexOf('Y');
  let year: number | undefined;
  if (yIndex >= 0) {
    const y = numAt(yIndex);
    const full = width(yIndex) === 4 ? y : y <= 30 ? 2000 + y : 1900 + y;
    year = Math.min(Math.max(full + int(f, -options.yearShift, options.yearShift), 1900), 2099);
  }
  const month = int(f, 1, 12);
  const day = int(f, 1, ambiguous ? 12 : daysInMonth(year ?? 2001, month));
  const fullDate =
    year !== undefined && (roles.includes('M') || roles.includes('month')) && roles.includes('D');
  const weekdayIndex = fullDate
    ? new Date(Date.UTC(year as number, month - 1, day)).getUTCDay()
    : int(f, 0, 6);
  const two = (i: number, n: number): string => (width(i) >= 2 ? pad(n, 2) : String(n));
  const out: string[] = [];
  tokens.forEach((t, i) => {
    switch (roles[i]) {
      case 'Y':
        out.push(width(i) === 4 ? pad(year as number, 4) : pad((year as number) % 100, 2));
        break;
      case 'M':
        out.push(two(i, month));
        break;
      case 'D':
        out.push(two(i, day));
        break;
      case 'h':
        out.push(two(i, int(f, 0, 23)));
        break;
      case 'h12':
        out.push(two(i, int(f, 1, 12)));
        break;
      case 'm':
      case 's':
        out.push(pad(int(f, 0, 59), 2));
        break;
      case 'month': {
        const [table] = MONTHS.get(t.toLowerCase()) as [readonly string[], number];
        out.push(styledName(table[month - 1] as string, t));
        break;
      }
      case 'weekday': {
        const [table] = WEEKDAYS.get(t.toLowerCase()) as [readonly string[], number];
        out.push(styledName(table[weekdayIndex] as string, t));
        break;
      }
      case 'ordinal': {
        // The suffix follows the new number before it.
        const n = Number(out[i - 1]);
        if (t.toLowerCase() === 'er') out.push(n === 1 ? t : '');
        else out.push(Number.isSafeInteger(n) ? applyCase(englishOrdinal(n), caseStyle(t)) : t);
        break;
      }
      case 'rand':
        out.push(shape(f, t));
        break;
      default:
        out.push(t);
    }
  });
  return out.join('');
}

/** Within three years of the original; 90 and over (HIPAA's open-ended group) stays 90 and over. */
function age(c: Ctx): string {
  const { f, value } = c;
  const m = /\d+/.exec(value);
  if (m === null || m[0].length > 3) return shape(f, value);
  const n = Number(m[0]);
  const lo = n >= 90 ? Math.max(90, n - 3) : Math.max(0, n - 3);
  let k = int(f, lo, n + 2);
  if (k >= n) k++;
  const text = m[0].startsWith('0') ? pad(k, m[0].length) : String(k);
  return value.slice(0, m.index) + text + value.slice(m.index + m[0].length);
}

// ---------------------------------------------------------------------------------------------------------
// Dispatch

type Generator = (c: Ctx) => string;

const GENERATORS: Readonly<Record<string, Generator>> = {
  CREDIT_CARD: creditCard,
  IBAN_CODE: ibanCode,
  US_SSN: usSsn,
  US_ITIN: usItin,
  PHONE_NUMBER: phoneNumber,
  EMAIL_ADDRESS: emailAddress,
  PERSON: person,
  LOCATION: location,
  ORGANIZATION: organization,
  STREET_ADDRESS: streetAddress,
  DATE_TIME: (c) => dateLike(c, { yearShift: 3, monthYear: false }),
  DATE_OF_BIRTH: (c) => dateLike(c, { yearShift: 5, monthYear: false }),
  CARD_EXPIRY: (c) => dateLike(c, { yearShift: 2, monthYear: true }),
  IP_ADDRESS: ipAddress,
  URL: url,
  MAC_ADDRESS: macAddress,
  UK_NHS_NUMBER: ukNhsNumber,
  US_NPI: usNpi,
  US_ROUTING_NUMBER: usRoutingNumber,
  CA_SIN: caSin,
  IN_AADHAAR: inAadhaar,
  US_DEA_NUMBER: usDeaNumber,
  ES_NIF: esNif,
  ES_NIE: esNif,
  AGE: age,
  USERNAME: username,
};

/** Last resort when every derivation gave the original back: change its first letter or digit. */
function forceDifferent(entity: string, value: string): string {
  const chars = [...value];
  const digitAt = DIGIT_ENTITIES.has(entity) ? chars.findIndex(isAsciiDigit) : -1;
  const i = digitAt >= 0 ? digitAt : chars.findIndex((ch) => /[0-9A-Za-z]/.test(ch));
  if (i < 0) return `[${entity}]`;
  const ch = chars[i] as string;
  chars[i] = isAsciiDigit(ch)
    ? String((Number(ch) + 1) % 10)
    : ch === 'z'
      ? 'a'
      : ch === 'Z'
        ? 'A'
        : String.fromCharCode(ch.charCodeAt(0) + 1);
  return chars.join('');
}

/**
 * faker and its 77 locales cost about 40 MB and 0.3 s to load, so they are loaded on the first
 * synthesizer, not whenever the library is imported (a scan never needs them). Node ≥ 20.19 can
 * `require` an ES module synchronously.
 */
let fakerModule: typeof FakerModule | undefined;
function loadFaker(): typeof FakerModule {
  fakerModule ??= createRequire(import.meta.url)('@faker-js/faker') as typeof FakerModule;
  return fakerModule;
}

function resolveLocale(locale: unknown): LocaleDefinition[] {
  const locales = loadFaker().allLocales as Readonly<Record<string, LocaleDefinition | undefined>>;
  const wanted = typeof locale === 'string' ? locale.replace(/-/g, '_').toLowerCase() : '';
  const key = Object.keys(locales).find((k) => k.toLowerCase() === wanted && k !== 'base');
  if (key === undefined) {
    throw new VeilgateError(
      'VG_PROTECT_BAD_INPUT',
      `synthesize.locale: unknown locale ${JSON.stringify(String(locale)).slice(0, 40)}`,
    );
  }
  const chain = [locales[key] as LocaleDefinition];
  const language = key.split('_')[0] as string;
  if (language !== key && locales[language] !== undefined) chain.push(locales[language]);
  if (language !== 'en') chain.push(locales.en as LocaleDefinition);
  chain.push(locales.base as LocaleDefinition);
  return chain;
}

/**
 * A synthesizer for one scope. The faker instance is created once and reseeded for every value, so calls
 * are cheap (tens of microseconds); calls are synchronous and safe to interleave.
 */
export function createSynthesizer(options: SynthesizerOptions): Synthesizer {
  const key: unknown = options.scopeKey;
  if (!(key instanceof Uint8Array) || key.length < 16) {
    throw new VeilgateError('VG_PROTECT_BAD_INPUT', 'synthesize.scopeKey: expected at least 16 bytes');
  }
  const seedKey = createHmac('sha256', key).update(SEED_KEY_LABEL).digest();
  const f = new (loadFaker().Faker)({ locale: resolveLocale(options.locale ?? 'en'), randomizer: sfc32() });

  function synthesize(input: OperatorInput): string {
    const entity = String(input.entity);
    const value = String(input.value);
    const core = value.trim();
    const lead = value.slice(0, value.length - value.trimStart().length);
    const trail = value.slice(value.trimEnd().length);
    if (core === '') return `${lead}[${entity}]${trail}`;
    const normalized = normalize(entity, core);
    const digest = createHmac('sha256', seedKey).update(`${entity}\0${normalized}`).digest();
    const words = Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4));
    const generate = GENERATORS[entity] ?? ((c: Ctx) => shape(c.f, c.value));
    const ctx: Ctx = { f, value: core };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      f.seed([...words, attempt]);
      const fake = generate(ctx);
      if (normalize(entity, fake) !== normalized) return lead + fake + trail;
    }
    return lead + forceDifferent(entity, core) + trail;
  }

  return { synthesize };
}
