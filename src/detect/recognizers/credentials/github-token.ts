import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { base62Crc32Valid } from '../../validators/crc32.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * GitHub tokens. GitHub, "Behind GitHub's new authentication token formats" (2021): `ghp_` (personal
 * access token, classic), `gho_` (OAuth), `ghu_` (user-to-server), `ghs_` (server-to-server), `ghr_`
 * (refresh), then 30 random base62 characters and a 6-character base62 CRC-32 of them. Fine-grained
 * personal access tokens are `github_pat_`, 22 base62 characters, `_`, and 59 more (no published checksum).
 *
 * A classic token with a valid checksum is certain. One whose checksum fails is a typo, a truncated copy,
 * an edited example or another vendor's look-alike: it is reported only with a GitHub or token word nearby.
 */
export function validateGithubToken(value: string): ValidationResult {
  if (value.startsWith('github_pat_')) {
    return isPlaceholderToken(value.slice(11)) ? 'invalid' : { validation: 'valid', score: 0.95 };
  }
  const body = value.slice(4);
  if (isPlaceholderToken(body)) return 'invalid';
  if (body.length === 36 && base62Crc32Valid(body)) return 'valid';
  return { validation: 'neutral', score: 0.3 };
}

export const githubToken: RecognizerSpec = Object.freeze({
  id: 'github-token',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'GitHub tokens (ghp_/gho_/ghu_/ghs_/ghr_ with CRC-32 checksum, github_pat_ fine-grained)',
  // An underscore preceded by a GitHub prefix at a word start: underscores are found by string search
  // (pivotRegExp), far cheaper than a regular-expression pass for the prefixes themselves.
  anchor: {
    pattern: pivotRegExp('_', /_(?<=(?<![A-Za-z0-9_])(?:gh[pousr]|github)_)/, 'g', {
      // "gh?_" or "github_": an "h" or a "u" two characters back.
      guard: (t, i) => t.charCodeAt(i - 2) === 104 || t.charCodeAt(i - 2) === 117,
    }),
    before: 12,
    after: 100,
  },
  patterns: [
    {
      name: 'classic',
      regex: /gh[pousr]_(?<![A-Za-z0-9_]gh[pousr]_)[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
      score: 0.3,
    },
    {
      name: 'fine-grained',
      regex: /github_pat_(?<![A-Za-z0-9_]github_pat_)[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g,
      score: 0.95,
    },
  ],
  validate: validateGithubToken,
  context: {
    words: [
      'github',
      'gh',
      'token',
      'pat',
      'personal access token',
      'github_token',
      'gh_token',
      'github_pat',
      'oauth',
      'bearer',
      'authorization',
      'access token',
      'ghp',
    ],
    boost: 0.3,
    floor: 0.6,
  },
});
