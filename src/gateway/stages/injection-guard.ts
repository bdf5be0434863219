/** injection-guard: prompt injection and jailbreak detection on every text the model will read. */
import type { GatewayDeps } from '../deps.js';
import { guardInjection } from '../guards/injection-guard.js';
import type { Endpoint } from '../providers/types.js';
import type { Stage } from '../stage.js';
import type { RequestBody } from '../wire/validate.js';
import { requestTexts } from '../wire/request-texts.js';

export function injectionGuardStage(deps: GatewayDeps): Stage {
  return {
    name: 'injection-guard',
    failOpen: true,
    onRequest(ctx) {
      const profile = ctx.profile;
      if (profile === undefined) throw new Error('injection guard: identify must run first');
      const slots = requestTexts(ctx.request.endpoint, ctx.body as RequestBody<Endpoint>);
      if (slots.length === 0) return Promise.resolve();
      const outcome = guardInjection(slots, profile.injection, deps.injection());
      ctx.findings.push(...outcome.findings);
      return Promise.resolve();
    },
  };
}
