/**
 * The gateway's pipeline: the stages every exchange passes through, in order. Request hooks run top to
 * bottom before the request is forwarded; response hooks run top to bottom on what the model returns;
 * completion hooks run when the exchange is over. Adding a stage is one file in `stages/` and one line here.
 *
 *   identify → authorise → rate-limit → injection-guard → input-guard → canary → [forward]
 *     → canary (leak check) → output-guard (scan, restore)
 */
import type { GatewayDeps } from './deps.js';
import type { Stage } from './stage.js';
import { authoriseStage } from './stages/authorise.js';
import { canaryStage } from './stages/canary.js';
import { identifyStage } from './stages/identify.js';
import { injectionGuardStage } from './stages/injection-guard.js';
import { inputGuardStage } from './stages/input-guard.js';
import { outputGuardStage } from './stages/output-guard.js';
import { rateLimitStage } from './stages/rate-limit.js';

export function buildPipeline(deps: GatewayDeps): readonly Stage[] {
  return [
    identifyStage(deps),
    authoriseStage(deps),
    rateLimitStage(deps),
    injectionGuardStage(deps),
    inputGuardStage(deps),
    canaryStage(deps),
    outputGuardStage(deps),
  ];
}
