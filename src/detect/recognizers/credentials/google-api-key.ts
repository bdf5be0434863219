import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';

/**
 * Google API keys (Google Cloud docs, "Manage API keys"): `AIza` followed by 35 characters of
 * `[0-9A-Za-z_-]`, 39 in all. Firebase web configurations embed them too; they still grant quota and
 * billing on the project, so they are reported.
 */
export function validateGoogleApiKey(value: string): ValidationResult {
  return isPlaceholderToken(value.slice(4)) ? 'invalid' : { validation: 'valid', score: 0.95 };
}

export const googleApiKey: RecognizerSpec = Object.freeze({
  id: 'google-api-key',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'Google API keys (AIza + 35 characters)',
  patterns: [
    { name: 'api-key', regex: /AIza(?<![A-Za-z0-9_-]AIza)[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, score: 0.95 },
  ],
  validate: validateGoogleApiKey,
});
