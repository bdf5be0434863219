import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { DIGIT_DATE_ONLY_SOURCE, parseDateValue } from './date-time.js';

/**
 * Dates of birth: a full calendar date (day, month and year, parsed and checked by the date-time module)
 * with a birth word shortly before it ("DOB:", "date of birth", "born on", "geb.", "né le", "fecha de
 * nacimiento"). A birth date is a direct identifier under HIPAA Safe Harbor, so it is reported as its own
 * entity, scored above the DATE_TIME finding for the same span; without a birth word it stays below the
 * threshold and the date is left to DATE_TIME.
 */

/** Birth words, matched in the text just before the date. */
const BIRTH_CONTEXT =
  /(?:^|[^a-z\u00C0-\u024F])(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born|geb\.|geboren|geburtsdatum|geburtstag|née?|née? le|né\(e\) le|date de naissance|naissance|fecha de nacimiento|nacimiento|nacid[oa]|data di nascita|nat[oa] il|data de nascimento|nascid[oa]|nascimento|geboortedatum|geboren op|födelsedatum|född|syntymäaika|syntynyt|f\. ?d\.)(?![a-z\u00C0-\u024F])/i;

/** How far before the date a birth word may stand ("Date of birth (MM/DD/YYYY): 04/12/1961"). */
const WINDOW = 48;

/** Full dates only: a birth date needs a day, a month and a year. */
const FULL_DATE_SHAPES = new Set(['iso-date', 'ymd', 'numeric-4', 'numeric-2', 'dd-mon-yyyy', 'written']);

export function scoreDateOfBirth(value: string, site: MatchSite): ValidationResult {
  const parts = parseDateValue(value);
  if (parts === null || !FULL_DATE_SHAPES.has(parts.shape)) return 'invalid';
  const year = parts.year as number;
  // A two-digit year is read as 19xx/20xx; four-digit years must be plausible for a living or recent person.
  if (year < 1880 || year > 2099) return 'invalid';
  const before = site.text.slice(Math.max(0, site.start - WINDOW), site.start);
  // Most dates have no birth word anywhere before them: one test on the window settles those. (A birth word in
  // the clause is also one in the window: the clause starts after a space or line break.)
  if (!BIRTH_CONTEXT.test(before)) return NOT_A_BIRTH_DATE;
  return BIRTH_CONTEXT.test(clauseBefore(before)) ? BIRTH_DATE : NOT_A_BIRTH_DATE;
}

const BIRTH_DATE: ValidationResult = Object.freeze({ validation: 'valid', score: 0.9 });
const NOT_A_BIRTH_DATE: ValidationResult = Object.freeze({ validation: 'neutral', score: 0.3 });

/**
 * The part of `before` that belongs with the date: its own sentence, or also the previous one when the date's
 * sentence is only a few words ("What is your date of birth? It's 6/24/1991"); on a form, its own line or
 * the label line right above it ("DOB:\n04/12/1961").
 */
function clauseBefore(before: string): string {
  let w = before;
  const cut = Math.max(w.lastIndexOf('. '), w.lastIndexOf('? '), w.lastIndexOf('! '), w.lastIndexOf('\n\n'));
  if (cut >= 0 && (w.slice(cut + 1).match(/[A-Za-z\u00C0-\u024F']+/g) ?? []).length > 2) w = w.slice(cut + 1);
  const nl = w.lastIndexOf('\n');
  if (nl >= 0 && w.slice(nl + 1).trim() !== '') w = w.slice(nl + 1);
  return w;
}

export const dateOfBirth: RecognizerSpec = Object.freeze({
  id: 'date-of-birth',
  entity: 'DATE_OF_BIRTH',
  version: '1.0.0',
  description:
    'Dates of birth: a full calendar date after a birth word (DOB, date of birth, born, geb., né le, fecha de nacimiento); HIPAA identifier',
  patterns: [{ name: 'digit-led-date', regex: new RegExp(DIGIT_DATE_ONLY_SOURCE, 'g'), score: 0.3 }],
  validate: scoreDateOfBirth,
});
