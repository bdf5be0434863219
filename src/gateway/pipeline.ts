/**
 * The gateway's pipeline: the stages every exchange passes through, in order. Request hooks run top to
 * bottom before the request is forwarded; response hooks run top to bottom on what the model returns;
 * completion hooks run when the exchange is over. Adding a stage is one file in `stages/` and one line here.
 *
 *   identify → authorise → rate-limit → input-guard → [forward] → output-guard (scan, restore)
 */
import type { GatewayDeps } from './deps.js';
import type { Stage } from './stage.js';
import { authoriseStage } from './stages/authorise.js';
import { identifyStage } from './stages/identify.js';
import { inputGuardStage } from './stages/input-guard.js';
import { outputGuardStage } from './stages/output-guard.js';
import { rateLimitStage } from './stages/rate-limit.js';

export function buildPipeline(deps: GatewayDeps): readonly Stage[] {
  return [
    identifyStage(deps),
    authoriseStage(deps),
    rateLimitStage(deps),
    inputGuardStage(deps),
    outputGuardStage(deps),
  ];
}
