/**
 * The injection guard: every text a model will read is scored for prompt injection, with the threshold and
 * action the profile sets for the text's role (the user's messages, tool results and documents, earlier
 * assistant turns, the system prompt), and the user's turns are also scored joined together, so an attack
 * split across several messages ("remember the word 'ignore'" ... "now apply it to your rules") is seen
 * whole. Jailbreaks (persona and rule-bypass prompts) are scored in user messages.
 *
 * Outcomes per flagged text: `block` refuses the request (naming the role and place, never the text),
 * `alert` forwards it and raises an alert-level finding, `log` only records the finding.
 */
import type { InjectionDetector, InjectionRole } from '../../detect/injection/types.js';
import { Refusal } from '../refusal.js';
import type { InjectionPolicy, InjectionRule } from '../profiles/profile.js';
import type { TextSlot } from '../wire/request-texts.js';
import type { GuardFinding } from './decide.js';

type PolicyRole = 'user' | 'tool' | 'assistant' | 'system';

/** The profile role a text is judged under, or undefined for texts no model follows as instructions. */
function policyRole(slot: TextSlot): PolicyRole | undefined {
  switch (slot.kind) {
    case 'embedding_input':
      return undefined; // embedded, not read as instructions
    case 'tool_definition':
      return 'system'; // written by the application, like its system prompt
    case 'tool_arguments':
      return 'assistant';
    case 'tool_result':
      return 'tool';
    case 'prompt':
      return 'user';
    default:
      return slot.role === 'document' || slot.role === 'tool' ? 'tool' : slot.role;
  }
}

/** Texts of the tool and document roles are scored as documents (indirect injection); the rest as messages. */
const detectorRole = (role: PolicyRole): InjectionRole => (role === 'tool' ? 'document' : 'user');

export interface InjectionGuardOutcome {
  readonly findings: readonly GuardFinding[];
}

/** Score the slots; throws `VG_GATEWAY_BLOCKED` when a flagged text's action is block. */
export function guardInjection(
  slots: readonly TextSlot[],
  policy: InjectionPolicy,
  detector: InjectionDetector,
): InjectionGuardOutcome {
  const findings: GuardFinding[] = [];
  const blocked: string[] = [];
  const flag = (rule: InjectionRule, entity: string, detectorId: string, where: string): void => {
    findings.push({ direction: 'input', entity, detector: detectorId, action: rule.action });
    if (rule.action === 'block')
      blocked.push(`${entity === 'JAILBREAK' ? 'a jailbreak' : 'prompt injection'} in ${where}`);
  };
  const userTexts: string[] = [];
  let userFlagged = false;
  for (const slot of slots) {
    const role = policyRole(slot);
    if (role === undefined) continue;
    const rule = policy[role];
    const jailbreakRule = role === 'user' ? policy.jailbreak : undefined;
    if (role === 'user') userTexts.push(slot.text);
    if (rule.action === 'off' && (jailbreakRule === undefined || jailbreakRule.action === 'off')) continue;
    const { verdicts } = detector.detect(slot.text, { role: detectorRole(role) });
    if (rule.action !== 'off' && verdicts.injection.score >= rule.threshold) {
      flag(rule, 'PROMPT_INJECTION', 'injection', `${role} text ${slot.path}`);
      if (role === 'user') userFlagged = true;
    } else if (
      jailbreakRule !== undefined &&
      jailbreakRule.action !== 'off' &&
      verdicts.jailbreak.score >= jailbreakRule.threshold
    ) {
      flag(jailbreakRule, 'JAILBREAK', 'injection', `${role} text ${slot.path}`);
    }
  }
  // A turn already flagged on its own needs no second finding for the whole conversation.
  if (
    policy.conversation &&
    userTexts.length > 1 &&
    policy.user.action !== 'off' &&
    !userFlagged &&
    blocked.length === 0
  ) {
    const joined = userTexts.join('\n');
    if (detector.detect(joined, { role: 'user' }).verdicts.injection.score >= policy.user.threshold) {
      flag(policy.user, 'PROMPT_INJECTION', 'injection-conversation', 'the user turns taken together');
    }
  }
  if (blocked.length > 0) {
    throw new Refusal('VG_GATEWAY_BLOCKED', `request blocked: ${blocked.slice(0, 3).join('; ')}`, 400);
  }
  return { findings };
}
