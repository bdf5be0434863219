import { isSpaceCode } from '../../validators/char-codes.js';
import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { suffixTrie, wordTrie } from '../../validators/word-trie.js';

/**
 * Dates and times in the forms people write them: ISO 8601, numeric day/month/year in either order, written
 * dates ("March 5, 2021", "5 March 2021", "05-Mar-2021"), weekday names, clock times, and bare years when a
 * word such as "in", "since" or "founded in" says they are years (the Presidio benchmark labels "founded in
 * 1977" and "flew on Tuesday" as DATE_TIME). Every candidate is parsed and checked against the calendar:
 * month 1-12, day within the month (leap years included), hour 0-23, minute and second 0-59.
 *
 * Speed: V8 skips quickly only through regexes that start with a digit or a long literal, so every
 * digit-led shape lives in one regex whose alternatives branch after the first digit, and bare years are
 * filtered inside that regex by a lookbehind that only runs once four digits have matched. Month-led dates
 * and weekdays need a letter-led regex: one capitalised class, a short letter run, then a lookbehind that
 * confirms the name (lowercase weekday names would cost three times as much; they are left out).
 *
 * The parsing helpers are exported for the date-of-birth recognizer.
 */

/** Month names by language (lowercase) to month number; English abbreviations included. */
export const MONTH_NAMES: Readonly<Record<string, number>> = Object.freeze({
  // English
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // German
  januar: 1,
  jänner: 1,
  februar: 2,
  märz: 3,
  mai: 5,
  juni: 6,
  juli: 7,
  oktober: 10,
  dezember: 12,
  // French
  janvier: 1,
  février: 2,
  mars: 3,
  avril: 4,
  juin: 6,
  juillet: 7,
  août: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
  // Spanish
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
  // Italian
  gennaio: 1,
  febbraio: 2,
  aprile: 4,
  maggio: 5,
  giugno: 6,
  luglio: 7,
  settembre: 9,
  ottobre: 10,
  dicembre: 12,
  // Portuguese
  janeiro: 1,
  fevereiro: 2,
  março: 3,
  maio: 5,
  junho: 6,
  julho: 7,
  setembro: 9,
  outubro: 10,
  dezembro: 12,
  // Dutch
  januari: 1,
  februari: 2,
  maart: 3,
  mei: 5,
  augustus: 8,
});

/** English month names in full; with the abbreviations below they may stand without a year ("5 March"). */
const FULL_MONTH = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);
const ENGLISH_ABBREVIATION = new Set([
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

const capitalise = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
/** Writings of a word the digit-led regex accepts: lowercase, capitalised, capitals. (The regex is not run
 * case-insensitively: the `i` flag makes V8 much slower on large alternations.) */
const casings = (words: readonly string[]): string[] =>
  words.flatMap((w) => [w, capitalise(w), w.toUpperCase()]);

/** All month names, for the digit-led regex. */
const MONTH_TRIE = wordTrie(casings(Object.keys(MONTH_NAMES)));

const ORDINAL = String.raw`(?:st|nd|rd|th|er|º|°)?`;
/** The rest of a clock time after the hour: minutes, optional seconds, zone, am/pm. */
const CLOCK_REST = String.raw`:\d{2}(?::\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)?(?: ?(?:[AaPp]\.[Mm]\.?|[AaPp][Mm]\b))?(?: ?(?:UTC|GMT|[ECMP][SD]T|CES?T)\b)?`;
/** A time attached to a date: "2/8/1935 10:30", "March 5, 2021 at 9:00 am". */
const TIME_SUFFIX = String.raw`(?:(?:T| |, ?| (?:at|@) )\d{1,2}${CLOCK_REST})?`;

/** Words that, right before a four-digit number, say it may be a year (checked further by the validator). */
const YEAR_STRONG = [
  'since',
  'during',
  'until',
  'till',
  'circa',
  'c.',
  'ca.',
  'year',
  'founded',
  'established',
  'est.',
  'copyright',
  'born',
  'died',
  'dated',
  'summer',
  'spring',
  'autumn',
  'fall',
  'winter',
  'fy',
  'vintage',
  'seit',
  'depuis',
  'desde',
  'dal',
  'jahr',
  'année',
  'año',
  'anno',
];
/** Prepositions that often, not always, introduce a year ("in 1977" but "in 2000 cases"). */
const YEAR_WEAK = [
  'in',
  'from',
  'by',
  'before',
  'after',
  'around',
  'between',
  'through',
  'to',
  'and',
  'early',
  'late',
  'mid',
  'of',
  'en',
  'em',
  'im',
];
const YEAR_ARTICLES = ['a', 'an', 'the'];
const YEAR_STRONG_SET = new Set(YEAR_STRONG);
const YEAR_WEAK_SET = new Set(YEAR_WEAK);
/** Read inside a lookbehind (right to left), so factored by last letters. */
const YEAR_CONTEXT = suffixTrie(casings([...YEAR_STRONG, ...YEAR_WEAK, ...YEAR_ARTICLES]));

/** Boundary before a value: not inside a word, decimal, version, path or amount. */
const LEFT = String.raw`(?<![\w$€£¥#@/\\:.-]\d)(?<!\d[.,]\d)`;
/** Boundary after a value. A time may be followed by the end of a range ("10:30-11:00"), a date may not. */
const RIGHT = String.raw`(?![\w%°/:]|[.,]\d|-\d(?!\d?:))`;

/**
 * Digit-led full dates (day, month and year) without a time of day, for the date-of-birth recognizer. Same
 * layout as below: the alternatives branch after the first digit, four-digit years first.
 */
export const DIGIT_DATE_ONLY_SOURCE =
  String.raw`\d${LEFT}(?:\d{3}(?:-\d{2}-\d{2}|([/.])\d{1,2}\1\d{1,2})|\d?(?:` +
  String.raw`([/.-])\d{1,2}\2(?:\d{4}|\d{2})|-${MONTH_TRIE}-(?:\d{4}|\d{2})|` +
  String.raw`${ORDINAL}\.?(?: (?:of|de))? ${MONTH_TRIE}\b\.?,? (?:de )?\d{4}))${RIGHT}`;

/**
 * Every digit-led shape in one regex; the alternatives continue after the first digit, longest first.
 * Group numbers matter: the back-references \1 and \2 above are the first two groups.
 */
export const DIGIT_DATE_SOURCE =
  String.raw`\d${LEFT}(?:\d{3}(?:` +
  [
    // ISO 8601 date with optional time and zone: 2000-04-16, 2000-04-16 11:34:35, 2000-04-16T11:34:35Z
    String.raw`-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?`,
    // Year first with slashes or dots: 2000/04/16, 2000.04.16
    String.raw`([/.])\d{1,2}\1\d{1,2}${TIME_SUFFIX}`,
    // A year 1900-2099 right after a word that can introduce one ("in 1977", "founded in", "© 2021")
    String.raw`(?<=(?:19|20)\d\d)(?<=(?:(?<![A-Za-z])${YEAR_CONTEXT}[ \t]{1,2}|©[ \t]?)\d{4})`,
  ].join('|') +
  String.raw`)|\d?(?:` +
  [
    // Day, month and year in either order: 2/8/1935, 30.12.1951, 12-30-51
    String.raw`([/.-])\d{1,2}\2(?:\d{4}|\d{2})${TIME_SUFFIX}`,
    // 05-Mar-2021, 5-Mar-21 (clinical systems, Oracle)
    String.raw`-${MONTH_TRIE}-(?:\d{4}|\d{2})`,
    // Month and year: 03/2021; month and day: 3/15 (scored by the word before it)
    String.raw`/\d{1,4}`,
    // Clock times: 11:34, 11:34:35, 9:00 am; 9am, 9 p.m.
    CLOCK_REST,
    String.raw` ?(?:[AaPp]\.[Mm]\.?|[AaPp][Mm]\b)`,
    // Written day first, the year optional for English names: 5 March, 5th of March 2021, 1er mars 2021
    String.raw`${ORDINAL}\.?(?: (?:of|de))? ${MONTH_TRIE}\b\.?(?:,? (?:de )?\d{4})?${TIME_SUFFIX}`,
  ].join('|') +
  `))${RIGHT}`;

const MONTH_LED_NAMES = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)`;
const WEEKDAY_NAMES = String.raw`(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day`;
/** What may follow a month name: "March 5, 2021", "Mar. 5th", "March 2021", "March the 5th". */
const AFTER_MONTH = String.raw`(?:the )?(?:\d{1,2}${ORDINAL}(?:,? \d{4})?|\d{4})${TIME_SUFFIX}`;
/** What may follow a weekday: its date ("Tuesday, March 5, 2021", "Monday 12/30/1951", "Friday 5 March"). */
const AFTER_WEEKDAY = String.raw`(?:,? (?:the )?(?:${MONTH_LED_NAMES}\.?,? ${AFTER_MONTH}|\d{1,2}${ORDINAL} ${MONTH_LED_NAMES}\.?(?:,? \d{4})?|\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})))?`;

/**
 * Month-led dates and weekdays: a capital and a short letter run (read once, no backtracking into it), then
 * a lookbehind that checks the word is a month or weekday name; it runs only where a digit follows a month,
 * or at the end of the word for weekdays.
 */
export const MONTH_LED_SOURCE =
  // (Names have three letters or more: two-letter words such as "To", "So" and "We" fail at once.)
  String.raw`[ADFJMNOSTW][a-z][a-z]{1,7}(?![a-z])(?:` +
  // month name, then the first digit of the day or year, then the rest: "March 5, 2021", "Mar. 5th", "May 2021"
  String.raw`\.?,? (?:the )?\d(?<=(?<![A-Za-z])${MONTH_LED_NAMES}\.?,? (?:the )?\d)` +
  String.raw`(?:\d?${ORDINAL}(?:,? \d{4})?|\d{3})${TIME_SUFFIX}` +
  // or a weekday name, optionally followed by its date
  String.raw`|(?<=(?<![A-Za-z])${WEEKDAY_NAMES})${AFTER_WEEKDAY})${RIGHT}`;

export type DateShape =
  | 'iso-datetime'
  | 'iso-date'
  | 'ymd'
  | 'numeric-4'
  | 'numeric-2'
  | 'dd-mon-yyyy'
  | 'written'
  | 'written-no-year'
  | 'month-year'
  | 'month-day'
  | 'time'
  | 'time-ampm'
  | 'year'
  | 'weekday';

export interface DateParts {
  readonly shape: DateShape;
  readonly year?: number;
  readonly month?: number;
  readonly day?: number;
  readonly hour?: number;
  readonly minute?: number;
  readonly second?: number;
  /** A weekday name led the value. */
  readonly weekday?: boolean;
  /** The month was an abbreviation ("Mar"), weaker evidence than "March". */
  readonly abbreviated?: boolean;
}

function daysInMonth(month: number, year: number | undefined): number {
  if (month === 2) {
    if (year === undefined) return 29;
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validDay(day: number, month: number, year: number | undefined): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(month, year);
}

/** Two-digit years read as 1950-2049, only for the leap-year rule. */
function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Index of the first character at or after `i` that is not a digit. */
function digitsEnd(s: string, i: number): number {
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i;
}

const CLOCK_RE = /(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?( ?[AaPp]\.?[Mm])?/;

interface Clock {
  readonly hour: number;
  readonly minute: number;
  readonly second: number | undefined;
  readonly ampm: boolean;
}

/** The first clock time in `s`: undefined when there is none, null when it is out of range. */
function parseClock(s: string): Clock | null | undefined {
  const m = CLOCK_RE.exec(s);
  if (m === null) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] === undefined ? undefined : Number(m[3]);
  const ampm = m[4] !== undefined;
  if (minute > 59 || (second !== undefined && second > 59)) return null;
  if (ampm ? hour < 1 || hour > 12 : hour > 23) return null;
  return { hour, minute, second, ampm };
}

/**
 * The date with its time of day. Objects are built field by field, not with spreads: spreading makes V8
 * create slow dictionary objects, and this runs for every candidate.
 */
function dateWithClock(parts: DateParts, clock: Clock, weekday: boolean | undefined): DateParts {
  const out: { -readonly [K in keyof DateParts]: DateParts[K] } = { shape: parts.shape };
  if (parts.year !== undefined) out.year = parts.year;
  if (parts.month !== undefined) out.month = parts.month;
  if (parts.day !== undefined) out.day = parts.day;
  if (parts.abbreviated !== undefined) out.abbreviated = parts.abbreviated;
  out.hour = clock.hour;
  out.minute = clock.minute;
  if (clock.second !== undefined) out.second = clock.second;
  if (weekday !== undefined) out.weekday = weekday;
  return out;
}

function withClock(parts: DateParts, rest: string): DateParts | null {
  if (rest === '') return parts;
  const t = parseClock(rest);
  if (t === null) return null;
  if (t === undefined) return parts;
  return dateWithClock(parts, t, parts.weekday);
}

/**
 * Parse a candidate of this module's regexes and check it against the calendar. Returns null when it is
 * not a real date or time (month 13, 31 April, 29 February 2023, 25:00).
 */
export function parseDateValue(value: string): DateParts | null {
  if (!isDigit(value.charCodeAt(0))) return parseLetterLed(value);
  const lead = digitsEnd(value, 0);
  const sep = value[lead];
  if (lead === 4) {
    const year = Number(value.slice(0, 4));
    if (sep === undefined) return { shape: 'year', year };
    // 2000-04-16 or 2000/04/16 or 2000.04.16, optional time
    const e1 = digitsEnd(value, 5);
    const e2 = digitsEnd(value, e1 + 1);
    const month = Number(value.slice(5, e1));
    const day = Number(value.slice(e1 + 1, e2));
    if (!validDay(day, month, year)) return null;
    const rest = value.slice(e2);
    const shape: DateShape = sep === '-' ? (rest === '' ? 'iso-date' : 'iso-datetime') : 'ymd';
    return withClock({ shape, year, month, day }, rest);
  }
  const first = Number(value.slice(0, lead));
  if (sep === ':') {
    const t = parseClock(value);
    if (t === null || t === undefined) return null;
    const shape: DateShape = t.ampm ? 'time-ampm' : 'time';
    return t.second === undefined
      ? { shape, hour: t.hour, minute: t.minute }
      : { shape, hour: t.hour, minute: t.minute, second: t.second };
  }
  const afterSep = value.charCodeAt(lead + 1);
  if (sep === '-' && !isDigit(afterSep)) {
    // 05-Mar-2021
    const parts = value.split('-');
    const month = MONTH_NAMES[(parts[1] ?? '').toLowerCase()];
    const yearText = parts[2] ?? '';
    const year = fullYear(yearText);
    if (month === undefined || !validDay(first, month, year)) return null;
    return {
      shape: 'dd-mon-yyyy',
      year,
      month,
      day: first,
      abbreviated: !FULL_MONTH.has((parts[1] ?? '').toLowerCase()),
    };
  }
  if ((sep === '/' || sep === '.' || sep === '-') && isDigit(afterSep)) {
    const e1 = digitsEnd(value, lead + 1);
    const second = Number(value.slice(lead + 1, e1));
    if (e1 === value.length) {
      if (e1 - lead - 1 === 4) {
        // 03/2021
        if (first < 1 || first > 12 || second < 1900 || second > 2099) return null;
        return { shape: 'month-year', year: second, month: first };
      }
      // 3/15
      if (!validDay(second, first, undefined)) return null;
      return { shape: 'month-day', month: first, day: second };
    }
    const e2 = digitsEnd(value, e1 + 1);
    const yearText = value.slice(e1 + 1, e2);
    const year = fullYear(yearText);
    // Month/day/year (US) or day/month/year (most of the world).
    let month: number;
    let day: number;
    if (validDay(second, first, year)) [month, day] = [first, second];
    else if (validDay(first, second, year)) [month, day] = [second, first];
    else return null;
    const shape: DateShape = yearText.length === 4 ? 'numeric-4' : 'numeric-2';
    return withClock({ shape, year, month, day }, value.slice(e2));
  }
  // 9am, 9 p.m.
  const rest = value.slice(lead).trimStart();
  if (/^[AaPp]\.?[Mm]\b/.test(rest)) {
    if (first < 1 || first > 12) return null;
    return { shape: 'time-ampm', hour: first, minute: 0 };
  }
  // 5 March 2021, 5th of March, 5. März 2021
  const m = writtenDayFirst(value, lead);
  if (m === null) return null;
  const name = m.name.toLowerCase();
  const month = MONTH_NAMES[name];
  const year = m.year;
  if (month === undefined || !validDay(first, month, year)) return null;
  const abbreviated = !FULL_MONTH.has(name);
  const clock = m.end === value.length ? '' : value.slice(m.end);
  if (year === undefined) {
    // Only English names stand without a year; lowercase short forms ("5 may", "2 mar") are words.
    if (!FULL_MONTH.has(name) && !ENGLISH_ABBREVIATION.has(name)) return null;
    if (name.length <= 4 && m.name[0] === name[0]) return null;
    return withClock({ shape: 'written-no-year', month, day: first, abbreviated }, clock);
  }
  return withClock({ shape: 'written', year, month, day: first, abbreviated }, clock);
}

interface WrittenParts {
  readonly name: string;
  readonly year: number | undefined;
  /** Where the date ends and a time of day may follow. */
  readonly end: number;
}

/** Four ASCII digits at `i`. */
const fourDigits = (s: string, i: number): boolean =>
  isDigit(s.charCodeAt(i)) &&
  isDigit(s.charCodeAt(i + 1)) &&
  isDigit(s.charCodeAt(i + 2)) &&
  isDigit(s.charCodeAt(i + 3));

/**
 * "5th of March, 2021": the month name and year after the day's `lead` digits, read as the regex
 * /^(\d{1,2})\D{0,3}? (?:(?:of|de) )?([^\s.,]+)\.?(?:,? (?:de )?(\d{4}))?/ would (written out by hand: this
 * runs for every written date).
 */
function writtenDayFirst(value: string, lead: number): WrittenParts | null {
  if (lead > 2) return null;
  // Up to three characters that are not digits (ordinal, period), then a space.
  let i = lead;
  while (i < value.length && i - lead <= 3 && value.charCodeAt(i) !== 32) {
    if (isDigit(value.charCodeAt(i))) return null;
    i++;
  }
  if (value.charCodeAt(i) !== 32 || i - lead > 3) return null;
  i++;
  if ((value.startsWith('of ', i) || value.startsWith('de ', i)) && !isNameEnd(value.charCodeAt(i + 3)))
    i += 3;
  const nameStart = i;
  while (i < value.length && !isNameEnd(value.charCodeAt(i))) i++;
  if (i === nameStart) return null;
  const name = value.slice(nameStart, i);
  if (value.charCodeAt(i) === 46) i++; // .
  let j = i;
  if (value.charCodeAt(j) === 44) j++; // ,
  if (value.charCodeAt(j) === 32) {
    j++;
    if (value.startsWith('de ', j)) j += 3;
    if (fourDigits(value, j)) return { name, year: Number(value.slice(j, j + 4)), end: j + 4 };
  }
  return { name, year: undefined, end: i };
}

/** Where a month name ends: whitespace, a period or a comma ([^\s.,]). */
const isNameEnd = (c: number): boolean => Number.isNaN(c) || c === 46 || c === 44 || isSpaceCode(c);

const WEEKDAY_ONLY: DateParts = Object.freeze({ shape: 'weekday', weekday: true });

/** A weekday name as the regex writes it (capitalised), compared without hashing the string. */
function isCapitalisedWeekday(v: string): boolean {
  switch (v.length) {
    case 6:
      return v === 'Monday' || v === 'Friday' || v === 'Sunday';
    case 7:
      return v === 'Tuesday';
    case 8:
      return v === 'Thursday' || v === 'Saturday';
    case 9:
      return v === 'Wednesday';
    default:
      return false;
  }
}

const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

function parseLetterLed(value: string): DateParts | null {
  // Fast path for the commonest candidate, a weekday name alone (as the regex writes it, capitalised).
  if (value.length <= 9 && value.endsWith('day')) {
    return isCapitalisedWeekday(value) || WEEKDAYS.has(value.toLowerCase()) ? WEEKDAY_ONLY : null;
  }
  let w = 0;
  while (w < value.length && isAsciiLetter(value.charCodeAt(w))) w++;
  const lower = value.slice(0, w).toLowerCase();
  if (WEEKDAYS.has(lower)) {
    // The date after the weekday, without ",? (?:the )?"
    let r = w;
    if (value.charCodeAt(r) === 44 && value.charCodeAt(r + 1) === 32) r += 2;
    else if (value.charCodeAt(r) === 32) r += 1;
    if (r > w && value.startsWith('the ', r)) r += 4;
    const rest = r === w ? value.slice(w) : value.slice(r);
    if (rest === '') return { shape: 'weekday', weekday: true };
    const inner = parseDateValue(rest);
    if (inner === null) return null;
    if (inner.hour !== undefined) {
      const clock: Clock = { hour: inner.hour, minute: inner.minute ?? 0, second: inner.second, ampm: false };
      return dateWithClock(inner, clock, true);
    }
    const out: { -readonly [K in keyof DateParts]: DateParts[K] } = { shape: inner.shape };
    if (inner.year !== undefined) out.year = inner.year;
    if (inner.month !== undefined) out.month = inner.month;
    if (inner.day !== undefined) out.day = inner.day;
    if (inner.abbreviated !== undefined) out.abbreviated = inner.abbreviated;
    out.weekday = true;
    return out;
  }
  const m = monthFirst(value, w);
  const month = MONTH_NAMES[lower];
  if (m === null || month === undefined) return null;
  const abbreviated = !FULL_MONTH.has(lower);
  const num = m.digits;
  if (num === 4) {
    const year = Number(value.slice(m.digitsStart, m.digitsStart + 4));
    if (year < 1000 || year > 2999) return null;
    return { shape: 'month-year', year, month, abbreviated };
  }
  if (num > 2) return null;
  const day = Number(value.slice(m.digitsStart, m.digitsStart + num));
  const year = m.year;
  if (!validDay(day, month, year)) return null;
  const parts: DateParts =
    year === undefined
      ? { shape: 'written-no-year', month, day, abbreviated }
      : { shape: 'written', year, month, day, abbreviated };
  return withClock(parts, m.end === value.length ? '' : value.slice(m.end));
}

interface MonthFirstParts {
  readonly digitsStart: number;
  /** How many digits (1-4) follow the month name. */
  readonly digits: number;
  readonly year: number | undefined;
  readonly end: number;
}

/**
 * "March 5, 2021", "Mar. 5th", "March the 5th": read after the `w` letters of the name as the regex
 * /^([A-Za-z]+)\.?,? (?:the )?(\d{1,4})\D{0,2}?(?:,? (\d{4}))?/ would. (Its lazy \D{0,2}? stays empty, so a year is
 * only read right after the day's digits: "March 5th, 2021" is read without its year.)
 */
function monthFirst(value: string, w: number): MonthFirstParts | null {
  if (w === 0) return null;
  let i = w;
  if (value.charCodeAt(i) === 46) i++; // .
  if (value.charCodeAt(i) === 44) i++; // ,
  if (value.charCodeAt(i) !== 32) return null;
  i++;
  if (value.startsWith('the ', i) && isDigit(value.charCodeAt(i + 4))) i += 4;
  const digitsStart = i;
  while (i < value.length && i - digitsStart < 4 && isDigit(value.charCodeAt(i))) i++;
  const digits = i - digitsStart;
  if (digits === 0) return null;
  let j = i;
  if (value.charCodeAt(j) === 44) j++; // ,
  if (value.charCodeAt(j) === 32 && fourDigits(value, j + 1)) {
    return { digitsStart, digits, year: Number(value.slice(j + 1, j + 5)), end: j + 5 };
  }
  return { digitsStart, digits, year: undefined, end: i };
}

// ---------------------------------------------------------------------------------------------------------
// The words around a value, read with plain character scans (validators run on every candidate).

const isLetter = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);

/** The word ending before `pos` (letters and a trailing '.'), skipping spaces/tabs; '' at a clause break. */
export function previousWord(text: string, pos: number): { word: string; start: number } {
  const word = wordBefore(text, pos);
  return { word, start: wordStart };
}

/** Start and end of the word last read by wordBefore (module variables: no object per call). */
let wordStart = 0;
let wordEnd = 0;

/** The word of previousWord, without allocating a result object; its start is left in `wordStart`. */
function wordBefore(text: string, pos: number): string {
  let i = pos - 1;
  let c = text.charCodeAt(i);
  while (i >= 0 && (c === 32 || c === 9)) c = text.charCodeAt(--i);
  let end = i + 1;
  if (c === 0xa9) {
    wordStart = i;
    wordEnd = i + 1;
    return '©';
  }
  if (c === 46) i--;
  while (i >= 0 && isLetter(text.charCodeAt(i))) i--;
  if (i + 1 === end || (text.charCodeAt(end - 1) === 46 && i + 2 === end)) {
    wordStart = wordEnd = end;
    return '';
  }
  if (text.charCodeAt(end - 1) === 46 && !isLetter(text.charCodeAt(end - 2))) end--;
  wordStart = i + 1;
  wordEnd = end;
  return text.slice(i + 1, end);
}

const isUpperAscii = (c: number): boolean => c >= 65 && c <= 90;
const isLowerAscii = (c: number): boolean => c >= 97 && c <= 122;

/** /^[A-Z]{2,4}$/ */
function isShortCapitals(s: string): boolean {
  if (s.length < 2 || s.length > 4) return false;
  for (let i = 0; i < s.length; i++) if (!isUpperAscii(s.charCodeAt(i))) return false;
  return true;
}

/** /^[A-Z][a-z]+$/ */
function isCapitalisedWord(s: string): boolean {
  if (s.length < 2 || !isUpperAscii(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) if (!isLowerAscii(s.charCodeAt(i))) return false;
  return true;
}

/** The token right after `end` on the same line: a word, a digit run, or '' (punctuation or line end). */
function nextToken(text: string, end: number): string {
  let i = end;
  if (text[i] === ' ' || text[i] === '\t') i++;
  const s = i;
  const c = text.charCodeAt(i);
  if (isDigit(c)) return text.slice(s, digitsEnd(text, i));
  while (i < text.length && isLetter(text.charCodeAt(i))) i++;
  return text.slice(s, i);
}

/** Words that may follow a year without making it a count ("in 1977 the", not "in 2000 patients"). */
const AFTER_YEAR = new Set([
  'and',
  'or',
  'but',
  'nor',
  'the',
  'a',
  'an',
  'when',
  'while',
  'where',
  'whereas',
  'after',
  'before',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'to',
  'as',
  'at',
  'for',
  'with',
  'was',
  'were',
  'is',
  'are',
  'had',
  'has',
  'have',
  'in',
  'on',
  'by',
  'from',
  'until',
  'through',
  'this',
  'that',
  'these',
  'those',
  'there',
  'his',
  'her',
  'their',
  'its',
  'our',
  'my',
  'which',
  'who',
  'so',
  'then',
  'till',
  'onwards',
  'onward',
  'ad',
  'bc',
  'bce',
  'ce',
  'became',
  'saw',
  'marked',
  'brought',
  'alone',
  'only',
  'already',
  'edition',
  'season',
  'census',
  'election',
  'elections',
  'model',
  'version',
  'film',
  'movie',
  'album',
  'tour',
  'olympics',
  'budget',
  'report',
  'survey',
  'study',
  'not',
  'if',
  'since',
  'because',
  'though',
  'although',
  'up',
  'some',
  'many',
  'most',
  'all',
  'both',
  'during',
  'again',
  'until',
  'he',
  'she',
  'him',
  'them',
  'one',
]);
/** Words that put a number in front of a count ("out of 2000", "a total of 1950"). */
const COUNT_WORDS = new Set([
  'out',
  'total',
  'over',
  'about',
  'approximately',
  'nearly',
  'almost',
  'some',
  'than',
  'exactly',
  'number',
  'just',
  'around',
  'up',
]);
/** Nouns that take "of" and a year: "the Act of 2001", "the summer of 1969", "the class of 2020". */
const OF_YEAR_NOUNS = new Set([
  'act',
  'class',
  'summer',
  'spring',
  'fall',
  'autumn',
  'winter',
  'end',
  'start',
  'beginning',
  'middle',
  'year',
  'years',
  'months',
  'election',
  'crisis',
  'war',
  'revolution',
  'treaty',
  'law',
  'census',
]);

/** `word`: the previous word in lowercase, read by wordBefore just before the call (wordStart is its start). */
function scoreYear(text: string, start: number, end: number, year: number, word: string): number {
  if (year < 1900 || year > 2099) return 0;
  const w2 = wordBefore(text, wordStart);
  const w2Lower = w2.toLowerCase();
  const next = nextToken(text, end);
  const n0 = next.charCodeAt(0);
  // "1995 MB", "2000 USD", "2000 3" - a quantity with a unit, not a year
  if (isShortCapitals(next) || isDigit(n0)) return 0.1;
  if (COUNT_WORDS.has(w2Lower) || COUNT_WORDS.has(word)) return 0.1;
  const nextIsCount = next !== '' && isLowerAscii(n0) && !AFTER_YEAR.has(next);
  if (YEAR_STRONG_SET.has(word) || (word === 'the' && w2Lower === 'year') || word === '©') {
    return nextIsCount ? 0.45 : 0.75;
  }
  if (word === 'a' || word === 'an' || word === 'the')
    return isUpperAscii(n0) && isLowerAscii(next.charCodeAt(1)) ? 0.55 : 0.1;
  if (!YEAR_WEAK_SET.has(word)) return 0.1;
  if (word === 'of') {
    // "Act of 2001", "Summer of 1969", "March of 2020" - not "a total of 1950"
    if (isUpperAscii(w2.charCodeAt(0)) || OF_YEAR_NOUNS.has(w2Lower) || MONTH_NAMES[w2Lower] !== undefined)
      return 0.65;
    return 0.1;
  }
  if (word === 'to' || word === 'and') {
    // "from 1990 to 1995", "between 1990 and 1995": the first year must be just before
    return /(?:19|20)\d{2}\D{1,12}$/.test(text.slice(Math.max(0, start - 20), start)) ? 0.6 : 0.1;
  }
  return nextIsCount ? 0.3 : 0.65;
}

const MONTH_DAY_WORDS = new Set([
  'on',
  'since',
  'from',
  'until',
  'till',
  'by',
  'date',
  'dated',
  'seen',
  'admitted',
  'discharged',
  'visit',
  'dos',
  'due',
  'before',
  'after',
  'through',
  'thru',
  'starting',
  'effective',
  'expires',
  'expired',
  'last',
  'next',
  'of',
  'dob',
]);
/** Words after which "3:16" is a verse, ratio or score rather than a time. */
const NOT_TIME_WORDS = new Set([
  'verse',
  'verses',
  'chapter',
  'psalm',
  'psalms',
  'john',
  'matthew',
  'mark',
  'luke',
  'genesis',
  'exodus',
  'ratio',
  'dilution',
  'diluted',
  'scale',
  'score',
  'scored',
  'won',
  'lost',
  'odds',
  'aspect',
  'version',
  'v',
]);
/** Capitalised words that may stand right before a time. */
const TIME_LEADS = new Set([
  'at',
  'by',
  'from',
  'until',
  'till',
  'before',
  'after',
  'around',
  'since',
  'time',
  'start',
  'starts',
  'end',
  'ends',
  'today',
  'tomorrow',
  'tonight',
  'noon',
  'departs',
  'arrives',
  'departure',
  'arrival',
  'meeting',
  'call',
  'when',
  'date',
]);

/** `lower`: the previous word in lowercase, read by wordBefore just before the call (wordStart, wordEnd). */
function scoreTime(text: string, start: number, parts: DateParts, lower: string): number {
  if (NOT_TIME_WORDS.has(lower)) return 0.2;
  if (parts.second !== undefined) return 0.75;
  // "John 3:16", "Table 2:10": a capitalised word right before is more often a book or a label than a time.
  if (
    wordEnd === start - 1 &&
    isCapitalisedWord(text.slice(wordStart, wordEnd)) &&
    !TIME_LEADS.has(lower) &&
    !WEEKDAYS.has(lower) &&
    MONTH_NAMES[lower] === undefined
  ) {
    return 0.35;
  }
  return 0.6;
}

/** Words just before a value that mark it as a version, page or reference rather than a date. */
const NOT_DATE_WORDS = new Set([
  'version',
  'ver',
  'v',
  'release',
  'build',
  'isbn',
  'page',
  'pages',
  'p',
  'pp',
  'chapter',
  'section',
  'ref',
  'no',
  'nr',
]);

/** One frozen result per score (in hundredths): a scan may validate thousands of dates. */
const RESULTS: ValidationResult[] = [];
function scored(score: number): ValidationResult {
  const key = Math.round(score * 100);
  let r = RESULTS[key];
  if (r === undefined) RESULTS[key] = r = Object.freeze({ validation: 'neutral', score: key / 100 });
  return r;
}

/** Score a candidate of this module's regexes; 'invalid' when it is not a real date or time. */
export function scoreDateTime(value: string, site: MatchSite): ValidationResult {
  const parts = parseDateValue(value);
  if (parts === null) return 'invalid';
  const { text, start, end } = site;
  /** The previous word in lowercase, read once when a rule needs it. */
  let prev: string | undefined;
  let score: number;
  switch (parts.shape) {
    case 'iso-datetime':
      score = 0.95;
      break;
    case 'iso-date':
    case 'dd-mon-yyyy':
    case 'written':
      score = 0.85;
      break;
    case 'ymd':
    case 'numeric-4':
      score = value.includes('.') || value.includes('-') ? 0.7 : 0.75;
      break;
    case 'numeric-2':
      // "1.10.22" is as likely a version number, "10-12-14" a part number.
      score = value.includes('/') ? 0.6 : 0.35;
      break;
    case 'written-no-year':
      score = parts.abbreviated === true ? 0.6 : 0.7;
      break;
    case 'month-year':
      score = isDigit(value.charCodeAt(0))
        ? value[2] === '/'
          ? 0.55
          : 0.4
        : parts.abbreviated === true
          ? 0.6
          : 0.7;
      break;
    case 'month-day':
      prev = wordBefore(text, start).toLowerCase();
      score = MONTH_DAY_WORDS.has(prev) ? 0.6 : 0.2;
      break;
    case 'time':
      prev = wordBefore(text, start).toLowerCase();
      score = scoreTime(text, start, parts, prev);
      break;
    case 'time-ampm':
      score = 0.8;
      break;
    case 'year':
      prev = wordBefore(text, start).toLowerCase();
      score = scoreYear(text, start, end, parts.year as number, prev);
      break;
    case 'weekday':
      score = 0.6;
      break;
  }
  if (parts.hour !== undefined && parts.shape !== 'time' && parts.shape !== 'time-ampm') score += 0.1;
  if (parts.weekday === true && parts.shape !== 'weekday') score = Math.max(score, 0.85);
  if (score < 0.8 && score >= 0.3) {
    if (prev === undefined) prev = wordBefore(text, start).toLowerCase();
    if (NOT_DATE_WORDS.has(prev)) score -= 0.3;
  }
  return scored(Math.min(0.98, score));
}

export const dateTime: RecognizerSpec = Object.freeze({
  id: 'date-time',
  entity: 'DATE_TIME',
  version: '1.0.0',
  description:
    'Dates and times: ISO 8601, numeric day/month/year, written dates, weekdays, clock times and years in context, checked against the calendar',
  patterns: [
    { name: 'digit-led', regex: new RegExp(DIGIT_DATE_SOURCE, 'g'), score: 0.5 },
    { name: 'month-or-weekday-led', regex: new RegExp(MONTH_LED_SOURCE, 'g'), score: 0.6 },
  ],
  validate: scoreDateTime,
});
