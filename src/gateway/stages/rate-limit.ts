/**
 * rate-limit: requests per minute and tokens per minute, per key (from the key's profile) and per tenant
 * (from the tenant binding), checked all at once: a refused request charges nothing. Prompt tokens are
 * estimated and charged before forwarding; the completion's tokens are debited when the exchange ends
 * (from the upstream's usage report, else estimated), so a key that just received a long answer waits
 * for its next request.
 */
import type { GatewayDeps } from '../deps.js';
import type { LimitCheck } from '../limits/limiter.js';
import type { Limits } from '../profiles/profile.js';
import { Refusal } from '../refusal.js';
import type { ExchangeContext, Stage } from '../stage.js';

function checksFor(
  prefix: string,
  limits: Limits,
  tokens: number,
): { requests: LimitCheck[]; tokens: LimitCheck[] } {
  const requests: LimitCheck[] = [];
  const tokenChecks: LimitCheck[] = [];
  if (limits.requestsPerMinute !== undefined) {
    requests.push({ key: `${prefix}:rpm`, rule: { perMinute: limits.requestsPerMinute }, cost: 1 });
  }
  if (limits.tokensPerMinute !== undefined) {
    tokenChecks.push({ key: `${prefix}:tpm`, rule: { perMinute: limits.tokensPerMinute }, cost: tokens });
  }
  return { requests, tokens: tokenChecks };
}

function tokenChecks(deps: GatewayDeps, ctx: ExchangeContext, cost: number): LimitCheck[] {
  const p = ctx.principal;
  if (p === undefined || ctx.profile === undefined) return [];
  return [
    ...checksFor(`key:${p.keyId}`, ctx.profile.limits, cost).tokens,
    ...checksFor(`tenant:${p.tenant}`, deps.profiles.current().tenantLimits(p.tenant), cost).tokens,
  ];
}

export function rateLimitStage(deps: GatewayDeps): Stage {
  return {
    name: 'rate-limit',
    failOpen: false,
    async onRequest(ctx) {
      const p = ctx.principal;
      if (p === undefined || ctx.profile === undefined)
        throw new Error('rate-limit: identify must run first');
      const cost = Math.max(1, ctx.tokensCharged);
      const key = checksFor(`key:${p.keyId}`, ctx.profile.limits, cost);
      const tenant = checksFor(`tenant:${p.tenant}`, deps.profiles.current().tenantLimits(p.tenant), cost);
      const checks = [...key.requests, ...key.tokens, ...tenant.requests, ...tenant.tokens];
      if (checks.length === 0) return;
      const outcome = await deps.limiter.consume(checks);
      if (outcome.allowed) return;
      const scope = outcome.key.startsWith('tenant:') ? 'tenant' : 'key';
      const kind = outcome.key.endsWith(':tpm') ? 'tokens' : 'requests';
      deps.metrics.rateLimited.inc({ scope, kind });
      if (outcome.retryAfterMs < 0) {
        throw new Refusal(
          'VG_GATEWAY_RATE_LIMITED',
          `this request (about ${cost} tokens) is larger than the ${scope}'s tokens-per-minute limit allows at once`,
          429,
        );
      }
      const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
      throw new Refusal(
        'VG_GATEWAY_RATE_LIMITED',
        `${kind}-per-minute limit of this ${scope} reached; retry after ${seconds} s`,
        429,
        { 'retry-after': String(seconds) },
      );
    },
    async onComplete(ctx) {
      const completion = ctx.usage?.completionTokens ?? 0;
      if (completion <= 0) return;
      const checks = tokenChecks(deps, ctx, completion);
      if (checks.length > 0) await deps.limiter.debit(checks);
    },
  };
}
