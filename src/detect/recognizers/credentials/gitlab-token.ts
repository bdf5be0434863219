import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { isPlaceholderToken } from '../../validators/secret-values.js';
import { pivotRegExp } from '../../pivot-regexp.js';

/**
 * GitLab tokens, by the prefixes of GitLab's "Token overview" (Token prefixes table): `glpat-` personal,
 * project and group access tokens; `gloas-` OAuth application secrets; `gldt-` deploy tokens; `glrt-`
 * runner authentication tokens; `glcbt-` CI/CD job tokens; `glptt-` pipeline trigger tokens; `glft-` feed
 * tokens; `glimt-` incoming mail tokens; `glagent-` Kubernetes agent tokens; `glsoat-` SCIM tokens;
 * `glffct-` feature-flag client tokens; and `GR1348941` runner registration tokens (deprecated). The random
 * part is at least 20 characters of `[A-Za-z0-9_-]`; newer routable tokens append `.` and base36 segments.
 * No checksum is published, so placeholders are rejected by shape.
 */
export function validateGitlabToken(value: string): ValidationResult {
  const body = value.startsWith('GR1348941') ? value.slice(9) : value.slice(value.indexOf('-') + 1);
  if (isPlaceholderToken(body)) return 'invalid';
  // Random bodies mix classes; a word-like body (`glpat-your-token-goes-here`) does not.
  if (!/[0-9]/.test(body) && !/[A-Z]/.test(body)) return 'invalid';
  return { validation: 'valid', score: 0.95 };
}

export const gitlabToken: RecognizerSpec = Object.freeze({
  id: 'gitlab-token',
  entity: 'API_KEY',
  version: '1.0.0',
  description: 'GitLab tokens by documented prefix (glpat-, gldt-, glrt-, glcbt-, glptt-, GR1348941, ...)',
  patterns: [
    {
      name: 'prefixed',
      // The dash after the prefix, found by string search (pivotRegExp) rather than a regex pass.
      anchor: {
        pattern: pivotRegExp(
          '-',
          /-(?<=(?<![A-Za-z0-9_-])gl(?:pat|oas|dt|rt|rtr|cbt|ptt|ft|imt|agent|soat|ffct)-)/,
          'g',
          // Every prefix ends in "t", "s" or "r".
          { guard: (t, i) => t.charCodeAt(i - 1) >= 114 && t.charCodeAt(i - 1) <= 116 },
        ),
        before: 10,
        after: 90,
      },
      regex:
        /gl(?<![A-Za-z0-9_-]gl)(?:pat|oas|dt|rt|rtr|cbt|ptt|ft|imt|agent|soat|ffct)-[A-Za-z0-9_-]{20,64}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,12})?(?![A-Za-z0-9_-]|\.[0-9a-z])/g,
      score: 0.95,
    },
    {
      name: 'runner-registration',
      // Six characters at most: V8 searches such a literal with memchr on its first character.
      anchor: { pattern: /GR1348/g, before: 2, after: 30 },
      regex: /GR1348941(?<![A-Za-z0-9_-]GR1348941)[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g,
      score: 0.95,
    },
  ],
  validate: validateGitlabToken,
});
