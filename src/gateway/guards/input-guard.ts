/**
 * The input guard: every text a model would read is scanned, and the profile decides per entity type to
 * allow it, block the request, or protect the value (redact, mask, hash, tokenize through the vault, ...).
 * All values to tokenize in one request go to the vault in one call, so the same value gets the same
 * placeholder in every message of the conversation.
 */
import { VeilgateError } from '../../errors.js';
import { protectText, type ProtectionKeys } from '../../protect/protect.js';
import { blockedError, decide, needsKeys, operatorOf, type GuardEnv, type GuardFinding } from './decide.js';

export type InputGuardEnv = GuardEnv;

export interface InputGuardOutcome {
  /** The texts as the model will read them (same order as given). */
  readonly texts: readonly string[];
  readonly findings: readonly GuardFinding[];
  readonly changed: boolean;
}

/** Throws `VG_GATEWAY_BLOCKED` when a finding's action is block. */
export async function guardInputTexts(
  texts: readonly string[],
  env: InputGuardEnv,
): Promise<InputGuardOutcome> {
  const { profile, scanner } = env;
  const decisions = texts.map((t) => decide(scanner, profile.input, 'input', t));
  const findings = decisions.flatMap((d) => d.report);
  const blocked = decisions.flatMap((d) => d.blocked);
  if (blocked.length > 0) throw blockedError('input', blocked, profile.name);
  if (decisions.every((d) => d.protect.length === 0)) return { texts, findings, changed: false };

  const toTokenize = decisions.flatMap((d, i) =>
    d.protect
      .filter((p) => p.operator.type === 'tokenize')
      .map((p) => ({
        entity: p.finding.entity,
        value: (texts[i] as string).slice(p.finding.start, p.finding.end),
      })),
  );
  let placeholders: readonly string[] = [];
  if (toTokenize.length > 0) {
    if (env.vault === undefined) {
      throw new VeilgateError('VG_GATEWAY_GUARD_FAILED', 'tokenize: no token vault is configured');
    }
    placeholders = await env.vault.tokenize(env.scope, toTokenize);
  }
  const keys: ProtectionKeys = needsKeys(decisions) ? await env.keys() : {};
  let next = 0;
  const out = decisions.map((d, i) => {
    const text = texts[i] as string;
    if (d.protect.length === 0) return text;
    return protectText(
      text,
      d.protect.map((p) => p.finding),
      operatorOf(profile.input),
      keys,
      {
        tokenize: () => placeholders[next++] as string,
      },
    ).text;
  });
  return { texts: out, findings, changed: true };
}
