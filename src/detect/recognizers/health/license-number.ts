import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { suffixTrie } from '../../validators/word-trie.js';

/**
 * Professional licence and certificate numbers (HIPAA Safe Harbor "certificate/license numbers"): medical,
 * nursing, pharmacy and other state licences, board certifications, registration numbers ("Medical License
 * No. A123456", "RN 1234567", "Certificate number: C-2021-00451"). No common format exists, so a licence word
 * right before the value is required; the base score is low.
 *
 * Driver's licences belong to the government recognizers: "driver"/"driving" near the value rule it out.
 */

/** Licence words before the value ("license no.", "RN", "cert #", "Approbation"). */
const LICENSE_WORD =
  /(?:^|[^a-z])(?:licen[cs]e[ds]?|licen[cs]e (?:no\.?|number|num|#|id)|lic\.? ?(?:no\.?|#)|certificate(?: (?:no\.?|number|#))?|cert\.? ?(?:no\.?|number|#)|certification(?: (?:no\.?|number|#))?|registration(?: (?:no\.?|number|#))?|reg\.? ?(?:no\.?|#)|board certifi(?:ed|cation)|rn|lpn|lvn|aprn|np|pa-c|md|do|dds|dmd|dvm|rph|pharmd|cna|emt|paramedic|approbation|zulassung|n° rpps|rpps|adeli|colegiado|n° de colegiado|numero d'iscrizione)(?![a-z])[^a-z\n]{0,6}(?:(?:is|was|no\.?|number|#)[^a-z\n]{0,4})?$/i;
/**
 * Words that may stand right before the value in the regex ("No.", "#", "RN", "License"), capitalised or not
 * where that is natural. Matched right to left inside a lookbehind, so factored by their last letters.
 */
const LABEL_BEFORE_VALUE = suffixTrie([
  ...['lic', 'cert', 'reg', 'board', 'no', 'no.', 'number', 'approbation', 'colegiado']
    .concat(['licence', 'license'].flatMap((w) => [w, `${w}d`, `${w}s`]))
    .flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1)]),
  '#',
  'ID',
  'Id',
  'iD',
  'id',
  'RN',
  'LPN',
  'LVN',
  'APRN',
  'NP',
  'PA-C',
  'MD',
  'DO',
  'DDS',
  'DMD',
  'DVM',
  'RPh',
  'RPH',
  'PharmD',
  'CNA',
  'EMT',
  'RPPS',
  'ADELI',
]);

/** Words that name the profession, so the number outranks a generic licence reading. */
const PROFESSIONAL =
  /(?:medical|nursing|pharmacy|pharmacist|physician|dental|professional|practitioner|state medical|board|npi|dea|rn|lpn|lvn|aprn|np|md|do|dds|dmd|dvm|rph|pharmd|approbation|rpps|adeli|colegiado)(?![a-z])/i;
/** Words that make it a driver's licence, a software licence or a vehicle registration. */
const NOT_PROFESSIONAL =
  /driv(?:er|ing)|dl\b|vehicle|plate|software|product key|serial|activation|car\b|auto/i;

export function validateLicenseNumber(value: string, site?: MatchSite): ValidationResult {
  const alnum = value.replace(/[^0-9A-Za-z]/g, '');
  const digits = alnum.replace(/\D/g, '').length;
  if (alnum.length < 4 || alnum.length > 15 || digits < 3) return 'invalid';
  if (/^(\d)\1+$/.test(alnum)) return 'invalid';
  // "License © 2019-2024", "2025-PRESENT": a year range in a copyright line, not a licence number.
  if (/^(?:19|20)\d\d[-–](?:(?:19|20)\d\d|present|now)$/i.test(value)) return 'invalid';
  if (site !== undefined) {
    // The words before the value, without a letter prefix glued to it ("License No. A" + "123456").
    const before = site.text.slice(Math.max(0, site.start - 40), site.start).replace(/[A-Z]{1,4}-?$/, '');
    if (!LICENSE_WORD.test(before)) return 'invalid';
    if (NOT_PROFESSIONAL.test(before)) return 'invalid';
    // "medical license", "RN", "board certification": a professional licence, not a driver's licence
    if (PROFESSIONAL.test(before)) return { validation: 'neutral', score: 0.9 };
  }
  return 'neutral';
}

export const licenseNumber: RecognizerSpec = Object.freeze({
  id: 'license-number',
  entity: 'LICENSE_NUMBER',
  version: '1.0.0',
  description:
    "Professional licence and certificate numbers (medical, nursing, pharmacy, board certification) after a licence word; not driver's licences",
  patterns: [
    {
      name: 'licence-number',
      // Digit-led (cheap to scan). A letter prefix glued to the number ("A123456", "RN123456") stays outside
      // the span: the digits are the identifying part, and a capital-led regex would cost three times more.
      // The label is checked once the value has three characters (the fewest it can have), before the rest
      // of it is read: most numbers in prose stop there.
      regex: new RegExp(
        String.raw`\d[\dA-Z][\dA-Z](?<=(?:^|[^\w-])(?:[A-Z]{1,4}-?)?\d..)` +
          String.raw`(?<=${LABEL_BEFORE_VALUE}[^\n\w]{1,4}(?:[A-Z]{1,4}-?)?\d..)` +
          String.raw`[\dA-Z]*(?:-[\dA-Z]+){0,3}(?![\w-]|[.,]\d)`,
        'g',
      ),
      score: 0.1,
    },
  ],
  validate: validateLicenseNumber,
  context: {
    words: [
      'license',
      'licence',
      'licensed',
      'license no',
      'license number',
      'medical license',
      'state license',
      'nursing license',
      'pharmacy license',
      'certificate',
      'certificate number',
      'cert no',
      'certification',
      'board certification',
      'board certified',
      'registration',
      'registration number',
      'reg no',
      'rn',
      'lpn',
      'lvn',
      'aprn',
      'np',
      'md',
      'do',
      'dds',
      'dvm',
      'rph',
      'pharmd',
      'cna',
      'emt',
      'approbation',
      'rpps',
      'adeli',
      'colegiado',
    ],
    negative: [
      'driver',
      'drivers',
      "driver's",
      'driving',
      'dl',
      'vehicle',
      'plate',
      'software',
      'product key',
    ],
    boost: 0.7,
    floor: 0.75,
    penalty: 0.5,
    before: 40,
    after: 0,
  },
});
