import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { luhnValid } from '../../validators/checksums.js';

/**
 * Device identifiers and serial numbers (HIPAA Safe Harbor identifier, e.g. an implant's serial):
 *  - IMEI (3GPP TS 23.003): 15 digits, the last a Luhn check digit over the first 14, written plain or as
 *    AA-BBBBBB-CCCCCC-D. Luhn-valid 15-digit numbers are common (card numbers share the check), so an IMEI
 *    needs the word "IMEI" (or a device word) nearby, except in its dashed layout;
 *  - serial numbers, device IDs, UDIDs and implant serials after their label ("S/N: C02XK1ABJG5H",
 *    "pacemaker serial PJN123456R", "UDID 00008030-001A35E11E88802E"): no format, so the label is required.
 *
 * Speed: the recognizer runs only in windows after its label stems (a short literal alternation) and around
 * IMEI-shaped numbers is not needed: an IMEI without its label is below the threshold anyway.
 */

/** Labels, tested on the text just before a candidate. */
const LABEL =
  /(?:^|[^a-z])(?:imei(?:\/meid)?|meid|s\/?n|serial(?: ?(?:no\.?|number|num|#))?|device(?: ?(?:id|identifier|serial|no\.?|number))|udid|udi|implant(?: serial)?|pacemaker(?: serial)?|model\/serial|serial\/model|lot(?: no\.?)?|seriennummer|numéro de série|número de serie)(?![a-z])[^a-z\n]{0,6}(?:(?:is|was|no\.?|number)[^a-z\n]{0,4})?$/i;

const IMEI_LABEL = /(?:imei|meid)[^a-z\n]{0,8}$/i;

export function validateDeviceId(value: string, site?: MatchSite): ValidationResult {
  const digits = value.replace(/[^0-9]/g, '');
  const before = site === undefined ? '' : site.text.slice(Math.max(0, site.start - 40), site.start);
  const labelled = site === undefined || LABEL.test(before);
  if (/^\d{15}$/.test(value) || /^\d{2}[- ]\d{6}[- ]\d{6}[- ]\d$/.test(value)) {
    // 3GPP TS 23.003: the IMEI check digit is Luhn over the first 14 digits. A number labelled IMEI must pass.
    if (luhnValid(digits))
      return { validation: 'valid', score: labelled ? 0.95 : /[- ]/.test(value) ? 0.6 : 0.3 };
    if (IMEI_LABEL.test(before) || !labelled) return 'invalid';
  }
  if (!labelled) return 'invalid';
  const alnum = value.replace(/[^0-9A-Za-z]/g, '');
  if (alnum.length < 5 || digits.length < 2) return 'invalid';
  // A word with a digit or two is a model name ("iPhone12"), not a serial: serials mix more evenly.
  if (/^[A-Za-z]+\d{1,2}$/.test(alnum) && alnum.length > 6) return 'invalid';
  return { validation: 'neutral', score: 0.85 };
}

export const deviceIdentifier: RecognizerSpec = Object.freeze({
  id: 'device-identifier',
  entity: 'DEVICE_ID',
  version: '1.0.0',
  description:
    'Device identifiers: IMEI (Luhn) and labelled serial numbers, device IDs, UDIDs, implant serials',
  // Every reported value follows its label; these stems find the labels with one cheap scan.
  anchor: { pattern: /erial|S\/N|IMEI|UDID|evice/g, before: 1, after: 64 },
  patterns: [
    {
      name: 'serial-or-imei',
      regex:
        /(?<![\w-])[A-Za-z\d](?=[A-Za-z\d-]{0,30}\d)[A-Za-z\d]*(?:[-.][A-Za-z\d]+){0,5}(?![\w-]|[.,]\w)/g,
      score: 0.3,
    },
  ],
  validate: validateDeviceId,
});
