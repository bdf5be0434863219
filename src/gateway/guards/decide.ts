/**
 * The decision shared by the input and output guards: scan a text, keep the findings whose score reaches
 * their entity's threshold, and say what the profile does with each. What leaves this module never holds
 * the matched values: only entity types, detector ids, actions and spans.
 */
import type { Scanner } from '../../detect/scanner.js';
import type { Finding } from '../../detect/types.js';
import { VeilgateError } from '../../errors.js';
import { operatorNeedsKey, type OperatorSpec, type ProtectionKeys } from '../../protect/protect.js';
import type { TokenVault, VaultScope } from '../../vault/vault.js';
import type { DirectionRules, GuardAction, GuardrailProfile } from '../profiles/profile.js';

export type Direction = 'input' | 'output';

/** One finding as guards report it to metrics, logs and (later) the audit log: no value. */
export interface GuardFinding {
  readonly direction: Direction;
  readonly entity: string;
  readonly detector: string;
  /** `allow`, `block`, or the protection operator applied. */
  readonly action: string;
}

export interface Decision {
  /** Every finding that reached its threshold, with its report (allowed ones too). */
  readonly entries: readonly { readonly finding: Finding; readonly report: GuardFinding }[];
  /** Findings to protect (sorted, non-overlapping) with their operators. */
  readonly protect: readonly { readonly finding: Finding; readonly operator: OperatorSpec }[];
  readonly blocked: readonly Finding[];
  readonly report: readonly GuardFinding[];
}

export function actionName(action: GuardAction): string {
  return typeof action === 'string' ? action : action.type;
}

export function decide(
  scanner: Scanner,
  rules: DirectionRules,
  direction: Direction,
  text: string,
): Decision {
  const protect: { finding: Finding; operator: OperatorSpec }[] = [];
  const blocked: Finding[] = [];
  const report: GuardFinding[] = [];
  const entries: { finding: Finding; report: GuardFinding }[] = [];
  if (text.length === 0) return { entries, protect, blocked, report };
  for (const finding of scanner.scan(text, { threshold: rules.minThreshold })) {
    const rule = rules.ruleFor(finding.entity);
    if (finding.score < rule.threshold) continue;
    const r = {
      direction,
      entity: finding.entity,
      detector: finding.detector,
      action: actionName(rule.action),
    };
    report.push(r);
    entries.push({ finding, report: r });
    if (rule.action === 'allow') continue;
    if (rule.action === 'block') blocked.push(finding);
    else protect.push({ finding, operator: rule.action });
  }
  return { entries, protect, blocked, report };
}

/** The refusal of a guard: entity types and detectors, never values. */
export function blockedError(
  direction: Direction,
  blocked: readonly Finding[],
  profile: string,
): VeilgateError {
  const types = [...new Set(blocked.map((f) => f.entity))].sort();
  const what = direction === 'input' ? 'the request' : 'the response';
  return new VeilgateError(
    'VG_GATEWAY_BLOCKED',
    `${what} was blocked by guardrail profile '${profile}': it contains ${types.join(', ')}`,
  );
}

/** The operator of an entity type whose action protects (only called for findings `decide` kept). */
export function operatorOf(rules: DirectionRules): (entity: string) => OperatorSpec {
  return (entity) => {
    const action = rules.ruleFor(entity).action;
    return typeof action === 'object' ? action : { type: 'redact' };
  };
}

/** Whether a decision needs the tenant's operator keys. */
export function needsKeys(decisions: readonly Decision[]): boolean {
  return decisions.some((d) => d.protect.some((p) => operatorNeedsKey(p.operator)));
}

export type KeysLoader = () => Promise<ProtectionKeys>;

/** What a guard needs for one exchange: the profile, the scanner it selects, the vault, keys and scope. */
export interface GuardEnv {
  readonly profile: GuardrailProfile;
  readonly scanner: Scanner;
  readonly vault: TokenVault | undefined;
  readonly keys: KeysLoader;
  readonly scope: VaultScope;
}
