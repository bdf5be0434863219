import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';

/**
 * SendGrid API keys (Twilio SendGrid docs, "API keys"): `SG.`, a 22-character key id, `.`, and a
 * 43-character secret, both base64url. 69 characters in all.
 */
export function validateSendgridKey(value: string): ValidationResult {
  const [, id = '', secret = ''] = value.split('.');
  return isPlaceholderToken(id) || isPlaceholderToken(secret)
    ? 'invalid'
    : { validation: 'valid', score: 0.95 };
}

export const sendgridKey: RecognizerSpec = Object.freeze({
  id: 'sendgrid-key',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'SendGrid API keys (SG. + 22 + . + 43 base64url characters)',
  // A literal of six characters or fewer is found by memchr on its first character.
  anchor: { pattern: /SG\./g, before: 2, after: 70 },
  patterns: [
    {
      name: 'api-key',
      regex: /SG\.(?<![A-Za-z0-9_-]SG\.)[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
      score: 0.95,
    },
  ],
  validate: validateSendgridKey,
});
