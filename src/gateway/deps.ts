/** Everything the pipeline's stages need, wired once at start-up (`src/server/`). */
import type { Logger } from 'pino';
import type { InjectionDetector } from '../detect/injection/types.js';
import type { Scanner } from '../detect/scanner.js';
import type { VaultRuntime } from '../vault/runtime.js';
import type { ApiKeyVerifier } from './access/verify-api-key.js';
import type { RateLimiter } from './limits/limiter.js';
import type { ProfileSource } from './profiles/profile-source.js';
import type { Router } from './providers/types.js';
import type { GatewayMetrics } from '../telemetry/metrics.js';

export interface GatewayDeps {
  readonly verifier: ApiKeyVerifier;
  readonly profiles: ProfileSource;
  readonly limiter: RateLimiter;
  readonly router: Router;
  /** Pattern recognizers only, and (loaded on first use) every recognizer including the entity model. */
  readonly scanners: { readonly patterns: Scanner; all(): Scanner };
  /** The prompt injection and jailbreak detector (its model is loaded on first use). */
  injection(): InjectionDetector;
  /** Token vault and keys; undefined only in tests of stages that need neither. */
  readonly runtime: VaultRuntime | undefined;
  readonly metrics: GatewayMetrics;
  readonly log: Logger;
}
