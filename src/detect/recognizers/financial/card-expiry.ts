import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { keywordLabelsValue } from '../../validators/keyword-proximity.js';

/**
 * Payment card expiry dates as printed on the card (ISO/IEC 7813: month and year, "MM/YY"), also MM/YYYY
 * and MM-YY. Without its label "12/27" is a date, a fraction or a score, so the pattern scores low and
 * only an expiry keyword just before it lifts it over the threshold.
 */

const KEYWORDS: readonly string[] = [
  'exp',
  'expiry',
  'expiry date',
  'expiration',
  'expiration date',
  'expires',
  'expire',
  'expiring',
  'exp date',
  'valid thru',
  'valid through',
  'valid till',
  'valid until',
  'good thru',
  'good through',
  'mm/yy',
  'mm/yyyy',
  'ablauf',
  'ablaufdatum',
  'gültig bis',
  'fecha de caducidad',
  'caducidad',
  'vencimiento',
  'fecha de vencimiento',
  "date d'expiration",
  "date d'expiry",
  'expire le',
  'scadenza',
];

/** How far before the value the keyword may be. */
/** Score of a value whose keyword labels it, before the context boost. */
const LABELLED_SCORE = 0.3;

const BEFORE = 32;

/** Words that may stand between the keyword and the date: "expiration date (MM/YY): 12/27", "expires on 12/27". */
const FILLERS: ReadonlySet<string> = new Set([
  'date',
  'is',
  'on',
  'of',
  'the',
  'card',
  'mm',
  'yy',
  'yyyy',
  'jj',
  'aa',
  'aaaa',
  'end',
  'at',
  'in',
  'until',
  'thru',
  'through',
  'month',
  'year',
  'your',
  'my',
  'this',
  'le',
  'la',
  'de',
  'del',
  'am',
  'bis',
  'el',
  'ist',
  'expiry',
  'expiration',
  'expires',
]);

export function validateCardExpiry(value: string, site?: MatchSite): ValidationResult {
  const [month, year] = value.split(/\s*[/-]\s*/) as [string, string];
  const m = Number(month);
  if (m < 1 || m > 12) return 'invalid';
  // Cards are valid for at most about 20 years; four-digit years are in the 2000s.
  if (year.length === 4 && !year.startsWith('20')) return 'invalid';
  // "Expires 2026, renew by 05/26" has a keyword that labels another number.
  const label =
    site === undefined ? null : keywordLabelsValue(site.text, site.start, KEYWORDS, FILLERS, BEFORE);
  if (label === false) return 'invalid';
  // A keyword that labels the value lifts it (with the context boost) above look-alike readings such as a
  // phone number; without one the base score stays under the threshold.
  return label === true ? { validation: 'neutral', score: LABELLED_SCORE } : 'neutral';
}

export const cardExpiry: RecognizerSpec = Object.freeze({
  id: 'card-expiry',
  entity: 'CARD_EXPIRY',
  version: '1.0.0',
  description: 'Payment card expiry dates (MM/YY, MM/YYYY, MM-YY) next to an expiry keyword',
  patterns: [
    {
      name: 'month-year',
      // The final lookbehind, tried only on month/year shapes, requires a keyword stem within BEFORE
      // characters, so the validator and the context lookup run only where a keyword is.
      regex: new RegExp(
        String.raw`\d(?<![\w/.,:-]\d)\d? ?[/-] ?\d{2}(?:\d{2})?(?![\w/]|[-.,:]\d)` +
          String.raw`(?<=\b(?:exp|valid|good|mm/yy|ablauf|gültig|caducidad|vencimiento|scadenza)\D{0,${BEFORE}}\d{1,2} ?[/-] ?\d{2,4})`,
        'gi',
      ),
      score: 0.1,
    },
  ],
  validate: validateCardExpiry,
  context: {
    words: KEYWORDS,
    boost: 0.5,
    floor: 0.65,
    before: BEFORE,
    // Only a keyword before the value counts: in "on 12/27 expires the offer" the date is not a card's.
    after: 0,
  },
});
