import type { MatchSite, RecognizerSpec, ValidationResult } from '../../types.js';
import { base62Crc32Valid } from '../../validators/crc32.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';

/**
 * npm access tokens. GitHub blog, "npm has a new access token format" (2021): `npm_`, 30 random base62
 * characters and the 6-character base62 CRC-32 of them, as in GitHub's tokens. Legacy tokens are UUIDs and
 * are reported only as the `_authToken` of an `.npmrc` registry line.
 */
export function validateNpmToken(value: string, site: MatchSite): ValidationResult {
  if (!value.startsWith('npm_')) {
    return /_auth[Tt]oken\s*=\s*["']?$/.test(site.text.slice(Math.max(0, site.start - 20), site.start))
      ? 'valid'
      : 'invalid';
  }
  const body = value.slice(4);
  if (isPlaceholderToken(body)) return 'invalid';
  return base62Crc32Valid(body) ? 'valid' : { validation: 'neutral', score: 0.3 };
}

export const npmToken: RecognizerSpec = Object.freeze({
  id: 'npm-token',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'npm access tokens (npm_ with CRC-32 checksum; legacy UUID _authToken in .npmrc)',
  trigger: /_(?<=npm_)|_auth[Tt]oken/,
  patterns: [
    { name: 'granular', regex: /npm_(?<![A-Za-z0-9_]npm_)[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g, score: 0.3 },
    {
      name: 'legacy-authtoken',
      regex:
        /(?<=_auth[Tt]oken\s{0,2}=\s{0,2}["']?)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9-])/g,
      score: 0.9,
    },
  ],
  validate: validateNpmToken,
  context: {
    words: [
      'npm',
      'npmrc',
      'token',
      'npm_token',
      'node_auth_token',
      '_authtoken',
      'registry',
      'publish',
      'auth',
    ],
    boost: 0.3,
    floor: 0.6,
  },
});
