import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';

/**
 * Anthropic API keys: `sk-ant-api03-` (API), `sk-ant-admin01-` (Admin API), `sk-ant-oat01-`/`sk-ant-ort01-`
 * (OAuth access and refresh), then a base64url body; API keys are 108 characters in all and end in `AA`
 * (the tail of the encoded key material). A key of that shape is certain; other lengths are still reported
 * when the body is not a placeholder.
 */
export function validateAnthropicApiKey(value: string): ValidationResult {
  const body = value.slice(value.indexOf('-', 7) + 1);
  if (isPlaceholderToken(body)) return 'invalid';
  if (body.length >= 90 && body.endsWith('AA')) return 'valid';
  return /[0-9]/.test(body) && /[A-Z]/.test(body) && /[a-z]/.test(body)
    ? { validation: 'neutral', score: 0.85 }
    : 'invalid';
}

export const anthropicApiKey: RecognizerSpec = Object.freeze({
  id: 'anthropic-api-key',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'Anthropic API keys (sk-ant-api03-, sk-ant-admin01-, sk-ant-oat01-, ...)',
  // V8 finds a short literal with a rare first character by memchr, far faster than a regex pass.
  anchor: { pattern: /-ant-/g, before: 4, after: 220 },
  patterns: [
    {
      name: 'api-key',
      regex:
        /sk-ant-(?<![A-Za-z0-9_-]sk-ant-)(?:api|admin|oat|ort|sid)\d{2}-[A-Za-z0-9_-]{32,200}(?![A-Za-z0-9_-])/g,
      score: 0.85,
    },
  ],
  validate: validateAnthropicApiKey,
});
