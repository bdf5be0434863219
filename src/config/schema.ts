/**
 * The configuration schema: one YAML file, validated as an allowlist (unknown keys are errors).
 * Later features add their sections here; `veilgate config schema` prints it as JSON Schema for editors.
 */
import { z } from 'zod';
import { NAMED_VALIDATOR_NAMES } from '../detect/validators/named.js';
import { upstreamConfigShape } from '../gateway/providers/config.js';
import { durationMs } from './duration.js';

export { durationMs };

const ENTITY = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'expected an entity type in UPPER_SNAKE_CASE, e.g. EMPLOYEE_ID');
const DETECTOR_ID = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id, e.g. employee-id');
const SCORE = z.number().min(0).max(1);

const customRecognizer = z
  .strictObject({
    id: DETECTOR_ID.describe('Stable detector id, reported in findings'),
    entity: ENTITY.describe('Entity type the recognizer reports'),
    patterns: z
      .array(
        z.strictObject({
          name: z.string().min(1).optional(),
          regex: z
            .string()
            .min(1)
            .describe('JavaScript regular expression; checked for catastrophic backtracking'),
          score: SCORE.optional(),
        }),
      )
      .min(1),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'expected a combination of the flags i, m, s, u')
      .optional(),
    validator: z
      .enum(NAMED_VALIDATOR_NAMES as [string, ...string[]])
      .optional()
      .describe('Checksum that a match must pass'),
    context: z.array(z.string().min(1)).optional().describe('Words near a match that raise its score'),
    score: SCORE.optional().describe('Base score of patterns without their own (default 0.5)'),
    languages: z
      .array(z.string().regex(/^[a-z]{2}$/, 'expected an ISO 639-1 language code such as en or de'))
      .optional()
      .describe('Languages the context words are written in; `scan --language xx` skips the others'),
  })
  .describe('A recognizer declared in configuration');

const allowEntry = z.union([
  z.string().min(1),
  z
    .strictObject({
      value: z.string().min(1).optional(),
      pattern: z.string().min(1).optional(),
      entities: z.array(ENTITY).optional(),
    })
    .refine(
      (e) => (e.value === undefined) !== (e.pattern === undefined),
      'expected exactly one of value or pattern',
    ),
]);

const denyEntry = z.strictObject({
  entity: ENTITY,
  values: z.array(z.string().min(1)).min(1),
  caseSensitive: z.boolean().optional(),
  score: SCORE.optional(),
});

export const scanSection = z
  .strictObject({
    threshold: SCORE.default(0.5).describe('Minimum score a finding needs to be reported'),
    entities: z.array(ENTITY).optional().describe('Entity types reported by default (all when absent)'),
    disabled: z.array(z.string().min(1)).default([]).describe('Detector ids or entity types switched off'),
    allow: z
      .array(allowEntry)
      .default([])
      .describe('Values never reported (exact, case-insensitive) or patterns'),
    deny: z.array(denyEntry).default([]).describe('Terms always reported as the given entity'),
    recognizers: z.array(customRecognizer).default([]).describe('Custom recognizers'),
    maxLineBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(16 * 1024 * 1024)
      .describe('Longest JSONL input line accepted by `veilgate scan --format jsonl`'),
  })
  .describe('Detection engine settings');

const DURATION = z
  .string()
  .regex(
    /^(?:[1-9][0-9]{0,6}(?:s|m|h|d)|never)$/,
    "expected a duration such as 90s, 5m, 12h, 30d, or 'never'",
  );

export const vaultSection = z
  .strictObject({
    db: z
      .string()
      .min(1)
      .default('sqlite:.veilgate/veilgate.db')
      .describe('Token vault and key database: sqlite:PATH (default) or postgres://user@host:port/db'),
    ttl: DURATION.default('30d').describe('How long a vault entry lives after its last use'),
  })
  .describe('Token vault');

export const keysSection = z
  .strictObject({
    provider: z
      .enum(['local', 'vault-transit', 'aws-kms'])
      .default('local')
      .describe('Master key provider; local uses $VEILGATE_MASTER_KEY when set, else the key file'),
    file: z
      .string()
      .min(1)
      .default('.veilgate/master.key')
      .describe('Local master key file, created with mode 0600 on first use'),
    cacheTtl: DURATION.default('5m').describe('How long unwrapped data keys stay in memory'),
    vaultTransit: z
      .strictObject({
        address: z.url().describe('Vault address, e.g. https://vault.internal:8200'),
        key: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a Transit key name'),
        mount: z
          .string()
          .regex(/^[A-Za-z0-9_./-]+$/, 'expected a mount path')
          .default('transit'),
        namespace: z.string().min(1).optional(),
        tokenEnv: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name')
          .default('VAULT_TOKEN')
          .describe('Environment variable holding the Vault token (never put it in this file)'),
      })
      .optional(),
    awsKms: z
      .strictObject({
        keyId: z.string().min(1).describe('Key id, ARN or alias'),
        region: z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-[0-9]+$/, 'expected an AWS region such as eu-west-1'),
        endpoint: z.url().optional().describe('Endpoint override (VPC endpoint, tests)'),
      })
      .optional()
      .describe('Credentials come from the standard AWS environment variables or instance role'),
  })
  .describe('Master key provider and data key cache');

const SIZE = (min: number, max: number) => z.number().int().min(min).max(max);

export const gatewaySection = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('Address to listen on (0.0.0.0 in a container)'),
    port: z.number().int().min(0).max(65535).default(8080).describe('Port to listen on'),
    profiles: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Guardrail profiles file (YAML, hot-reloaded); without it the built-in default profile applies',
      ),
    limits: z
      .strictObject({
        bodyBytes: SIZE(1024, 1024 * 1024 * 1024)
          .default(4 * 1024 * 1024)
          .describe('Largest request body (413 beyond)'),
        headerBytes: SIZE(1024, 1024 * 1024)
          .default(16 * 1024)
          .describe('Largest request header section (431 beyond)'),
        upstreamResponseBytes: SIZE(1024, 1024 * 1024 * 1024)
          .default(32 * 1024 * 1024)
          .describe('Largest upstream response or stream (502 beyond)'),
        requestTimeout: DURATION.default('30s').describe('Time allowed to receive a request body'),
      })
      .prefault({}),
    rateLimits: z
      .strictObject({
        store: z
          .enum(['memory', 'redis'])
          .default('memory')
          .describe('memory: counters in this process; redis: shared by every replica'),
        redis: z
          .string()
          .regex(/^rediss?:\/\//, 'expected a redis:// URL')
          .default('redis://127.0.0.1:6379'),
        keyPrefix: z
          .string()
          .regex(/^[A-Za-z0-9:_-]{1,64}$/)
          .default('veilgate:rl:'),
      })
      .prefault({}),
    log: z
      .strictObject({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
      })
      .prefault({}),
    ...upstreamConfigShape,
  })
  .describe('The gateway (veilgate serve)');

export const configSchema = z
  .strictObject({
    scan: scanSection.prefault({}),
    vault: vaultSection.prefault({}),
    keys: keysSection.prefault({}),
    gateway: gatewaySection.prefault({}),
  })
  .describe('Veilgate configuration');

export type VeilgateConfig = z.infer<typeof configSchema>;
export type ScanConfig = VeilgateConfig['scan'];
export type VaultConfig = VeilgateConfig['vault'];
export type KeysConfig = VeilgateConfig['keys'];
export type GatewayConfig = VeilgateConfig['gateway'];

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
}
