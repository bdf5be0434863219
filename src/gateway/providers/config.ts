/**
 * Configuration of upstream providers and model routes, mounted under `gateway` in src/config/schema.ts:
 *
 *   gateway:
 *     providers:
 *       - { name: openai, type: openai, baseUrl: https://api.openai.com/v1, apiKeyEnv: OPENAI_API_KEY }
 *     models:
 *       - { name: gpt-4o, provider: openai, timeout: 60s, retries: 2, fallbacks: [gpt-4o-mini] }
 *     breaker: { failures: 5, cooldown: 30s }
 *     retry: { maxRetryAfter: 30s }
 *
 * Allowlists (strict objects): an unknown key is an error. API keys never appear here, only the names of the
 * environment variables that hold them. Cross-references (a route's provider, its fallbacks) are checked by
 * createRouter, which sees both lists.
 */
import { z } from 'zod';
import { durationMs } from '../../config/duration.js';

const DURATION = z.string().regex(/^[1-9][0-9]{0,6}(?:s|m|h)$/, 'expected a duration such as 30s, 5m or 1h');

const PROVIDER_NAME = z
  .string()
  .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, 'expected a lower-case name such as openai or azure-eu');

/** Model names as providers spell them: `gpt-4o`, `llama3.1:8b`, `meta-llama/Llama-3.1-8B-Instruct`. */
const MODEL_NAME = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$/, 'expected a model name such as gpt-4o or llama3.1:8b');

const MODEL_PATTERN = z
  .string()
  .regex(
    /^[A-Za-z0-9*?][A-Za-z0-9._:/@*?-]{0,199}$/,
    'expected a model name or a glob such as gpt-4o or gpt-*',
  );

const ENV_NAME = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as OPENAI_API_KEY');

// RFC 9110 §5.1 token for names; values without CR, LF or NUL (§5.5), which would split the request.
const HEADERS = z.record(
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'expected an HTTP header name'),
  z.string().regex(/^[^\r\n\0]*$/, 'expected a header value without line breaks'),
);

const BASE_URL = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const MAX_CONNECTIONS = z
  .number()
  .int()
  .min(1)
  .max(4096)
  .default(64)
  .describe('Most simultaneous connections to this upstream; idle ones are kept alive and reused');

export const openAIProviderConfig = z
  .strictObject({
    name: PROVIDER_NAME.describe('Name that routes refer to'),
    type: z.literal('openai'),
    baseUrl: BASE_URL.describe(
      'API root, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1; {model} in the path is replaced by the upstream model (Azure deployments)',
    ),
    apiKeyEnv: ENV_NAME.optional().describe(
      'Environment variable holding the API key (never put the key in this file); none for local servers',
    ),
    headers: HEADERS.optional().describe('Static extra headers, e.g. OpenAI-Organization'),
    azure: z
      .strictObject({
        apiVersion: z
          .string()
          .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-preview)?$|^(?:preview|latest)$/, 'expected e.g. 2024-10-21')
          .describe('Sent as ?api-version='),
      })
      .optional()
      .describe('Azure OpenAI: the key goes in an api-key header and api-version in the query'),
    maxConnections: MAX_CONNECTIONS,
  })
  .describe('An OpenAI-compatible upstream (OpenAI, Azure OpenAI, vLLM, Ollama, LM Studio)');

export const anthropicProviderConfig = z
  .strictObject({
    name: PROVIDER_NAME.describe('Name that routes refer to'),
    type: z.literal('anthropic'),
    baseUrl: BASE_URL.default('https://api.anthropic.com').describe('API root; /v1/messages is appended'),
    apiKeyEnv: ENV_NAME.optional().describe(
      'Environment variable holding the API key, sent as x-api-key (never put the key in this file)',
    ),
    version: z
      .string()
      .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'expected a date such as 2023-06-01')
      .default('2023-06-01')
      .describe('Sent as anthropic-version'),
    headers: HEADERS.optional().describe('Static extra headers, e.g. anthropic-beta'),
    maxConnections: MAX_CONNECTIONS,
  })
  .describe('The Anthropic Messages API');

export const demoProviderConfig = z
  .strictObject({
    name: PROVIDER_NAME.describe('Name that routes refer to'),
    type: z.literal('demo'),
  })
  .describe('The built-in offline demo model; answers are labelled [veilgate demo model]');

export const providerConfig = z.discriminatedUnion('type', [
  openAIProviderConfig,
  anthropicProviderConfig,
  demoProviderConfig,
]);

export const providersSection = z
  .array(providerConfig)
  .default([])
  .superRefine((providers, ctx) => {
    const seen = new Set<string>();
    providers.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate provider name ${p.name}` });
      seen.add(p.name);
    });
  })
  .describe('Upstream model providers; when empty, the built-in demo model answers every request');

export const modelRouteConfig = z
  .strictObject({
    name: MODEL_PATTERN.describe('Model name clients ask for; may be a glob such as gpt-* (exact names win)'),
    provider: PROVIDER_NAME.describe('Provider that serves it'),
    model: MODEL_NAME.optional().describe(
      'Model name sent upstream (default: the name the client asked for)',
    ),
    timeout: DURATION.default('60s').describe(
      'Per attempt: time to the response headers, to the whole body of a JSON answer, and the longest silence within a stream',
    ),
    retries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe('Extra attempts on 429, 500, 502, 503, 504, network errors and timeouts'),
    fallbacks: z
      .array(MODEL_NAME)
      .default([])
      .describe('Other model names of this list tried in order when this route fails'),
  })
  .describe('A route from a model name to a provider');

export const modelsSection = z
  .array(modelRouteConfig)
  .default([])
  .superRefine((models, ctx) => {
    const seen = new Set<string>();
    models.forEach((m, i) => {
      if (seen.has(m.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate model route ${m.name}` });
      seen.add(m.name);
    });
  })
  .describe('Model routes, matched exact name first, then globs in order');

export const breakerSection = z
  .strictObject({
    failures: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(5)
      .describe('Consecutive failures of a provider that open its circuit'),
    cooldown: DURATION.default('30s').describe('How long an open circuit refuses requests before one trial'),
  })
  .describe('Circuit breaker, one per provider');

export const retrySection = z
  .strictObject({
    maxRetryAfter: DURATION.default('30s').describe(
      "Longest upstream Retry-After honoured; a longer one skips to the route's fallbacks",
    ),
  })
  .describe('Retry behaviour shared by all routes');

/** The keys this module adds to the `gateway` section. */
export const upstreamConfigShape = {
  providers: providersSection,
  models: modelsSection,
  breaker: breakerSection.prefault({}),
  retry: retrySection.prefault({}),
};

export const upstreamSection = z.strictObject(upstreamConfigShape);

export type UpstreamConfig = z.infer<typeof upstreamSection>;
export type UpstreamConfigInput = z.input<typeof upstreamSection>;
export type ProviderConfig = z.infer<typeof providerConfig>;
export type ModelRouteConfig = z.infer<typeof modelRouteConfig>;

/** Node's timers take at most 2^31 - 1 ms; a longer delay fires after 1 ms instead. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** A duration of this section in milliseconds (`never` is not accepted here), capped to what timers can wait. */
export function routeDurationMs(value: string): number {
  return Math.min(durationMs(value) ?? LONGEST_TIMER_MS, LONGEST_TIMER_MS);
}
