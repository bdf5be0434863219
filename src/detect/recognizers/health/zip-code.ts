import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { suffixTrie } from '../../validators/word-trie.js';

/**
 * Postal codes. A five-digit number is far more often a count, a price or an id than a ZIP code, so numeric
 * codes are only reported with evidence right before them:
 *  - a postal-code word ("ZIP: 94105", "my zip code is 35350", "PLZ 10115", "CEP 01310-100"), which also
 *    admits other countries' layouts (3610-114, 53-320, 394 13, 7412 SL, 1421);
 *  - a US state code or name ("CA 94105", "Springfield, Illinois 62704"), for US ZIP and ZIP+4, checked
 *    against the USPS national area of that state (first digit).
 * UK postcodes (full outward/inward format check) and Canadian postal codes (Canada Post letter rules) have
 * shapes strong enough to stand alone when written with their space.
 *
 * ZIP codes are HIPAA identifiers (only the first three digits of large areas may be kept).
 */

/** Letters outside escapes and classes become two-case classes: the code regex must stay case-sensitive
 * ("7412 SL", not "1234 is"), so the words cannot rely on the `i` flag. */
function anyCase(source: string): string {
  return source.replace(/\\.|\[[^\]]*\]|([a-zà-ž])/g, (m, c: string | undefined) =>
    c === undefined ? m : `[${c}${c.toUpperCase()}]`,
  );
}

/** anyCase, also for letters inside character classes (suffixTrie writes single letters as classes). */
function anyCaseAll(source: string): string {
  return source.replace(/\\.|\[[^\]]*\]|([a-zà-ž])/g, (m, c: string | undefined) =>
    c !== undefined
      ? `[${c}${c.toUpperCase()}]`
      : m.startsWith('[')
        ? m.replace(/[a-zà-ž]/g, (x) => x + x.toUpperCase())
        : m,
  );
}

/**
 * Postal-code words, as they stand right before a code. Factored by their last letters, because the regex
 * engine reads them right to left inside the lookbehind (written in both cases: the regex is case-sensitive).
 * "código postal" keeps its own alternative: its ó is matched in lowercase only, as before.
 */
const ZIP_WORDS = `(?:${anyCaseAll(
  suffixTrie([
    ...['zip', 'cep', 'cap', 'cp', 'zip+4', 'plz', 'npa', 'postleitzahl', 'postnummer', 'postnr', 'postnr.'],
    ...['zip ', 'zip', 'zip-', 'postal ', 'postal', 'post ', 'post', 'pin ', 'pin'].map((w) => `${w}code`),
    ...['postinumero', 'irányítószám', 'psč', 'kod pocztowy', 'code postal', 'codice postale', 'c.p.'],
  ]),
)}|${anyCase(String.raw`c[oó]digo postal`)})`;
/** Optional words and punctuation between the postal-code word and the code ("zip code is", "PLZ:"). */
const ZIP_GLUE = anyCase(String.raw`(?: (?:is|was|number|no\.?|nr\.?|of))?[ \t:#=]{1,4}`);

/** USPS national areas: the first ZIP digit of each state, territory and military "state". */
const STATE_AREA: Readonly<Record<string, string>> = Object.freeze({
  CT: '0',
  MA: '0',
  ME: '0',
  NH: '0',
  NJ: '0',
  PR: '0',
  RI: '0',
  VT: '0',
  VI: '0',
  AE: '0',
  DE: '1',
  NY: '01',
  PA: '1',
  DC: '2',
  MD: '2',
  NC: '2',
  SC: '2',
  VA: '2',
  WV: '2',
  AL: '3',
  FL: '3',
  GA: '3',
  MS: '3',
  TN: '3',
  AA: '3',
  IN: '4',
  KY: '4',
  MI: '4',
  OH: '4',
  IA: '5',
  MN: '5',
  MT: '5',
  ND: '5',
  SD: '5',
  WI: '5',
  IL: '6',
  KS: '6',
  MO: '6',
  NE: '6',
  AR: '7',
  LA: '7',
  OK: '7',
  TX: '7',
  AZ: '8',
  CO: '8',
  ID: '8',
  NM: '8',
  NV: '8',
  UT: '8',
  WY: '8',
  AK: '9',
  CA: '9',
  HI: '9',
  OR: '9',
  WA: '9',
  AP: '9',
  GU: '9',
  AS: '9',
  MP: '9',
  FM: '9',
  MH: '9',
  PW: '9',
});
const STATE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  alabama: 'AL',
  alaska: 'AK',
  arizona: 'AZ',
  arkansas: 'AR',
  california: 'CA',
  colorado: 'CO',
  connecticut: 'CT',
  delaware: 'DE',
  florida: 'FL',
  georgia: 'GA',
  hawaii: 'HI',
  idaho: 'ID',
  illinois: 'IL',
  indiana: 'IN',
  iowa: 'IA',
  kansas: 'KS',
  kentucky: 'KY',
  louisiana: 'LA',
  maine: 'ME',
  maryland: 'MD',
  massachusetts: 'MA',
  michigan: 'MI',
  minnesota: 'MN',
  mississippi: 'MS',
  missouri: 'MO',
  montana: 'MT',
  nebraska: 'NE',
  nevada: 'NV',
  'new hampshire': 'NH',
  'new jersey': 'NJ',
  'new mexico': 'NM',
  'new york': 'NY',
  'north carolina': 'NC',
  'north dakota': 'ND',
  ohio: 'OH',
  oklahoma: 'OK',
  oregon: 'OR',
  pennsylvania: 'PA',
  'rhode island': 'RI',
  'south carolina': 'SC',
  'south dakota': 'SD',
  tennessee: 'TN',
  texas: 'TX',
  utah: 'UT',
  vermont: 'VT',
  virginia: 'VA',
  washington: 'WA',
  'west virginia': 'WV',
  wisconsin: 'WI',
  wyoming: 'WY',
  'puerto rico': 'PR',
  'district of columbia': 'DC',
});

// Factored by last letters: V8 reads these inside lookbehinds right to left, so a position is rejected after
// one or two characters instead of after trying every state in turn.
const STATE_CODE_ALT = suffixTrie(Object.keys(STATE_AREA));
/** State names with each word capitalised or not ("New York", "new york"). */
const STATE_NAME_ALT = suffixTrie(
  Object.keys(STATE_NAMES).flatMap((name) =>
    name
      .split(' ')
      .reduce<string[]>(
        (acc, word) =>
          acc.flatMap((prefix) =>
            [word, word.charAt(0).toUpperCase() + word.slice(1)].map((w) =>
              prefix === '' ? w : `${prefix} ${w}`,
            ),
          ),
        [''],
      ),
  ),
);

/**
 * The lookbehinds sit after the first digit, so the regex engine tests them only at the start of a number.
 * Case matters for state codes ("IN 46204", not "in 46204"), so they live in their own pattern.
 */
const LEFT = String.raw`(?<![\w$€£¥#@/\\:.,+-]\d)`;
const RIGHT = String.raw`(?![\w%°/:-]|[.,]\d)`;

/**
 * Numeric codes: any country's layout after a postal-code word, or a US ZIP/ZIP+4 after a state code or
 * name ("CA 94105", "Springfield, IL 62704-1234", "Ohio 44101"). The lookbehinds run only once a number
 * shaped like a postcode has matched, and span the word, the glue and the code itself.
 */
const NUMERIC_CODE =
  // Every layout has at least two digits, then a digit or a dash: the second digit is read before the
  // alternatives and the repeats are unrolled (\d\d\d rather than \d{3}), so that V8 skips through text
  // without such a digit run (Boyer-Moore lookahead) instead of stopping at every digit.
  String.raw`\d${LEFT}\d(?:\d\d\d-\d{3,4}|\d\d\d\d|\d\d\d|\d\d-\d\d\d|\d\d ?[A-Z]{2}(?![a-z])|\d\d|\d[ -]\d{2,4}|\d|-\d\d\d)${RIGHT}` +
  String.raw`(?:(?<=(?<![A-Za-z])${ZIP_WORDS}${ZIP_GLUE}\d[\dA-Z -]{1,9})` +
  String.raw`|(?<=(?:(?<![A-Za-z])${STATE_CODE_ALT}|(?<![A-Za-z])${STATE_NAME_ALT}),? ?\d{5}(?:-\d{4})?))`;

/** UK postcode (outward 2-4 characters, inward digit + two letters) or Canadian postal code (A9A 9A9). The
 * word-start check waits for a second capital or digit, so ordinary capitalised words fail at once. */
const UK_OR_CA = String.raw`[A-Z][A-Z\d](?<![A-Za-z0-9][A-Z][A-Z\d])[A-Z\d]{0,2} ?\d[A-Z][A-Z\d](?![A-Za-z\d])`;

// UK: Royal Mail / BS 7666 postcode format. Outward: A9, A99, AA9, AA99, A9A, AA9A; the first letter is
// never Q, V or X, the second never I, J or Z; a letter in third place is one of ABCDEFGHJKPSTUW and in
// fourth place one of ABEHMNPRVWXY. Inward: a digit and two letters, never C, I, K, M, O or V.
const UK_POSTCODE =
  /^(?:[A-PR-UWYZ]\d[\dA-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y]\d[\dABEHMNPRVWXY]?) ?\d[ABD-HJLNP-UW-Z]{2}$|^GIR ?0AA$/;
// Canada Post: letter-digit-letter digit-letter-digit; D, F, I, O, Q and U are never used, and W and Z never
// lead (the first letter is the province or territory).
const CA_POSTAL = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/;

/**
 * State codes that are also common words or labels ("Employee ID 84512", "OR 97201"?): after them a ZIP is
 * only accepted in the city-comma layout ("Boise, ID 83702").
 */
const AMBIGUOUS_STATES = new Set([
  'ID',
  'OR',
  'IN',
  'ME',
  'OK',
  'HI',
  'OH',
  'DE',
  'PA',
  'MA',
  'AL',
  'CO',
  'LA',
  'MD',
  'MO',
  'MT',
  'NE',
  'SC',
  'GA',
  'AS',
  'AA',
  'AE',
  'AP',
  'FM',
  'MH',
  'MP',
  'PW',
  'VI',
  'GU',
  'NC',
  'ND',
  'SD',
  'MS',
  'MI',
]);

/** The state before a US ZIP: "Springfield, IL " gives IL with the city comma, "Ohio " gives OH. */
function stateBefore(text: string, start: number): { state: string; comma: boolean } | undefined {
  const before = text.slice(Math.max(0, start - 40), start);
  const code = /(?:^|[^A-Za-z])([A-Z]{2}),? ?$/.exec(before)?.[1];
  if (code !== undefined && STATE_AREA[code] !== undefined) {
    return { state: code, comma: /[A-Za-z.], ?[A-Z]{2},? ?$/.test(before) };
  }
  const words = /((?:[A-Za-z]+ ){0,2}[A-Za-z]+),? ?$/.exec(before)?.[1]?.split(' ') ?? [];
  for (let k = words.length; k >= 1; k--) {
    const name = STATE_NAMES[words.slice(-k).join(' ').toLowerCase()];
    if (name !== undefined) return { state: name, comma: true };
  }
  return undefined;
}

export function validateZipCode(value: string, site: MatchSite): ValidationResult {
  const first = value.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    // A keyword code, or a US ZIP after a state: which one is decided by what precedes it.
    const found = /^\d{5}(?:-\d{4})?$/.test(value) ? stateBefore(site.text, site.start) : undefined;
    if (found !== undefined && !found.comma && AMBIGUOUS_STATES.has(found.state)) return 'invalid';
    if (found !== undefined) {
      const area = STATE_AREA[found.state] ?? '';
      if (!area.includes(value[0] as string)) return { validation: 'neutral', score: 0.3 };
      if (value.startsWith('00000')) return 'invalid';
      return { validation: 'valid', score: value.length === 10 ? 0.9 : 0.85 };
    }
    return { validation: 'neutral', score: 0.85 };
  }
  const compact = value.includes(' ');
  if (CA_POSTAL.test(value)) return { validation: 'valid', score: compact ? 0.75 : 0.35 };
  if (UK_POSTCODE.test(value)) return { validation: 'valid', score: compact ? 0.7 : 0.35 };
  return 'invalid';
}

export const zipCode: RecognizerSpec = Object.freeze({
  id: 'zip-code',
  entity: 'ZIP_CODE',
  version: '1.0.0',
  description:
    'Postal codes: US ZIP/ZIP+4 after a state, any country layout after a postal-code word, UK postcodes and Canadian postal codes by format; HIPAA identifier',
  patterns: [
    { name: 'numeric', regex: new RegExp(NUMERIC_CODE, 'g'), score: 0.85 },
    {
      name: 'uk-or-canada',
      regex: new RegExp(UK_OR_CA, 'g'),
      score: 0.7,
      // Every UK and Canadian code ends with its inward part (a digit, a letter, a letter or digit): a
      // digit-led scan for it is cheaper than trying the capital-led pattern at every capital.
      anchor: { pattern: /\d[A-Z][A-Z\d](?![A-Za-z\d])/g, before: 5, after: 0 },
    },
  ],
  validate: validateZipCode,
  context: {
    words: ['zip', 'zip code', 'postal code', 'postcode', 'post code', 'address', 'mailing', 'plz', 'cep'],
    negative: ['order', 'invoice', 'ticket', 'model', 'part', 'serial', 'flight', 'room'],
    boost: 0.3,
    floor: 0.6,
    before: 32,
    after: 8,
  },
});
