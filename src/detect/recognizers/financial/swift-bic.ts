import type { MatchSite, RecognizerSpec, Validation, ValidationResult } from '../../types.js';

/**
 * SWIFT / Business Identifier Codes (ISO 9362): 4-letter party prefix, 2-letter ISO 3166-1 country,
 * 2-character location, optional 3-character branch ("DEUTDEFF", "DEUTDEFF500", "NEDSZAJJXXX").
 *
 * Eight or eleven capital letters are also ordinary words and hex strings ("DEADBEEF" reads as bank DEAD,
 * country BE, location EF), and no checksum exists, so a BIC is reported only with a SWIFT/BIC keyword
 * right before it; the patterns run only around those keywords.
 */

/** ISO 3166-1 alpha-2 (all 249 assigned codes) plus XK, the code SWIFT uses for Kosovo. */
const COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW ' +
    'BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI ' +
    'FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN ' +
    'IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME ' +
    'MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
    'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE ' +
    'YT ZA ZM ZW XK'
  ).split(' '),
);

/**
 * A label that ends right before the value. "Swift" and "Bic" capitalised as words are also a singer, a
 * programming language and a pen maker ("Taylor Swift CONCERTS"), so in that case they must be followed by
 * "code", a colon or the other acronym; "SWIFT" and "BIC" stand alone.
 */
const LABEL = new RegExp(
  String.raw`(?:\b(?:SWIFT|BIC)|\b(?:[Ss]wift|[Bb]ic)(?=\s*(?:[:/(-]|[Cc]ode|CODE))|\b(?:[Cc]ode|[Cc][oó]digo|[Cc]odice) SWIFT)` +
    String.raw`[\s:#=().,/-]{0,6}(?:(?:SWIFT|BIC|[Ss]wift|[Bb]ic|[Cc]ode|CODE|is|number|no|of the bank)[\s:#=().,/-]{0,6}){0,3}$`,
);

/** How far before the value its label may start. */
const BEFORE = 40;

export function validateSwiftBic(bic: string): Validation {
  if (!COUNTRIES.has(bic.slice(4, 6))) return 'invalid';
  // ISO 9362: the second location character "O" is not used (it would read as a zero), and "0" there
  // marks a test BIC, which is still an identifier.
  if (bic[7] === 'O') return 'invalid';
  return 'neutral';
}

function validateWithLabel(bic: string, site?: MatchSite): ValidationResult {
  const verdict = validateSwiftBic(bic);
  if (verdict === 'invalid' || site === undefined) return verdict;
  const labelled = LABEL.test(site.text.slice(Math.max(0, site.start - BEFORE), site.start));
  return { validation: 'neutral', score: labelled ? 0.85 : 0.2 };
}

export const swiftBic: RecognizerSpec = Object.freeze({
  id: 'swift-bic',
  entity: 'SWIFT_BIC',
  version: '1.0.0',
  description: 'SWIFT/BIC codes (ISO 9362) with an ISO 3166 country, right after a SWIFT or BIC label',
  anchor: { pattern: /swift|bic/gi, before: 0, after: BEFORE + 12 },
  patterns: [
    {
      name: 'bic',
      // Capitals only: BICs are printed in capitals, and lowercase words near "Swift" are prose
      // ("Taylor Swift concerts": CONC-ER-TS would parse).
      regex: /(?<![\w-])[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![\w-])/g,
      score: 0.2,
    },
  ],
  validate: validateWithLabel,
});
