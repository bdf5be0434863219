import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { isPlaceholderToken, looksRandom } from '../../validators/secret-values.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * OpenAI API keys: project keys `sk-proj-…`, service-account keys `sk-svcacct-…`, admin keys `sk-admin-…`,
 * and legacy user keys `sk-` + 48 base62 characters. OpenAI keys embed the marker `T3BlbkFJ` (base64 of
 * "OpenAI") between two random halves; with the marker a key is certain. Without it, a prefixed key is
 * likely, and a bare `sk-` + 32 random characters is an API key of one of the many OpenAI-compatible
 * services (reported as API_KEY all the same). Anthropic's `sk-ant-` keys are left to their recognizer,
 * and Stripe's `sk_live_` uses an underscore.
 */
export function validateOpenaiApiKey(value: string): ValidationResult {
  const body = value.replace(/^sk-(?:(?:proj|svcacct|admin|None)-)?/, '');
  if (isPlaceholderToken(body)) return 'invalid';
  if (value.includes('T3BlbkFJ')) return 'valid';
  if (body.length !== value.length - 3)
    return body.length >= 40 && looksRandom(body, 40) ? { validation: 'neutral', score: 0.85 } : 'invalid';
  return /^[A-Za-z0-9]{32,}$/.test(body) && looksRandom(body, 32)
    ? { validation: 'neutral', score: 0.7 }
    : 'invalid';
}

export const openaiApiKey: RecognizerSpec = Object.freeze({
  id: 'openai-api-key',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'OpenAI API keys (sk-proj-, sk-svcacct-, sk-admin-, legacy sk- with the T3BlbkFJ marker)',
  // The dash of `sk-` at a word start, found by string search (pivotRegExp) rather than a regex pass.
  anchor: {
    pattern: pivotRegExp('-', /-(?<=(?<![A-Za-z0-9_-])sk-)/, 'g', {
      guard: (t, i) => t.charCodeAt(i - 1) === 107,
    }),
    before: 4,
    after: 262,
  },
  patterns: [
    {
      name: 'api-key',
      regex:
        /sk-(?<![A-Za-z0-9_-]sk-)(?!ant-)(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{32,250}(?![A-Za-z0-9_-])/g,
      score: 0.7,
    },
  ],
  validate: validateOpenaiApiKey,
});
