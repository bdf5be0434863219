import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { keywordLabelsValue } from '../../validators/keyword-proximity.js';

/**
 * US bank account numbers: 8 to 17 digits with no check digit and no national format, so they are told
 * apart from order numbers, phone numbers and amounts only by an account keyword just before them.
 */

const KEYWORDS: readonly string[] = [
  'account',
  'account number',
  'account no',
  'acct',
  'acct no',
  'acc no',
  'a/c',
  'bank account',
  'checking',
  'checking account',
  'savings',
  'savings account',
  'deposit account',
  'dda',
  'beneficiary account',
  'kontonummer',
  'konto',
  'número de cuenta',
  'cuenta',
  'numéro de compte',
  'compte',
];

/** Score of a value whose keyword labels it, before the context boost. */
const LABELLED_SCORE = 0.3;

const BEFORE = 32;

/** Words that may stand between the keyword and the number: "account number is 12345678", "acct no. 12345678". */
const FILLERS: ReadonlySet<string> = new Set([
  'number',
  'numbers',
  'no',
  'num',
  'nr',
  'nbr',
  'is',
  'was',
  'the',
  'of',
  'my',
  'your',
  'our',
  'his',
  'her',
  'their',
  'ending',
  'in',
  'with',
  'bank',
  'checking',
  'savings',
  'account',
  'acct',
  'personal',
  'business',
  'joint',
  'primary',
  'id',
  'de',
  'du',
  'la',
  'le',
  'el',
  'nummer',
  'ist',
  'es',
  'est',
]);

export function validateUsBankAccount(value: string, site?: MatchSite): ValidationResult {
  if (/^(\d)\1+$/.test(value)) return 'invalid'; // 00000000, 11111111: placeholders
  // The keyword must label this number, unlike "our accounts team at 8005551234" (a phone number) or
  // "account opened 2019, order 12345678".
  const label =
    site === undefined ? null : keywordLabelsValue(site.text, site.start, KEYWORDS, FILLERS, BEFORE);
  if (label === false) return 'invalid';
  // A keyword that labels the value lifts it (with the context boost) above look-alike readings such as a
  // phone number; without one the base score stays under the threshold.
  return label === true ? { validation: 'neutral', score: LABELLED_SCORE } : 'neutral';
}

export const usBankAccount: RecognizerSpec = Object.freeze({
  id: 'us-bank-account',
  entity: 'US_BANK_ACCOUNT',
  version: '1.0.0',
  description: 'US bank account numbers: 8-17 digits right after an account keyword',
  patterns: [
    {
      name: 'digits',
      // The final lookbehind, tried only on 8-17 digit runs, requires a keyword stem within BEFORE
      // characters, so the validator and the context lookup run only where a keyword is.
      regex: new RegExp(
        String.raw`\d(?<![\w.,/:-]\d)\d{7,16}(?![\w]|[.,/:-]\d)` +
          String.raw`(?<=\b(?:acc|account|acct|a/c|checking|savings|dda|konto|cuenta|compte)\D{0,${BEFORE}}\d{8,17})`,
        'gi',
      ),
      score: 0.05,
    },
  ],
  validate: validateUsBankAccount,
  context: {
    words: KEYWORDS,
    negative: [
      // Routing and IBAN keywords are not negative: "routing 021000021, account 12345678" is the usual layout,
      // and the routing number itself is left to us-routing-number, which scores higher.
      'phone',
      'call',
      'tel',
      'fax',
      'mobile',
      'order',
      'invoice',
      'tracking',
      'ticket',
      'credit card',
      'ssn',
      'social security',
      'customer service',
      'reference',
      'ref',
    ],
    boost: 0.55,
    floor: 0.6,
    before: BEFORE,
    after: 0,
  },
});
