/**
 * canary: adds a fresh secret to each request's system prompt and refuses (or redacts and alerts on)
 * output that contains it in any form; also watches output for verbatim runs of the system prompt.
 * Runs before the output guard, on what the model wrote.
 */
import type { GatewayDeps } from '../deps.js';
import {
  canaryInstruction,
  canaryMatcher,
  newCanary,
  promptLeakIndex,
  type CanaryMatcher,
  type PromptLeakIndex,
} from '../guards/canary.js';
import type { GuardFinding } from '../guards/decide.js';
import type { CanaryPolicy } from '../profiles/profile.js';
import type { Endpoint } from '../providers/types.js';
import { Refusal } from '../refusal.js';
import type { ExchangeContext, Stage } from '../stage.js';
import { requestTexts } from '../wire/request-texts.js';
import { appendToSystemPrompt } from '../wire/system-prompt.js';
import type { RequestBody } from '../wire/validate.js';

interface Watch {
  readonly policy: CanaryPolicy;
  readonly canary?: CanaryMatcher;
  readonly leak?: PromptLeakIndex;
}

const CANARY_FINDING: Omit<GuardFinding, 'action'> = {
  direction: 'output',
  entity: 'CANARY_LEAK',
  detector: 'canary',
};
const LEAK_FINDING: Omit<GuardFinding, 'action'> = {
  direction: 'output',
  entity: 'SYSTEM_PROMPT_LEAK',
  detector: 'canary',
};

const blocked = (what: string): Refusal =>
  new Refusal('VG_GATEWAY_BLOCKED', `response blocked: the model revealed ${what}`, 400);

export function canaryStage(_deps: GatewayDeps): Stage {
  const watches = new WeakMap<ExchangeContext, Watch>();

  /** Record a canary or leak finding; throws when its action is block. */
  const report = (ctx: ExchangeContext, kind: 'canary' | 'leak', action: 'block' | 'alert'): void => {
    ctx.findings.push({ ...(kind === 'canary' ? CANARY_FINDING : LEAK_FINDING), action });
    if (action === 'block')
      throw blocked(kind === 'canary' ? 'its system prompt canary' : 'its system prompt');
  };

  return {
    name: 'canary',
    failOpen: true,
    onRequest(ctx) {
      const policy = ctx.profile?.canary;
      if (policy === undefined) throw new Error('canary: identify must run first');
      const endpoint = ctx.request.endpoint;
      if (endpoint !== 'chat' && endpoint !== 'messages') return Promise.resolve();
      let leak: PromptLeakIndex | undefined;
      if (policy.systemPromptLeak.action !== 'off') {
        const system = requestTexts(endpoint, ctx.body as RequestBody<Endpoint>).filter(
          (s) => s.role === 'system',
        );
        leak = promptLeakIndex(
          system.map((s) => s.text),
          policy.systemPromptLeak.minWords,
        );
      }
      let canary: CanaryMatcher | undefined;
      if (policy.enabled) {
        const secret = newCanary();
        const body = appendToSystemPrompt(
          endpoint,
          ctx.body as RequestBody<Endpoint>,
          canaryInstruction(secret),
        );
        if (body !== undefined) {
          ctx.body = body;
          canary = canaryMatcher(secret);
        }
      }
      if (canary !== undefined || leak !== undefined) watches.set(ctx, { policy, canary, leak });
      return Promise.resolve();
    },
    onResponseTexts(ctx, texts) {
      const w = watches.get(ctx);
      if (w === undefined) return Promise.resolve(texts);
      let out = texts;
      const { canary, leak } = w;
      if (canary !== undefined && texts.some((t) => canary.contains(t))) {
        report(ctx, 'canary', w.policy.action);
        out = texts.map((t) => canary.redact(t));
      }
      const leakAction = w.policy.systemPromptLeak.action;
      if (leak !== undefined && leakAction !== 'off' && out.some((t) => leak.leaks(t))) {
        report(ctx, 'leak', leakAction);
      }
      return Promise.resolve(out);
    },
    onStream(ctx) {
      const w = watches.get(ctx);
      if (w === undefined)
        return { push: (_c, text) => Promise.resolve(text), end: () => Promise.resolve('') };
      const held = new Map<string, string>();
      const seen = new Map<string, string>();
      const trackers = new Map<string, ReturnType<PromptLeakIndex['tracker']>>();
      let canaryReported = false;
      let leakReported = false;
      const leakAction = w.policy.systemPromptLeak.action;
      const check = (channel: string, text: string, final: boolean): string => {
        let release = (held.get(channel) ?? '') + text;
        if (w.leak !== undefined && leakAction !== 'off' && !leakReported) {
          let t = trackers.get(channel);
          if (t === undefined) trackers.set(channel, (t = w.leak.tracker()));
          if (t.push(text) || (final && t.end())) {
            leakReported = true;
            report(ctx, 'leak', leakAction);
          }
        }
        if (w.canary === undefined) return release;
        // the text seen so far on this channel (bounded), so forms spelled out across chunks are found
        const window = ((seen.get(channel) ?? '') + text).slice(-4096);
        seen.set(channel, window);
        if (w.canary.contains(window) || w.canary.contains(release)) {
          if (!canaryReported) {
            canaryReported = true;
            report(ctx, 'canary', w.policy.action);
          }
          release = w.canary.redact(release);
        }
        const keep = final ? 0 : w.canary.pendingSuffix(release);
        held.set(channel, release.slice(release.length - keep));
        return release.slice(0, release.length - keep);
      };
      return {
        push: (channel, text) => Promise.resolve(check(channel, text, false)),
        end: (channel) => Promise.resolve(check(channel, '', true)),
      };
    },
  };
}
