/**
 * Peer adapter for @openredaction/openredaction (regex library, 560+ patterns).
 *
 * Configuration: `new OpenRedaction({ enableLearning: false })`, i.e. the library defaults (all patterns,
 * names/addresses/phones/emails on, context analysis on, confidence threshold 0.5, false-positive filter
 * and multi-pass off, placeholder mode) except the "learning" store, which by default reads (and on
 * feedback writes) `.openredaction/learnings.json` in the working directory and adds its learned whitelist
 * to the options: off so that results never depend on local state.
 *
 * Spans: `detect(text).detections[i].position` is `[start, end]` into the text passed in (UTF-16 indices,
 * end exclusive), computed by the library as `match.index` (or, for patterns whose value is capture group
 * 1, `match.index + match[0].indexOf(match[1])`); it runs its regexes on the raw text, without
 * normalisation. We use those positions as they are and check `text.slice(start, end) === value` on every
 * detection; a mismatch (never seen) is counted and the span is dropped. Known limitation of the library's
 * own arithmetic: `indexOf` picks the first occurrence of the group's value inside the whole match, which
 * could differ from the group's true position when the value also occurs earlier in the match.
 * Overlaps are resolved by the library itself (patterns in priority order, first claim wins), so a span
 * claimed by an unmapped type (e.g. ORDER_NUMBER) never reaches us as one of ours.
 *
 * Type mapping (their pattern type -> Veilgate entity); every other type is dropped:
 *   EMAIL                                              -> EMAIL_ADDRESS
 *   PHONE_US, PHONE_UK, PHONE_UK_MOBILE,
 *   PHONE_INTERNATIONAL, PHONE_LINE_NUMBER             -> PHONE_NUMBER
 *   CREDIT_CARD                                        -> CREDIT_CARD
 *   SSN                                                -> US_SSN
 *   IBAN, UK_BANK_ACCOUNT_IBAN                         -> IBAN_CODE
 *   IPV4, IPV6                                         -> IP_ADDRESS
 *   URL_WITH_AUTH (their only URL pattern)             -> URL
 *   DRIVING_LICENSE_US                                 -> US_DRIVER_LICENSE
 *   DATE_OF_BIRTH (their only date pattern)            -> DATE_TIME
 *   ZIP_CODE_US, POSTCODE_UK                           -> ZIP_CODE
 *   ADDRESS_STREET, ADDRESS_PO_BOX                     -> STREET_ADDRESS
 *   NAME                                               -> PERSON
 * They have no pattern for AGE, LOCATION or ORGANIZATION.
 */
import { OpenRedaction } from '@openredaction/openredaction';
import { installedVersion, type PeerDetector, type PeerSpan } from './types.js';

export const OPENREDACTION_TYPE_MAP: Readonly<Record<string, string>> = Object.freeze({
  EMAIL: 'EMAIL_ADDRESS',
  PHONE_US: 'PHONE_NUMBER',
  PHONE_UK: 'PHONE_NUMBER',
  PHONE_UK_MOBILE: 'PHONE_NUMBER',
  PHONE_INTERNATIONAL: 'PHONE_NUMBER',
  PHONE_LINE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD',
  SSN: 'US_SSN',
  IBAN: 'IBAN_CODE',
  UK_BANK_ACCOUNT_IBAN: 'IBAN_CODE',
  IPV4: 'IP_ADDRESS',
  IPV6: 'IP_ADDRESS',
  URL_WITH_AUTH: 'URL',
  DRIVING_LICENSE_US: 'US_DRIVER_LICENSE',
  DATE_OF_BIRTH: 'DATE_TIME',
  ZIP_CODE_US: 'ZIP_CODE',
  POSTCODE_UK: 'ZIP_CODE',
  ADDRESS_STREET: 'STREET_ADDRESS',
  ADDRESS_PO_BOX: 'STREET_ADDRESS',
  NAME: 'PERSON',
});

export function createOpenRedactionPeer(): PeerDetector {
  const engine = new OpenRedaction({ enableLearning: false });
  const active = new Set(engine.getPatterns().map((p) => p.type));
  const missing = Object.keys(OPENREDACTION_TYPE_MAP).filter((t) => !active.has(t));
  if (missing.length > 0)
    throw new Error(`openredaction: mapped pattern types not found: ${missing.join(', ')}`);
  const supports = new Set(Object.values(OPENREDACTION_TYPE_MAP));
  let offsetMismatches = 0;

  function spans(text: string): PeerSpan[] {
    const out: PeerSpan[] = [];
    for (const d of engine.detect(text).detections) {
      const entity = OPENREDACTION_TYPE_MAP[d.type];
      if (entity === undefined) continue;
      const [start, end] = d.position;
      if (text.slice(start, end) !== d.value) {
        offsetMismatches++;
        continue;
      }
      out.push({ entity, start, end });
    }
    return out;
  }

  return {
    name: 'openredaction',
    version: installedVersion('@openredaction/openredaction'),
    supports,
    config: 'new OpenRedaction({ enableLearning: false }) — library defaults otherwise',
    detect: (text) => Promise.resolve().then(() => spans(text)),
    native: (text) => engine.detect(text),
    stats: () => ({ 'detections whose position did not slice to their value (dropped)': offsetMismatches }),
  };
}
