import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { abaRoutingValid } from '../../validators/checksums.js';

/**
 * ABA routing transit numbers (American Bankers Association; Federal Reserve routing symbol rules):
 * nine digits whose first two are a Federal Reserve district, thrift or electronic prefix, with the
 * 3-7-1 weighted check digit. One random nine-digit number in ten passes the checksum, so a valid value
 * alone is weak evidence and a routing keyword nearby makes it a finding.
 */

export function validateRoutingNumber(value: string): ValidationResult {
  if (!abaRoutingValid(value)) return 'invalid';
  return { validation: 'valid', score: 0.35 };
}

export const usRoutingNumber: RecognizerSpec = Object.freeze({
  id: 'us-routing-number',
  entity: 'US_ROUTING_NUMBER',
  version: '1.0.0',
  description:
    'US ABA routing transit numbers: Federal Reserve prefix and 3-7-1 check digit, with a routing keyword',
  patterns: [
    {
      name: 'nine-digits',
      regex: /(?<![\w.,/:-])\d{9}(?![\w]|[.,/:-]\d)/g,
      score: 0.05,
    },
  ],
  validate: validateRoutingNumber,
  context: {
    words: [
      'routing',
      'routing number',
      'routing no',
      'aba',
      'aba number',
      'aba routing',
      'rtn',
      'transit',
      'routing transit',
      'routing and transit',
      'bank routing',
      'ach routing',
      'wire routing',
      'fedwire',
      'abartn',
    ],
    negative: ['phone', 'tel', 'fax', 'order', 'invoice', 'tracking', 'ssn', 'social security', 'isbn'],
    boost: 0.4,
    floor: 0.6,
    before: 40,
    after: 16,
  },
});
