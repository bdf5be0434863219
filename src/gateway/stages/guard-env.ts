/** What the input and output guards need for one exchange: profile, scanner, vault, keys and scope. */
import type { GatewayDeps } from '../deps.js';
import type { OutputGuardEnv } from '../guards/output-guard.js';
import type { ExchangeContext } from '../stage.js';

export function guardEnv(deps: GatewayDeps, ctx: ExchangeContext): OutputGuardEnv {
  const { profile, scope } = ctx;
  if (profile === undefined || scope === undefined) throw new Error('guard: identify must run first');
  const runtime = deps.runtime;
  return {
    profile,
    scope,
    restore: !ctx.request.declineRestore,
    scanner: profile.detectors === 'all' ? deps.scanners.all() : deps.scanners.patterns,
    vault: runtime?.vault,
    keys: async () => {
      if (runtime === undefined) throw new Error('guard: no key runtime configured');
      return runtime.operatorKeys(scope.tenant, true);
    },
  };
}
