/**
 * Protection policies: which operator protects which entity type. A policy is a small YAML file,
 * validated as an allowlist (unknown keys and operators are errors, located to file:line:col):
 *
 *   version: 1
 *   default: redact            # detected entities not listed below; `keep` leaves them as they are
 *   threshold: 0.5             # minimum detection score (optional)
 *   entities:
 *     PERSON: tokenize
 *     EMAIL_ADDRESS: hash
 *     CREDIT_CARD: { operator: mask, keepLast: 4 }
 *     US_SSN: { operator: fpe }
 *     PHONE_NUMBER: { operator: synthesize, locale: de }
 *
 * The default is `redact`, so an entity nobody thought of is still protected (fail closed).
 */
import { z } from 'zod';
import { parseVersionedYaml } from '../config/yaml-schema.js';
import { OPERATOR_TYPES, type OperatorSpec } from '../protect/protect.js';

const ENTITY_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

const operatorObject = z.discriminatedUnion('operator', [
  z.strictObject({ operator: z.literal('keep') }),
  z.strictObject({ operator: z.literal('redact') }),
  z.strictObject({
    operator: z.literal('mask'),
    keepFirst: z.number().int().min(0).max(64).optional().describe('Characters shown at the start'),
    keepLast: z.number().int().min(0).max(64).optional().describe('Characters shown at the end'),
    char: z.string().length(1).optional().describe('Masking character (default *)'),
  }),
  z.strictObject({
    operator: z.literal('hash'),
    bytes: z.number().int().min(16).max(32).optional().describe('HMAC output bytes shown (default 16)'),
  }),
  z.strictObject({ operator: z.literal('encrypt') }),
  z.strictObject({ operator: z.literal('deterministic') }),
  z.strictObject({
    operator: z.literal('fpe'),
    allowSmallDomain: z
      .boolean()
      .optional()
      .describe('Allow domains below 10^6 values, which SP 800-38G Rev. 1 (draft) forbids'),
    alphabet: z
      .enum(['digits', 'alphanumeric'])
      .optional()
      .describe('digits (default): only digits change; alphanumeric: letters and digits, upper-case out'),
  }),
  z.strictObject({
    operator: z.literal('synthesize'),
    locale: z
      .string()
      .regex(/^[a-z]{2}(?:[_-][A-Za-z]{2,4})?$/, 'expected a locale such as en or de_AT')
      .optional(),
  }),
  z.strictObject({ operator: z.literal('tokenize') }),
]);

const operatorEntry = z.union([z.enum(OPERATOR_TYPES), operatorObject]);

export const protectionPolicySchema = z
  .strictObject({
    version: z.literal(1).describe('Policy format version'),
    default: operatorEntry.default('redact').describe('Operator for detected entities not listed'),
    threshold: z.number().min(0).max(1).optional().describe('Minimum detection score'),
    entities: z
      .record(z.string().regex(ENTITY_NAME, 'expected an entity type in UPPER_SNAKE_CASE'), operatorEntry)
      .default({})
      .describe('Operator per entity type'),
  })
  .describe('Veilgate protection policy');

type OperatorEntry = z.infer<typeof operatorEntry>;

function toSpec(entry: OperatorEntry): OperatorSpec {
  if (typeof entry === 'string') return { type: entry } as OperatorSpec;
  const { operator, ...options } = entry;
  return { type: operator, ...options } as OperatorSpec;
}

export interface ProtectionPolicy {
  readonly threshold: number | undefined;
  /** Entity types named in the policy (the detection scope when `default` is `keep`). */
  readonly entities: readonly string[];
  readonly defaultOperator: OperatorSpec;
  operatorFor(entity: string): OperatorSpec;
  /** Whether any entity may be tokenized (then a token vault is needed). */
  readonly usesVault: boolean;
}

export function compileProtectionPolicy(value: z.infer<typeof protectionPolicySchema>): ProtectionPolicy {
  const byEntity = new Map(Object.entries(value.entities).map(([k, v]) => [k, toSpec(v)]));
  const defaultOperator = toSpec(value.default);
  const all = [defaultOperator, ...byEntity.values()];
  return {
    threshold: value.threshold,
    entities: [...byEntity.keys()],
    defaultOperator,
    operatorFor: (entity) => byEntity.get(entity) ?? defaultOperator,
    usesVault: all.some((s) => s.type === 'tokenize'),
  };
}

/** Parse and validate a policy from YAML text; `shown` names it in errors (a file path). */
export function parseProtectionPolicy(text: string, shown: string): ProtectionPolicy {
  const { data } = parseVersionedYaml(text, shown, 'VG_POLICY_INVALID', protectionPolicySchema);
  return compileProtectionPolicy(data);
}

export function protectionPolicyJsonSchema(): unknown {
  return z.toJSONSchema(protectionPolicySchema, { io: 'input', target: 'draft-2020-12' });
}
