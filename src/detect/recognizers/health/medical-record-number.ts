import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * Medical record numbers (HIPAA Safe Harbor identifier). Every hospital numbers its records its own way, so
 * no format or checksum exists: a value is 6-12 letters and digits with at least five digits (optional
 * letter prefix, dashes), and it is only reported next to an MRN word ("MRN: 00123456", "MR# 4455-221",
 * "Medical Record No. A1234567", "patient ID 55-0412"). The base score is low and only that word lifts it.
 *
 * Speed: the recognizer runs only in windows around the start of a value (a digit and three more digits or
 * dashes, which V8 finds by skipping through the text) that follows the last word of an MRN label.
 */

/** The value: optional letter prefix, then digits with at most two dashes or spaces, optional letter suffix. */
const VALUE = String.raw`(?<![\w-])(?:[A-Z]{1,3}-?)?\d[\d-]{3,13}[A-Z]?(?![\w-]|[.,]\d)`;

/**
 * The MRN words, tested on the text just before the value before anything else: most candidates are other
 * numbers, and this one regex test is much cheaper than the engine's context pass.
 */
const MRN_WORD =
  /(?:^|[^a-z])(?:mrn|mr ?#|mr no|medical records?(?: number| no\.?| #)?|med\.? ?rec\.?|chart(?: no\.?| number| #)?|patient (?:id|no\.?|number|#)|pt\.? id|hosp(?:ital|\.)? (?:number|no\.?)|record (?:no\.?|number|#)|unit number|n° dossier|dossier|patientennummer|fallnummer|historia clínica|cartella clinica)(?![a-z])[^a-z\n]{0,6}(?:(?:is|was|number|no\.?)[^a-z\n]{0,4})?$/i;

/** Letters in either case, for the anchor below (which must stay case-sensitive to keep V8's fast skip). */
function anyCase(source: string): string {
  return source.replace(/\\.|\[[^\]]*\]|([a-zà-ž])/g, (m, c: string | undefined) =>
    c === undefined ? m : `[${c}${c.toUpperCase()}]`,
  );
}

/**
 * Where a value may start: a digit and three more digits or dashes (every value has them after its prefix),
 * right after the last word of an MRN label and the glue MRN_WORD allows. A loose form of MRN_WORD (any word
 * ending like one of its labels, either case): the validator still applies MRN_WORD itself.
 */
const VALUE_START = new RegExp(
  // (A value starts after a character that is not a small letter, digit or underscore: checked first, it
  // rejects the inner digits of every number at once.)
  String.raw`\d[\d-][\d-][\d-](?<![a-z\d_]\d...)` +
    String.raw`(?<=${anyCase(String.raw`(?:mrn|#|no\.?|number|records?|rec\.?|chart|id|dossier|nummer|cl[iíIÍ]nica)`)}` +
    String.raw`[^a-z\n]{0,6}(?:${anyCase(String.raw`(?:is|was|number|no\.?)`)}[^a-z\n]{0,4})?(?:[A-Z]{1,3}-?)?\d...)`,
  'g',
);

export function validateMrn(value: string, site?: MatchSite): ValidationResult {
  if (site !== undefined && !MRN_WORD.test(site.text.slice(Math.max(0, site.start - 32), site.start))) {
    return 'invalid';
  }
  const alnum = value.replace(/-/g, '');
  const digits = alnum.replace(/\D/g, '');
  if (alnum.length < 6 || alnum.length > 12 || digits.length < 5) return 'invalid';
  if ((value.match(/-/g)?.length ?? 0) > 2 || value.includes('--')) return 'invalid';
  // A run of one digit ("00000000", "11111111") is a placeholder, not a record.
  if (/^(\d)\1+$/.test(digits)) return 'invalid';
  // Dates and phone numbers have their own shapes ("2021-03-05", "555-123-4567").
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) || /^\d{3}-\d{3}-\d{4}$/.test(value)) return 'invalid';
  return 'neutral';
}

export const medicalRecordNumber: RecognizerSpec = Object.freeze({
  id: 'medical-record-number',
  entity: 'MEDICAL_RECORD_NUMBER',
  version: '1.0.0',
  description:
    'Medical record numbers next to an MRN word (MRN, medical record, chart, patient ID); HIPAA identifier',
  // A value is at most 19 characters and its first digit at most 4 after its start.
  anchor: { pattern: VALUE_START, before: 4, after: 19 },
  patterns: [{ name: 'record-number', regex: new RegExp(VALUE, 'g'), score: 0.1 }],
  validate: validateMrn,
  context: {
    words: [
      'mrn',
      'mr#',
      'mr #',
      'mr no',
      'medical record',
      'medical records',
      'medical record number',
      'med rec',
      'med. rec.',
      'chart',
      'chart no',
      'chart number',
      'patient id',
      'patient no',
      'patient number',
      'patient #',
      'pt id',
      'hospital number',
      'hospital no',
      'hosp no',
      'record no',
      'record number',
      'record #',
      'unit number',
      'mrn#',
      'n° dossier',
      'dossier',
      'patientennummer',
      'fallnummer',
      'historia clínica',
      'cartella clinica',
    ],
    negative: ['phone', 'tel', 'fax', 'invoice', 'order', 'account', 'routing', 'ssn', 'npi', 'dea', 'zip'],
    boost: 0.7,
    floor: 0.8,
    before: 32,
    after: 0,
  },
});
