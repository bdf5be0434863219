import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * Stripe API keys (Stripe docs, "API keys"): secret `sk_live_`/`sk_test_`, restricted `rk_live_`/`rk_test_`,
 * publishable `pk_live_`, then 24 to 247 base62 characters; webhook signing secrets `whsec_`.
 *
 * Secret and restricted live keys move money and are near-certain. Test-mode keys reach test data only.
 * Publishable keys are meant to be embedded in web pages, so they are reported with a low score that
 * passes the default threshold only beside a key word (and a deployment can switch them off by score).
 * `sk_test_4eC39HqLyjWDarjtT1zdp7dc`, the key printed throughout Stripe's documentation, is not a secret.
 */
const DOCUMENTATION_KEYS = new Set(['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'pk_test_TYooMQauvdEDq54NiTphI7jx']);

export function validateStripeKey(value: string): ValidationResult {
  if (DOCUMENTATION_KEYS.has(value)) return 'invalid';
  const body = value.slice(value.lastIndexOf('_') + 1);
  if (isPlaceholderToken(body)) return 'invalid';
  if (!/[0-9]/.test(body) || !/[A-Z]/.test(body) || !/[a-z]/.test(body)) return 'invalid';
  const kind = value.slice(0, 7);
  if (kind === 'pk_test') return 'invalid'; // test-mode publishable key: public and harmless
  if (kind === 'sk_live' || kind === 'rk_live') return { validation: 'valid', score: 1 };
  if (kind === 'sk_test' || kind === 'rk_test' || value.startsWith('whsec_'))
    return { validation: 'valid', score: 0.85 };
  return { validation: 'valid', score: 0.55 }; // pk_live_: publishable, meant to be public
}

export const stripeKey: RecognizerSpec = Object.freeze({
  id: 'stripe-key',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'Stripe API keys (sk_/rk_ live and test, pk_live_ publishable) and whsec_ webhook secrets',
  // `_live_`, `_test_` or `whsec_`: underscores are found by string search (pivotRegExp), far cheaper than
  // a regular-expression pass.
  anchor: {
    pattern: pivotRegExp('_', /_(?:(?:live|test)_|(?<=whsec_))/, 'g', {
      // "_l", "_t" or "c_".
      guard: (t, i) =>
        t.charCodeAt(i + 1) === 108 || t.charCodeAt(i + 1) === 116 || t.charCodeAt(i - 1) === 99,
    }),
    before: 8,
    after: 260,
  },
  patterns: [
    {
      name: 'api-key',
      regex:
        /(?:sk|rk|pk)_(?<![A-Za-z0-9_-](?:sk|rk|pk)_)(?:live|test)_[0-9A-Za-z]{24,247}(?![A-Za-z0-9_-])/g,
      score: 0.9,
    },
    {
      name: 'webhook-secret',
      regex: /whsec_(?<![A-Za-z0-9_-]whsec_)[A-Za-z0-9+/]{32,64}(?![A-Za-z0-9_-])/g,
      score: 0.85,
    },
  ],
  validate: validateStripeKey,
  context: {
    words: ['stripe', 'publishable', 'key', 'api key', 'stripe_key', 'pk_live'],
    boost: 0.2,
    floor: 0.55,
  },
});
