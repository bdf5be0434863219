import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { suffixTrie } from '../../validators/word-trie.js';

/**
 * Health plan beneficiary numbers (HIPAA Safe Harbor identifier):
 *  - the US Medicare Beneficiary Identifier (MBI, CMS since 2018): 11 characters, position 1 a digit 1-9,
 *    2, 5, 8 and 9 letters, 4, 7, 10 and 11 digits, 3 and 6 a letter or digit; letters never S, L, O, I, B
 *    or Z; written plain or as 1EG4-TE5-MK73. The structure is specific enough to score well alone;
 *  - member, subscriber, policy and group numbers of any insurer, which have no common format: 6-20 letters
 *    and digits with at least four digits, reported only after a member/policy/insurance word.
 */

/** CMS MBI letters: A-Z without S, L, O, I, B, Z. */
const L = 'AC-HJKMNP-RT-Y';
const MBI = String.raw`[1-9](?<![\w.,/-][1-9])[${L}][${L}\d]\d(-?)[${L}][${L}\d]\d\1[${L}]{2}\d{2}(?![\w-])`;

/** Member/policy words that may stand right before a member ID, capitalised or not (matched right to left
 * inside a lookbehind, so factored by their last letters). */
const MEMBER_LABEL = suffixTrie([
  ...['member', 'subscriber', 'policy', 'insurance', 'plan', 'group', 'beneficiary', 'medicaid', 'medicare']
    .concat(['no', 'no.', 'number'])
    .flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1)]),
  'MBI',
  'HICN',
  '#',
  'ID',
  'Id',
  'iD',
  'id',
  'ID#',
]);

/**
 * Member IDs: digits with letters or dashes after a member/policy word. The regex is digit-led (cheap to
 * scan); a letter prefix glued to the number ("XYZ123456789", "W123456789") stays outside the span, since a
 * capital-led regex costs three times more and the digits are the identifying part. The label is checked
 * right after the first digit (once the value is known to have four characters or more), before the rest of
 * it is read: most numbers in prose have no label and stop there.
 */
const MEMBER_ID_REST =
  String.raw`(?<=(?:^|[^\w-])(?:[A-Z]{1,4}-?)?\d)(?=[\dA-Z-]{3})(?<=${MEMBER_LABEL}[^\n\w]{1,4}(?:[A-Z]{1,4}-?)?\d)` +
  String.raw`[\dA-Z]*(?:-[\dA-Z]+){0,3}(?![\w-]|[.,]\d)`;

/**
 * One digit-led scan for both layouts (each scan of the text costs as much as the work done at its digits):
 * an MBI when its structure follows the first digit, else a labelled member ID. Neither starts right after a
 * small letter, digit or underscore: that check comes first and rejects the inner digits of every number.
 */
const MBI_OR_MEMBER_ID = String.raw`\d(?<![a-z\d_]\d)(?:(?<=(?<![\w.,/-])[1-9])${MBI.slice(MBI.indexOf(')') + 1)}|${MEMBER_ID_REST})`;

/** Member/policy words, tested on the text just before a candidate (cheaper than the engine's context pass). */
const MEMBER_WORD =
  /(?:^|[^a-z])(?:member|subscriber|policy|policyholder|insurance|insured|insurer|health ?plan|plan|beneficiary|group|medicaid|medicare|mbi|hicn|coverage|payer|carrier|enrollee|cardholder|assurance|versicherten|versichertennummer|krankenkasse|mutuelle|afiliado|póliza)(?: ?(?:id|identification|no\.?|number|num|nr\.?|#|card))?(?![a-z])[^a-z\n]{0,6}(?:(?:is|was|number|no\.?)[^a-z\n]{0,4})?$/i;

const MBI_WORD = /(?:medicare|mbi|hicn|beneficiary|cms)(?![a-z])/i;

const MBI_RE = new RegExp(`^${MBI.replace(`(?<![\\w.,/-][1-9])`, '')}$`);

export function validateBeneficiaryNumber(value: string, site?: MatchSite): ValidationResult {
  if (MBI_RE.test(value)) {
    // Dashes, if any, sit after the 4th and 7th characters (enforced by the regex's back-reference).
    const before = site === undefined ? '' : site.text.slice(Math.max(0, site.start - 40), site.start);
    return { validation: 'valid', score: MBI_WORD.test(before) ? 0.95 : 0.75 };
  }
  const alnum = value.replace(/-/g, '');
  const digits = alnum.replace(/\D/g, '').length;
  if (alnum.length < 6 || alnum.length > 20 || digits < 4 || value.includes('--')) return 'invalid';
  if (/^(\d)\1+$/.test(alnum)) return 'invalid';
  // The words before the value, without a letter prefix glued to it ("Member ID: XYZ" + "123456789").
  const before =
    site === undefined
      ? ''
      : site.text.slice(Math.max(0, site.start - 40), site.start).replace(/[A-Z]{1,4}-?$/, '');
  if (site !== undefined && !MEMBER_WORD.test(before)) return 'invalid';
  // Below the national schemes with a checksum (AU Medicare, UK NHS...) that may claim the same number.
  return { validation: 'neutral', score: 0.7 };
}

export const healthPlanBeneficiaryNumber: RecognizerSpec = Object.freeze({
  id: 'health-plan-beneficiary-number',
  entity: 'HEALTH_PLAN_BENEFICIARY_NUMBER',
  version: '1.0.0',
  description:
    'Health plan beneficiary numbers: Medicare MBI (CMS format) and insurer member/subscriber/policy/group IDs next to a plan word; HIPAA identifier',
  patterns: [
    // The validator sets the score of both layouts (an MBI scores 0.75 or 0.95, a member ID 0.7).
    { name: 'mbi-or-member-id', regex: new RegExp(MBI_OR_MEMBER_ID, 'g'), score: 0.1 },
  ],
  validate: validateBeneficiaryNumber,
});
