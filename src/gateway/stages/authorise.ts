/**
 * authorise: the key may use the requested model (its allowlist), and the model has a route. Later issues
 * put attribute- and role-based policies here.
 */
import { modelAllowed } from '../access/verify-api-key.js';
import type { GatewayDeps } from '../deps.js';
import { Refusal } from '../refusal.js';
import type { Stage } from '../stage.js';

export function authoriseStage(deps: GatewayDeps): Stage {
  return {
    name: 'authorise',
    failOpen: false,
    async onRequest(ctx) {
      const principal = ctx.principal;
      if (principal === undefined) throw new Error('authorise: no principal (identify must run first)');
      if (!modelAllowed(principal, ctx.model)) {
        throw new Refusal('VG_GATEWAY_FORBIDDEN', `this API key may not use the model '${ctx.model}'`, 403);
      }
      deps.router.resolve(ctx.model); // throws VG_GATEWAY_UNKNOWN_MODEL (404)
    },
  };
}
