/**
 * output-guard: responses are scanned for data the caller may not receive and placeholders are restored
 * for callers allowed to see the originals; streams are guarded per channel with a hold-back window.
 */
import type { GatewayDeps } from '../deps.js';
import { createOutputStreamGuard, guardOutputTexts } from '../guards/output-guard.js';
import type { Stage } from '../stage.js';
import { guardEnv } from './guard-env.js';

export function outputGuardStage(deps: GatewayDeps): Stage {
  return {
    name: 'output-guard',
    failOpen: true,
    async onResponseTexts(ctx, texts) {
      const outcome = await guardOutputTexts(texts, guardEnv(deps, ctx));
      ctx.findings.push(...outcome.findings);
      return outcome.texts;
    },
    onStream(ctx) {
      const guard = createOutputStreamGuard(guardEnv(deps, ctx));
      let reported = 0;
      const collect = () => {
        ctx.findings.push(...guard.findings.slice(reported));
        reported = guard.findings.length;
      };
      return {
        async push(channel, text) {
          try {
            return await guard.push(channel, text);
          } finally {
            collect();
          }
        },
        async end(channel) {
          try {
            return await guard.end(channel);
          } finally {
            collect();
          }
        },
      };
    },
  };
}
