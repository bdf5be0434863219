/**
 * Guardrail profiles: what the gateway's guards do with what they find, per direction and entity type,
 * plus the rate limits of the keys bound to the profile. A profiles file is YAML, validated as an
 * allowlist (unknown keys are errors located to file:line:col):
 *
 *   version: 1
 *   profiles:
 *     clinical:
 *       detectors: all              # patterns (default: checksummed and shaped identifiers) | all (+ names, places, organisations)
 *       threshold: 0.5
 *       failMode: closed            # closed (default): a failing guard refuses the request; open: forwards unguarded
 *       input:
 *         default: tokenize         # allow | block | any protection operator (redact, mask, hash, tokenize, ...)
 *         entities:
 *           US_SSN: block
 *           CREDIT_CARD: { action: mask, keepLast: 4 }
 *           PERSON: { action: tokenize, threshold: 0.7 }
 *       output:
 *         default: redact
 *         entities: { DATE_TIME: allow, PRIVATE_KEY: block }
 *       restore: all                # all | none | [PERSON, EMAIL_ADDRESS]: placeholders restored for this profile's keys
 *       stream: { holdBack: 64, maxHold: 4096 }
 *       limits: { requestsPerMinute: 600, tokensPerMinute: 200000 }
 *       injection:                  # prompt injection and jailbreak detection, per role of the text
 *         user: { action: block, threshold: 0.5 }      # block | alert | log | off
 *         tool: { action: block, threshold: 0.5 }      # tool results and documents (indirect injection)
 *         assistant: { action: log }
 *         system: { action: off }
 *         jailbreak: { action: block, threshold: 0.5 }
 *         conversation: true        # also scan the user turns joined, for attacks split across turns
 *       canary:                     # a fresh secret in each request's system prompt; output containing it is a leak
 *         enabled: true
 *         action: block             # block | alert
 *         systemPromptLeak: { action: alert, minWords: 12 }   # verbatim runs of the system prompt in output
 *   tenants:
 *     acme: { profile: clinical, limits: { requestsPerMinute: 6000 } }
 *
 * A key names its profile; a tenant binding names the profile that the tenant's keys bound to `default`
 * get, and adds tenant-wide limits. The built-in `default` profile exists even without a file (a file may
 * redefine it).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { VeilgateError } from '../../errors.js';
import { parseVersionedYaml } from '../../config/yaml-schema.js';
import { OPERATOR_TYPES, type OperatorSpec } from '../../protect/protect.js';

const ENTITY_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
const PROFILE_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const SCORE = z.number().min(0).max(1);

// `keep` is `allow` here: a guard's first choice is whether to let a value through at all.
const OPERATORS = OPERATOR_TYPES.filter(
  (o): o is Exclude<(typeof OPERATOR_TYPES)[number], 'keep'> => o !== 'keep',
);
const ACTION_NAMES = ['allow', 'block', ...OPERATORS] as const;
const OUTPUT_ACTION_NAMES = ['allow', 'block', 'redact', 'mask', 'hash'] as const;

const threshold = SCORE.optional().describe('Minimum score for this entity (default: the profile threshold)');
const actionObject = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('allow'), threshold }),
  z.strictObject({ action: z.literal('block'), threshold }),
  z.strictObject({ action: z.literal('redact'), threshold }),
  z.strictObject({
    action: z.literal('mask'),
    threshold,
    keepFirst: z.number().int().min(0).max(64).optional(),
    keepLast: z.number().int().min(0).max(64).optional(),
    char: z.string().length(1).optional(),
  }),
  z.strictObject({
    action: z.literal('hash'),
    threshold,
    bytes: z.number().int().min(16).max(32).optional(),
  }),
  z.strictObject({ action: z.literal('encrypt'), threshold }),
  z.strictObject({ action: z.literal('deterministic'), threshold }),
  z.strictObject({
    action: z.literal('fpe'),
    threshold,
    allowSmallDomain: z.boolean().optional(),
    alphabet: z.enum(['digits', 'alphanumeric']).optional(),
  }),
  z.strictObject({
    action: z.literal('synthesize'),
    threshold,
    locale: z
      .string()
      .regex(/^[a-z]{2}(?:[_-][A-Za-z]{2,4})?$/, 'expected a locale such as en or de_AT')
      .optional(),
  }),
  z.strictObject({ action: z.literal('tokenize'), threshold }),
]);
const actionEntry = z.union([z.enum(ACTION_NAMES), actionObject]);
// What a model wrote can be let through, blocked, or made unreadable; nothing is tokenized on the way out.
const outputActionEntry = z.union([
  z.enum(OUTPUT_ACTION_NAMES),
  actionObject.refine(
    (a) => (OUTPUT_ACTION_NAMES as readonly string[]).includes(a.action),
    `expected an output action: ${OUTPUT_ACTION_NAMES.join(', ')}`,
  ),
]);

const direction = (entry: typeof actionEntry | typeof outputActionEntry, defaultAction: string) =>
  z
    .strictObject({
      default: entry.default(defaultAction as never).describe('Action for detected entities not listed'),
      entities: z
        .record(z.string().regex(ENTITY_NAME, 'expected an entity type in UPPER_SNAKE_CASE'), entry)
        .default({})
        .describe('Action per entity type'),
    })
    .prefault({});

const limitsSchema = z
  .strictObject({
    requestsPerMinute: z.number().int().min(1).max(100_000_000).optional(),
    tokensPerMinute: z.number().int().min(1).max(10_000_000_000).optional(),
  })
  .describe('Rate limits; absent means unlimited');

const INJECTION_ACTIONS = ['block', 'alert', 'log', 'off'] as const;
export type InjectionAction = (typeof INJECTION_ACTIONS)[number];

const injectionRole = (action: InjectionAction) =>
  z
    .strictObject({
      action: z.enum(INJECTION_ACTIONS).default(action),
      threshold: SCORE.default(0.5).describe(
        'Score at which the text is flagged (0.5: the trained operating point)',
      ),
    })
    .prefault({});

const injectionSchema = z
  .strictObject({
    user: injectionRole('block').describe("The user's own messages and completion prompts"),
    tool: injectionRole('block').describe('Tool results and documents the model reads (indirect injection)'),
    assistant: injectionRole('log').describe('Earlier assistant turns replayed in the conversation'),
    system: injectionRole('off').describe("The application's own system prompt"),
    jailbreak: injectionRole('block').describe('Persona and rule-bypass jailbreaks in user messages'),
    conversation: z.boolean().default(true).describe('Also scan the user turns joined together'),
  })
  .prefault({});

const canarySchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe("Add a fresh secret canary to each request's system prompt"),
    action: z.enum(['block', 'alert']).default('block'),
    systemPromptLeak: z
      .strictObject({
        action: z.enum(['block', 'alert', 'off']).default('alert'),
        minWords: z.number().int().min(6).max(200).default(12),
      })
      .prefault({})
      .describe('Detect output that repeats a run of at least minWords words of the system prompt'),
  })
  .prefault({});

const profileSchema = z.strictObject({
  description: z.string().max(500).optional(),
  detectors: z
    .enum(['patterns', 'all'])
    .default('patterns')
    .describe('patterns: shaped and checksummed identifiers; all: also names, places, organisations'),
  threshold: SCORE.default(0.5),
  failMode: z.enum(['closed', 'open']).default('closed'),
  input: direction(actionEntry, 'tokenize'),
  output: direction(outputActionEntry, 'redact'),
  restore: z
    .union([z.enum(['all', 'none']), z.array(z.string().regex(ENTITY_NAME))])
    .default('all')
    .describe('Which entity types are restored from placeholders for keys of this profile'),
  stream: z
    .strictObject({
      holdBack: z.number().int().min(0).max(4096).default(64),
      maxHold: z.number().int().min(256).max(1_048_576).default(16_384),
    })
    .prefault({}),
  limits: limitsSchema.prefault({}),
  injection: injectionSchema,
  canary: canarySchema,
});

export const profilesFileSchema = z
  .strictObject({
    version: z.literal(1),
    profiles: z
      .record(
        z.string().regex(PROFILE_NAME, 'expected a profile name of 1-64 characters [A-Za-z0-9._-]'),
        profileSchema,
      )
      .default({}),
    tenants: z
      .record(
        z.string().regex(PROFILE_NAME, 'expected a tenant name of 1-64 characters [A-Za-z0-9._-]'),
        z.strictObject({
          profile: z.string().regex(PROFILE_NAME).optional(),
          limits: limitsSchema.prefault({}),
        }),
      )
      .default({}),
  })
  .describe('Veilgate guardrail profiles');

export type GuardAction = 'allow' | 'block' | OperatorSpec;

export interface EntityRule {
  readonly action: GuardAction;
  readonly threshold: number;
}

export interface DirectionRules {
  /** The rule for an entity type (its own, else the default). */
  ruleFor(entity: string): EntityRule;
  /** The lowest threshold of any rule: the scan threshold. */
  readonly minThreshold: number;
  /** Whether any rule tokenizes. */
  readonly tokenizes: boolean;
}

export interface Limits {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
}

export interface GuardrailProfile {
  readonly name: string;
  /** SHA-256 of the profile's canonical JSON, first 16 hex characters: changes whenever the profile does. */
  readonly version: string;
  readonly detectors: 'patterns' | 'all';
  readonly failMode: 'closed' | 'open';
  readonly input: DirectionRules;
  readonly output: DirectionRules;
  /** Entity types restored from placeholders: all, none, or a set. */
  readonly restore: 'all' | 'none' | ReadonlySet<string>;
  readonly stream: { readonly holdBack: number; readonly maxHold: number };
  readonly limits: Limits;
  readonly injection: InjectionPolicy;
  readonly canary: CanaryPolicy;
}

export interface InjectionRule {
  readonly action: InjectionAction;
  readonly threshold: number;
}

export interface InjectionPolicy {
  readonly user: InjectionRule;
  readonly tool: InjectionRule;
  readonly assistant: InjectionRule;
  readonly system: InjectionRule;
  readonly jailbreak: InjectionRule;
  readonly conversation: boolean;
}

export interface CanaryPolicy {
  readonly enabled: boolean;
  readonly action: 'block' | 'alert';
  readonly systemPromptLeak: { readonly action: 'block' | 'alert' | 'off'; readonly minWords: number };
}

export interface TenantBinding {
  readonly profile?: string;
  readonly limits: Limits;
}

export interface ProfileSet {
  /**
   * The profile for a key: a key bound to `default` in a tenant that names a profile gets the tenant's;
   * otherwise the key's own. Undefined when that profile does not exist (the gateway then refuses the
   * request rather than guard it with a weaker profile).
   */
  profileFor(name: string, tenant: string): GuardrailProfile | undefined;
  has(name: string): boolean;
  tenantLimits(tenant: string): Limits;
  readonly names: readonly string[];
}

type RawProfile = z.output<typeof profileSchema>;
type RawAction = z.output<typeof actionEntry>;

function toAction(entry: RawAction, fallbackThreshold: number): EntityRule {
  if (typeof entry === 'string') {
    const action: GuardAction =
      entry === 'allow' || entry === 'block' ? entry : ({ type: entry } as OperatorSpec);
    return { action, threshold: fallbackThreshold };
  }
  const { action, threshold: t, ...options } = entry;
  const guardAction: GuardAction =
    action === 'allow' || action === 'block' ? action : ({ type: action, ...options } as OperatorSpec);
  return { action: guardAction, threshold: t ?? fallbackThreshold };
}

function compileDirection(raw: RawProfile['input'], profileThreshold: number): DirectionRules {
  const byEntity = new Map(Object.entries(raw.entities).map(([k, v]) => [k, toAction(v, profileThreshold)]));
  const fallback = toAction(raw.default, profileThreshold);
  const rules = [fallback, ...byEntity.values()];
  return {
    ruleFor: (entity) => byEntity.get(entity) ?? fallback,
    minThreshold: Math.min(...rules.map((r) => r.threshold)),
    tokenizes: rules.some((r) => typeof r.action === 'object' && r.action.type === 'tokenize'),
  };
}

function compileProfile(name: string, raw: RawProfile): GuardrailProfile {
  const version = createHash('sha256').update(JSON.stringify(raw)).digest('hex').slice(0, 16);
  return {
    name,
    version,
    detectors: raw.detectors,
    failMode: raw.failMode,
    input: compileDirection(raw.input, raw.threshold),
    output: compileDirection(raw.output, raw.threshold),
    restore: Array.isArray(raw.restore) ? new Set(raw.restore) : raw.restore,
    stream: raw.stream,
    limits: raw.limits,
    injection: raw.injection,
    canary: raw.canary,
  };
}

/**
 * The built-in `default` profile: pattern detectors; everything found in a prompt is tokenized except
 * dates and URLs (which models need to reason and rarely identify anyone alone); anything of those types a
 * model writes on its own is redacted; placeholders are restored for the caller that sent the values.
 */
export const DEFAULT_PROFILE_SOURCE = {
  description:
    'Built-in: tokenize identifiers in prompts, redact identifiers a model writes, restore for the caller',
  input: { default: 'tokenize', entities: { DATE_TIME: 'allow', URL: 'allow' } },
  output: { default: 'redact', entities: { DATE_TIME: 'allow', URL: 'allow' } },
} as const;

function buildProfileSet(raw: z.output<typeof profilesFileSchema>): ProfileSet {
  const profiles = new Map<string, GuardrailProfile>();
  if (!('default' in raw.profiles)) {
    profiles.set('default', compileProfile('default', profileSchema.parse(DEFAULT_PROFILE_SOURCE)));
  }
  for (const [name, p] of Object.entries(raw.profiles)) profiles.set(name, compileProfile(name, p));
  const tenants = new Map(Object.entries(raw.tenants));
  return {
    profileFor(name, tenant) {
      const bound = tenants.get(tenant)?.profile;
      if (name === 'default' && bound !== undefined) return profiles.get(bound);
      return profiles.get(name);
    },
    has: (name) => profiles.has(name),
    tenantLimits: (tenant) => tenants.get(tenant)?.limits ?? {},
    names: [...profiles.keys()],
  };
}

/** The profiles in force when no file is configured. */
export function builtinProfiles(): ProfileSet {
  return buildProfileSet(profilesFileSchema.parse({ version: 1 }));
}

/** Parse and validate a profiles file; `shown` names it in errors. Tenant bindings must name a profile. */
export function parseProfiles(text: string, shown: string): ProfileSet {
  const { data, locator } = parseVersionedYaml(text, shown, 'VG_PROFILE_INVALID', profilesFileSchema);
  const set = buildProfileSet(data);
  for (const [tenant, binding] of Object.entries(data.tenants)) {
    if (binding.profile !== undefined && !set.has(binding.profile)) {
      const where = locator.locate(['tenants', tenant, 'profile']).where;
      throw new VeilgateError(
        'VG_PROFILE_INVALID',
        `${where}: tenants.${tenant}.profile: no profile named '${binding.profile}'`,
      );
    }
  }
  return set;
}

export function profilesJsonSchema(): unknown {
  return z.toJSONSchema(profilesFileSchema, { io: 'input', target: 'draft-2020-12' });
}
