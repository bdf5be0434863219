/**
 * identify: the API key becomes a principal, and the principal's guardrail profile and vault scope are
 * set. Missing, unknown, expired and revoked keys all get the same 401, so a caller learns nothing about
 * which keys exist. A key bound to a profile that no longer exists is refused (503) rather than guarded by
 * a weaker profile.
 */
import type { GatewayDeps } from '../deps.js';
import { Refusal } from '../refusal.js';
import type { Stage } from '../stage.js';

const SCOPE_HINT = /^[A-Za-z0-9._:-]{1,64}$/;

export function identifyStage(deps: GatewayDeps): Stage {
  return {
    name: 'identify',
    failOpen: false,
    async onRequest(ctx) {
      const principal = await deps.verifier.verify(ctx.request.apiKey);
      if (principal === null) {
        throw new Refusal(
          'VG_GATEWAY_UNAUTHORIZED',
          'invalid API key: send a valid Veilgate key as "Authorization: Bearer <key>" or "x-api-key"',
          401,
        );
      }
      ctx.principal = principal;
      const profile = deps.profiles.current().profileFor(principal.profile, principal.tenant);
      if (profile === undefined) {
        throw new Refusal(
          'VG_GATEWAY_GUARD_FAILED',
          `the guardrail profile '${principal.profile}' of this key is not defined; the request is refused`,
          503,
        );
      }
      ctx.profile = profile;
      const hint = ctx.request.scopeHint;
      if (hint !== undefined && !SCOPE_HINT.test(hint)) {
        throw new Refusal(
          'VG_GATEWAY_BAD_REQUEST',
          'x-veilgate-scope: expected 1-64 characters of letters, digits, . _ : -',
          400,
        );
      }
      // Placeholders are stable per key (and per conversation when the client names one): another key of
      // the same tenant cannot restore them.
      ctx.scope = {
        tenant: principal.tenant,
        scope: hint === undefined ? `key:${principal.keyId}` : `key:${principal.keyId}:${hint}`,
      };
    },
  };
}
