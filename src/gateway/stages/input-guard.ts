/** input-guard: every text the model would read is scanned and protected as the profile says. */
import type { GatewayDeps } from '../deps.js';
import { guardInputTexts } from '../guards/input-guard.js';
import type { Endpoint } from '../providers/types.js';
import type { Stage } from '../stage.js';
import type { RequestBody } from '../wire/validate.js';
import { requestTexts, rewriteRequestTexts } from '../wire/request-texts.js';
import { guardEnv } from './guard-env.js';

export function inputGuardStage(deps: GatewayDeps): Stage {
  return {
    name: 'input-guard',
    failOpen: true,
    async onRequest(ctx) {
      const slots = requestTexts(ctx.request.endpoint, ctx.body as RequestBody<Endpoint>);
      if (slots.length === 0) return;
      const outcome = await guardInputTexts(
        slots.map((s) => s.text),
        guardEnv(deps, ctx),
      );
      ctx.findings.push(...outcome.findings);
      if (outcome.changed)
        ctx.body = rewriteRequestTexts(
          ctx.request.endpoint,
          ctx.body as RequestBody<Endpoint>,
          outcome.texts,
        );
    },
  };
}
