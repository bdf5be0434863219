import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { suffixTrie } from '../../validators/word-trie.js';

/**
 * A person's age: "79 years old", "79-year-old", "79 y/o", "79yo", "aged 79", "age: 79", "at the age of 79",
 * "just turned 79", "he was 79.". The span is the number alone (as in the Presidio benchmark); the words that
 * make it an age are context. Ages run 0-120. HIPAA Safe Harbor treats every age over 89 as an identifier
 * (it must be aggregated as "90 or older"), so those are reported like any other age, with the same entity.
 *
 * A bare number is never an age by itself: the regex only accepts a number with an age word right after it
 * (lookahead) or right before it (lookbehind, evaluated only once the digits matched), so prose numbers
 * cost one failed lookaround each and never reach the validator.
 */

/** Age words after the number: years old, year-old, y/o, yo, yrs, months old, years of age. */
const AFTER =
  String.raw`[- ]?(?:years?|yrs?|yr)[- ]old|[- ]?(?:months?|mos?|weeks?|wks?|days?)[- ]old|` +
  String.raw`[- ]?(?:yo|y\/o|y\.o\.?|yoa)(?![a-z])|[- ]?(?:years?|yrs?) of age|` +
  String.raw`[- ]?(?:years?|yrs?|yr|y)[- ]?(?:old )?(?:male|female|man|woman|boy|girl|gentleman|lady|patient|pt)(?![a-z])`;

/**
 * Age words before the number. "turn(ed)" and "he was"/"I'm" are weaker and checked by the validator. Read
 * inside a lookbehind (right to left), so each list is factored by its last letters.
 */
const AGE_WORD = suffixTrie(['age', 'ages', 'aged', 'alter', 'âge', 'edad', 'età', 'idade', 'leeftijd']);
const AGE_CONNECTOR = suffixTrie([
  'of',
  'is',
  'was',
  'at',
  'about',
  'around',
  'approximately',
  'approx',
  'approx.',
]);
const WEAK_WORDS = suffixTrie([
  'turn',
  'turns',
  'turned',
  'turning',
  "i'm",
  'i am',
  "he's",
  'he is',
  "she's",
  'she is',
  'he was',
  'she was',
  'i was',
  "you're",
  'you are',
  'who is',
  'who was',
  'now',
]);
const BEFORE = String.raw`(?:(?<![a-z])${AGE_WORD}(?: ${AGE_CONNECTOR})?[ :=]{1,3}|(?<![a-z])${WEAK_WORDS} )`;

/** Turned/pronoun forms need the number to end the phrase: "turned 60." but not "turned 3 pages". */
const WEAK_LEAD =
  /(?:turn(?:s|ed|ing)?|i'm|i am|he's|he is|she's|she is|he was|she was|i was|you're|you are|who is|who was|now) $/i;
/** Tokens that may follow a weak-lead age. */
const AFTER_WEAK_AGE = new Set([
  '',
  'and',
  'but',
  'or',
  'years',
  'year',
  'yrs',
  'today',
  'now',
  'this',
  'last',
  'next',
  'in',
  'on',
  'soon',
  'tomorrow',
  'yesterday',
  'when',
  'so',
  'then',
  'already',
  'too',
  'myself',
  'recently',
]);

const AFTER_RE = new RegExp(`^(?:${AFTER})`, 'i');

function nextWord(text: string, end: number): string {
  const m = /^ ?([A-Za-z]*)/.exec(text.slice(end, end + 16));
  return (m?.[1] ?? '').toLowerCase();
}

/** Things that have an age but are not people ("a 12-year-old whisky", "the firm is 50 years old"). */
const NOT_A_PERSON =
  /(?:^|[^a-z])(?:anniversary|warranty|building|company|firm|business|brand|wine|whisk(?:e)?y|scotch|bottle|tree|car|vehicle|tradition|bridge|church|song|album|film|movie)s?(?![a-z])/i;

const STRONG = Object.freeze({ validation: 'neutral', score: 0.85 } as const);
const LOWERED = Object.freeze({ validation: 'neutral', score: 0.45 } as const);

export function validateAge(value: string, site: MatchSite): ValidationResult {
  const n = Number(value);
  if (n > 120) return 'invalid';
  if (AFTER_RE.test(site.text.slice(site.end, site.end + 24))) {
    const around = site.text.slice(Math.max(0, site.start - 20), site.end + 36);
    return NOT_A_PERSON.test(around) ? LOWERED : STRONG;
  }
  const before = site.text.slice(Math.max(0, site.start - 12), site.start);
  if (WEAK_LEAD.test(before)) {
    // The number must close the phrase ("turned 60.", "I'm 31 and") and not count something ("turned 3 pages").
    const next = nextWord(site.text, site.end);
    const after = site.text[site.end];
    if (after !== undefined && /[A-Za-z]/.test(after)) return 'invalid';
    if (!AFTER_WEAK_AGE.has(next)) return 'invalid';
    return { validation: 'neutral', score: /turn/i.test(before) ? 0.6 : 0.55 };
  }
  return STRONG;
}

export const age: RecognizerSpec = Object.freeze({
  id: 'age',
  entity: 'AGE',
  version: '1.0.0',
  description:
    "A person's age (0-120) written with an age word (years old, y/o, aged, age:); the span is the number. Ages over 89 are HIPAA identifiers",
  patterns: [
    {
      name: 'number-with-age-word',
      // Cheap checks first: an age word after the number starts with y, m, w or d ("years", "mos", "wks",
      // "days"); one before it ends with a space, ':' or '=' right before the number.
      regex: new RegExp(
        String.raw`\d(?<![\w$€£¥#@/\\:.,+-]\d)\d{0,2}(?![\d%°]|[.,]\d)` +
          String.raw`(?:(?=[- ]?[ymwd])(?=${AFTER})|(?<=[ :=]\d{1,3})(?<=${BEFORE}\d{1,3}))`,
        'gi',
      ),
      score: 0.85,
    },
  ],
  validate: validateAge,
});
