import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { keywordLabelsValue } from '../../validators/keyword-proximity.js';

/**
 * Card security codes (CVV2/CVC2/CID/CSC): three digits, four on American Express. Any three-digit number
 * looks the same, so the base score is near zero and only a security-code keyword right before the value
 * reports it.
 */

const KEYWORDS: readonly string[] = [
  'cvv',
  'cvv2',
  'cvc',
  'cvc2',
  'cvn',
  'cvn2',
  'csc',
  'cav2',
  'security code',
  'card security code',
  'card verification',
  'card verification value',
  'card verification code',
  'card code',
  'verification value',
  'kartenprüfnummer',
  'prüfnummer',
  'código de seguridad',
  'cryptogramme',
  'cryptogramme visuel',
];

/** Score of a value whose keyword labels it, before the context boost. */
const LABELLED_SCORE = 0.3;

const BEFORE = 32;

/** Words that may stand between the keyword and the code: "CVV code is 123", "security code on the back: 123". */
const FILLERS: ReadonlySet<string> = new Set([
  'code',
  'codes',
  'number',
  'no',
  'num',
  'is',
  'was',
  'the',
  'card',
  'value',
  'on',
  'back',
  'of',
  'your',
  'my',
  'this',
  'ist',
  'est',
  'es',
  'le',
  'la',
  'el',
  'de',
  'du',
  'der',
  'die',
]);

export function validateCardCvv(_value: string, site?: MatchSite): ValidationResult {
  // In "CVV 123, PIN 4567" the keyword labels 123, not 4567.
  const label =
    site === undefined ? null : keywordLabelsValue(site.text, site.start, KEYWORDS, FILLERS, BEFORE);
  if (label === false) return 'invalid';
  // A keyword that labels the value lifts it (with the context boost) above look-alike readings such as a
  // phone number; without one the base score stays under the threshold.
  return label === true ? { validation: 'neutral', score: LABELLED_SCORE } : 'neutral';
}

export const cardCvv: RecognizerSpec = Object.freeze({
  id: 'card-cvv',
  entity: 'CARD_CVV',
  version: '1.0.0',
  description: 'Card security codes (CVV2, CVC2, CID, CSC): 3-4 digits right after a security-code keyword',
  patterns: [
    {
      name: 'three-or-four-digits',
      // Not a group of a longer number ("4111 1111 ..."), a decimal, a date or a time. The final
      // lookbehind, tried only on such digit runs, requires a keyword stem within BEFORE characters, so
      // the validator and the context lookup run only where a keyword is.
      regex: new RegExp(
        String.raw`\d(?<![\w.,/:-]\d|\d[ -]\d)\d{2,3}(?![\w]|[.,/:-]\d|[ -]\d)` +
          String.raw`(?<=\b(?:cv[vcn]2?|csc|cav2|security code|verification|card code|(?:karten)?prüfnummer|seguridad|cryptogramme)\D{0,${BEFORE}}\d{3,4})`,
        'gi',
      ),
      score: 0.05,
    },
  ],
  validate: validateCardCvv,
  context: {
    words: KEYWORDS,
    negative: ['pin', 'zip', 'postcode', 'postal', 'ext', 'extension', 'apt', 'suite', 'room', 'otp'],
    boost: 0.55,
    floor: 0.6,
    before: BEFORE,
    // "123 is the CVV" is rare; a keyword after the value more often labels the next one.
    after: 0,
  },
});
