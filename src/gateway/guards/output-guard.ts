/**
 * The output guard: what a model writes is scanned for sensitive data the caller may not receive (the
 * profile's `output` rules: allow, redact, mask, hash or block), then the vault placeholders in it are
 * restored for callers whose profile allows it. The scan runs before the restore: the values a restore
 * brings back are the caller's own, and must not be flagged as leaks.
 *
 * Streams are guarded per channel (one choice's content, one tool call's arguments, ...). Text is released
 * only when no entity can still be growing across the chunk boundary (`hold-back.ts`); each release is
 * scanned with up to `LOOKBACK` characters of already released text as context, and passes through the
 * vault's streaming restorer, which never emits half a placeholder.
 */
import type { Finding } from '../../detect/types.js';
import { operatorNeedsKey, protectText, type ProtectionKeys } from '../../protect/protect.js';
import type { RestoreAccess, StreamRestorer } from '../../vault/vault.js';
import { blockedError, decide, needsKeys, operatorOf, type GuardEnv, type GuardFinding } from './decide.js';
import { heldTailStart } from './hold-back.js';

export interface OutputGuardEnv extends GuardEnv {
  /** False when the caller declined restoration for this request. */
  readonly restore?: boolean;
}

function restoreAccess(env: OutputGuardEnv): RestoreAccess | undefined {
  const { restore } = env.profile;
  if (restore === 'none' || env.restore === false || env.vault === undefined) return undefined;
  return {
    tenant: env.scope.tenant,
    scope: env.scope.scope,
    ...(restore === 'all' ? {} : { entities: restore }),
  };
}

export interface OutputGuardOutcome {
  readonly texts: readonly string[];
  readonly findings: readonly GuardFinding[];
}

/** A whole (non-streamed) response. Throws `VG_GATEWAY_BLOCKED` when a finding's action is block. */
export async function guardOutputTexts(
  texts: readonly string[],
  env: OutputGuardEnv,
): Promise<OutputGuardOutcome> {
  const { profile, scanner } = env;
  const decisions = texts.map((t) => decide(scanner, profile.output, 'output', t));
  const blocked = decisions.flatMap((d) => d.blocked);
  if (blocked.length > 0) throw blockedError('output', blocked, profile.name);
  const keys: ProtectionKeys = needsKeys(decisions) ? await env.keys() : {};
  const access = restoreAccess(env);
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    const d = decisions[i] as (typeof decisions)[number];
    let text = texts[i] as string;
    if (d.protect.length > 0) {
      text = protectText(
        text,
        d.protect.map((p) => p.finding),
        operatorOf(profile.output),
        keys,
      ).text;
    }
    if (access !== undefined && env.vault !== undefined) {
      text = (await env.vault.restore(text, access)).text;
    }
    out.push(text);
  }
  return { texts: out, findings: decisions.flatMap((d) => d.report) };
}

/** Already released text kept as context for the next scan (context words before a value). */
const LOOKBACK = 128;

interface Channel {
  pending: string;
  lookback: string;
  restorer: StreamRestorer | undefined;
}

export interface OutputStreamGuard {
  /** Text of `channel` that may be sent now (possibly empty). Throws `VG_GATEWAY_BLOCKED`. */
  push(channel: string, text: string): Promise<string>;
  /** The rest of `channel`, guarded; the channel is then closed. */
  end(channel: string): Promise<string>;
  /** Channels with text still held. */
  openChannels(): string[];
  readonly findings: readonly GuardFinding[];
}

export function createOutputStreamGuard(env: OutputGuardEnv): OutputStreamGuard {
  const { profile, scanner } = env;
  const channels = new Map<string, Channel>();
  const findings: GuardFinding[] = [];
  const access = restoreAccess(env);
  const holdOptions = { holdBack: profile.stream.holdBack, names: profile.detectors === 'all' };
  let keys: ProtectionKeys | undefined;

  const channelOf = (name: string): Channel => {
    let ch = channels.get(name);
    if (ch === undefined) {
      ch = {
        pending: '',
        lookback: '',
        restorer: access !== undefined ? env.vault?.createStreamRestorer(access) : undefined,
      };
      channels.set(name, ch);
    }
    return ch;
  };

  /** Release `pending` up to at most `limit` characters, scanned and protected. */
  async function release(ch: Channel, final: boolean): Promise<string> {
    const { pending, lookback } = ch;
    if (pending.length === 0) return '';
    let cut = final ? pending.length : heldTailStart(pending, holdOptions);
    if (!final && pending.length - cut > profile.stream.maxHold)
      cut = pending.length - profile.stream.holdBack;
    if (cut <= 0) return '';
    const window = lookback + pending;
    const offset = lookback.length;
    const decision = decide(scanner, profile.output, 'output', window);
    // A finding that reaches the end of the unreleased text may still grow ("x@example.co" + "m"): hold it
    // whole. One that began in released text is protected from the boundary on (its start is gone already).
    const relevant: { finding: Finding; action: 'block' | 'protect' }[] = [];
    for (const f of decision.blocked) relevant.push({ finding: f, action: 'block' });
    for (const p of decision.protect) relevant.push({ finding: p.finding, action: 'protect' });
    for (const { finding: f } of relevant) {
      if (f.end <= offset) continue;
      const start = f.start - offset;
      const end = f.end - offset;
      if (!final && end >= pending.length && start >= 0) cut = Math.min(cut, start);
      else if (start < cut && end > cut) cut = start >= 0 ? start : end;
    }
    if (cut <= 0) return '';
    const inRelease = relevant
      .filter(({ finding: f }) => f.end > offset && f.start - offset < cut)
      .map(({ finding: f, action }) => ({
        action,
        finding: { ...f, start: Math.max(f.start - offset, 0), end: Math.min(f.end - offset, cut) },
      }))
      .sort((a, b) => a.finding.start - b.finding.start);
    const blocked = inRelease.filter((r) => r.action === 'block').map((r) => r.finding);
    // Count each finding once: in the release that holds its start.
    for (const e of decision.entries) {
      const start = e.finding.start - offset;
      if (start >= 0 && start < cut) findings.push(e.report);
    }
    if (blocked.length > 0) throw blockedError('output', blocked, profile.name);
    const toProtect = inRelease.filter((r) => r.action === 'protect').map((r) => r.finding);
    let released = pending.slice(0, cut);
    if (toProtect.length > 0) {
      const operator = operatorOf(profile.output);
      if (toProtect.some((f) => operatorNeedsKey(operator(f.entity)))) keys ??= await env.keys();
      released = protectText(released, toProtect, operator, keys ?? {}).text;
    }
    ch.lookback = (lookback + pending.slice(0, cut)).slice(-LOOKBACK);
    ch.pending = pending.slice(cut);
    return released;
  }

  return {
    findings,
    async push(channel, text) {
      const ch = channelOf(channel);
      ch.pending += text;
      const released = await release(ch, false);
      if (ch.restorer === undefined || released === '') return released;
      return ch.restorer.push(released);
    },
    async end(channel) {
      const ch = channels.get(channel);
      if (ch === undefined) return '';
      channels.delete(channel);
      const released = await release(ch, true);
      if (ch.restorer === undefined) return released;
      return (await ch.restorer.push(released)) + (await ch.restorer.end());
    },
    openChannels: () => [...channels.keys()],
  };
}
