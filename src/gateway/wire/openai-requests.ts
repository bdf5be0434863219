/**
 * Allowlist schemas for the OpenAI request bodies the gateway accepts: `POST /v1/chat/completions`,
 * `POST /v1/completions` and `POST /v1/embeddings`.
 *
 * Ground truth is the type definitions of the official `openai` npm client (v6:
 * `resources/chat/completions/completions.d.ts`, `resources/completions.d.ts`,
 * `resources/embeddings.d.ts`, `resources/shared.d.ts`). Every object is strict: a field the schema does
 * not name is refused, because the gateway never forwards what it has not inspected. Bounds follow the
 * API reference where it states one, and are otherwise generous limits against abuse.
 */
import { z } from 'zod';

/** Requests hold at most this many chat messages, prompt strings or embedding inputs. */
export const MAX_MESSAGES = 10_000;
/** Open-ended JSON (JSON Schemas, tool arguments) may nest at most this deep; walkers stay bounded. */
export const MAX_JSON_DEPTH = 64;
// API reference: "A max of 128 functions are supported."
const MAX_TOOLS = 128;
const MAX_PARTS = 10_000;
// API reference (embeddings, completions): arrays of inputs are limited to 2048 entries.
const MAX_BATCH = 2048;

function jsonDepthWithin(value: unknown, limit: number): boolean {
  // Iterative walk: a hostile body nested 100k levels deep must not overflow the stack here.
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > limit) return false;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth: item.depth + 1 });
  }
  return true;
}

/**
 * A JSON object whose shape the gateway does not constrain (a JSON Schema, tool input, examples). It
 * carries no fields outside the request's own text-bearing structure that the guards would miss:
 * request-texts walks it where the model reads it.
 */
export const boundedJsonObject = z
  .record(z.string(), z.unknown())
  .refine((value) => jsonDepthWithin(value, MAX_JSON_DEPTH), {
    message: `expected a JSON object nested at most ${MAX_JSON_DEPTH} levels deep`,
  });

/** Identifiers (tool call ids, file ids, model names) are short and without spaces, so no prose hides in them. */
export const identifier = z
  .string()
  .regex(/^[\x21-\x7e]{1,256}$/, 'expected 1-256 printable ASCII characters without spaces');

// API reference, FunctionDefinition.name: "a-z, A-Z, 0-9, or contain underscores and dashes, with a
// maximum length of 64". Names are not scanned as text, so the narrow alphabet keeps prose out of them.
const functionName = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, underscores or dashes');
// Participant names: the API refuses whitespace and <|\/> in them (pattern ^[^\s<|\\/>]+$).
const participantName = z
  .string()
  .regex(/^[^\s<|\\/>]{1,64}$/, 'expected 1-64 characters without spaces or <|\\/>');

const temperature = z.number().min(0).max(2).nullish();
const topP = z.number().min(0).max(1).nullish();
const penalty = z.number().min(-2).max(2).nullish();
const tokenCount = z.int().min(0).nullish();
const choiceCount = z.int().min(1).max(128).nullish();
const seed = z.int().nullish();
const endUser = z.string().max(256);
// API reference: "Up to 4 sequences where the API will stop generating further tokens."
const stop = z.union([z.string(), z.array(z.string()).max(4)]).nullish();
// API reference: token ids mapped to a bias "from -100 to 100".
const logitBias = z
  .record(z.string().regex(/^\d{1,10}$/, 'expected a token id'), z.number().min(-100).max(100))
  .refine((bias) => Object.keys(bias).length <= 1024, 'expected at most 1024 token ids')
  .nullish();
const streamOptions = z
  .strictObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() })
  .nullish();
// Shared.Metadata: "Keys are strings with a maximum length of 64 characters. Values are strings with a
// maximum length of 512 characters", at most 16 pairs.
const metadata = z
  .record(z.string().max(64), z.string().max(512))
  .refine((m) => Object.keys(m).length <= 16, 'expected at most 16 key-value pairs')
  .nullish();

const promptCacheBreakpoint = z.strictObject({ mode: z.literal('explicit') }).optional();

export const textPart = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  prompt_cache_breakpoint: promptCacheBreakpoint,
});
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
  prompt_cache_breakpoint: promptCacheBreakpoint,
});
const inputAudioPart = z.strictObject({
  type: z.literal('input_audio'),
  input_audio: z.strictObject({ data: z.string(), format: z.enum(['wav', 'mp3']) }),
  prompt_cache_breakpoint: promptCacheBreakpoint,
});
const filePart = z.strictObject({
  type: z.literal('file'),
  file: z.strictObject({
    file_data: z.string().optional(),
    file_id: identifier.optional(),
    filename: z.string().max(1024).optional(),
  }),
  prompt_cache_breakpoint: promptCacheBreakpoint,
});
const refusalPart = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });

const textContent = z.union([z.string(), z.array(textPart).max(MAX_PARTS)]);
const userContent = z.union([
  z.string(),
  z.array(z.discriminatedUnion('type', [textPart, imagePart, inputAudioPart, filePart])).max(MAX_PARTS),
]);
const assistantContent = z.union([
  z.string(),
  z.array(z.discriminatedUnion('type', [textPart, refusalPart])).max(MAX_PARTS),
]);

const functionToolCall = z.strictObject({
  id: identifier,
  type: z.literal('function'),
  function: z.strictObject({ name: functionName, arguments: z.string() }),
});
const customToolCall = z.strictObject({
  id: identifier,
  type: z.literal('custom'),
  custom: z.strictObject({ name: functionName, input: z.string() }),
});

const systemMessage = z.strictObject({
  role: z.literal('system'),
  content: textContent,
  name: participantName.optional(),
});
const developerMessage = z.strictObject({
  role: z.literal('developer'),
  content: textContent,
  name: participantName.optional(),
});
const userMessage = z.strictObject({
  role: z.literal('user'),
  content: userContent,
  name: participantName.optional(),
});
const assistantMessage = z.strictObject({
  role: z.literal('assistant'),
  content: assistantContent.nullish(),
  refusal: z.string().nullish(),
  name: participantName.optional(),
  audio: z.strictObject({ id: identifier }).nullish(),
  tool_calls: z
    .array(z.discriminatedUnion('type', [functionToolCall, customToolCall]))
    .max(MAX_PARTS)
    .optional(),
  function_call: z.strictObject({ name: functionName, arguments: z.string() }).nullish(),
});
const toolMessage = z.strictObject({
  role: z.literal('tool'),
  content: textContent,
  tool_call_id: identifier,
});
// Deprecated by OpenAI in favour of `tool`, still sent by older clients.
const functionMessage = z.strictObject({
  role: z.literal('function'),
  content: z.string().nullable(),
  name: functionName,
});

export const chatMessage = z.discriminatedUnion('role', [
  systemMessage,
  developerMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);

const functionDefinition = z.strictObject({
  name: functionName,
  description: z.string().optional(),
  parameters: boundedJsonObject.optional(),
  strict: z.boolean().nullish(),
});
const functionTool = z.strictObject({ type: z.literal('function'), function: functionDefinition });
const customTool = z.strictObject({
  type: z.literal('custom'),
  custom: z.strictObject({
    name: functionName,
    description: z.string().optional(),
    format: z
      .discriminatedUnion('type', [
        z.strictObject({ type: z.literal('text') }),
        z.strictObject({
          type: z.literal('grammar'),
          grammar: z.strictObject({ definition: z.string(), syntax: z.enum(['lark', 'regex']) }),
        }),
      ])
      .optional(),
  }),
});

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('allowed_tools'),
      allowed_tools: z.strictObject({
        mode: z.enum(['auto', 'required']),
        tools: z.array(boundedJsonObject).max(MAX_TOOLS),
      }),
    }),
    z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: functionName }) }),
    z.strictObject({ type: z.literal('custom'), custom: z.strictObject({ name: functionName }) }),
  ]),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({
      name: functionName,
      description: z.string().optional(),
      schema: boundedJsonObject.optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const moderationMode = z.strictObject({ mode: z.enum(['score', 'block']) }).nullish();

/** `POST /v1/chat/completions` (ChatCompletionCreateParams). */
export const chatCompletionRequestSchema = z.strictObject({
  model: identifier,
  messages: z.array(chatMessage).min(1).max(MAX_MESSAGES),
  audio: z
    .strictObject({
      format: z.enum(['wav', 'aac', 'mp3', 'flac', 'opus', 'pcm16']),
      voice: z.union([z.string().min(1).max(64), z.strictObject({ id: identifier })]),
    })
    .nullish(),
  frequency_penalty: penalty,
  function_call: z.union([z.enum(['none', 'auto']), z.strictObject({ name: functionName })]).optional(),
  functions: z
    .array(functionDefinition.omit({ strict: true }))
    .max(MAX_TOOLS)
    .optional(),
  logit_bias: logitBias,
  logprobs: z.boolean().nullish(),
  max_completion_tokens: tokenCount,
  max_tokens: tokenCount,
  metadata,
  modalities: z
    .array(z.enum(['text', 'audio']))
    .max(2)
    .nullish(),
  moderation: z
    .strictObject({
      model: identifier,
      policy: z.strictObject({ input: moderationMode, output: moderationMode }).nullish(),
    })
    .nullish(),
  n: choiceCount,
  parallel_tool_calls: z.boolean().optional(),
  prediction: z.strictObject({ type: z.literal('content'), content: textContent }).nullish(),
  presence_penalty: penalty,
  prompt_cache_key: z.string().max(256).nullish(),
  prompt_cache_options: z
    .strictObject({ mode: z.enum(['implicit', 'explicit']).optional(), ttl: z.literal('30m').optional() })
    .optional(),
  prompt_cache_retention: z.enum(['in_memory', '24h']).nullish(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  response_format: responseFormat.optional(),
  safety_identifier: z.string().max(256).nullish(),
  seed,
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),
  stop,
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  stream_options: streamOptions,
  temperature,
  tool_choice: toolChoice.optional(),
  tools: z
    .array(z.discriminatedUnion('type', [functionTool, customTool]))
    .max(MAX_TOOLS)
    .optional(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  top_p: topP,
  user: endUser.optional(),
  verbosity: z.enum(['low', 'medium', 'high']).nullish(),
  web_search_options: z
    .strictObject({
      search_context_size: z.enum(['low', 'medium', 'high']).optional(),
      user_location: z
        .strictObject({
          type: z.literal('approximate'),
          approximate: z.strictObject({
            city: z.string().max(256).optional(),
            country: z.string().max(256).optional(),
            region: z.string().max(256).optional(),
            timezone: z.string().max(256).optional(),
          }),
        })
        .nullish(),
    })
    .optional(),
});

const tokenIds = z.array(z.int().min(0)).max(1_000_000);

/** `POST /v1/completions` (CompletionCreateParams, legacy). */
export const completionRequestSchema = z.strictObject({
  model: identifier,
  prompt: z
    .union([z.string(), z.array(z.string()).max(MAX_BATCH), tokenIds, z.array(tokenIds).max(MAX_BATCH)])
    .nullable(),
  best_of: z.int().min(0).max(20).nullish(),
  echo: z.boolean().nullish(),
  frequency_penalty: penalty,
  logit_bias: logitBias,
  // API reference: "The maximum value for logprobs is 5."
  logprobs: z.int().min(0).max(5).nullish(),
  max_tokens: tokenCount,
  n: choiceCount,
  presence_penalty: penalty,
  seed,
  stop,
  stream: z.boolean().nullish(),
  stream_options: streamOptions,
  suffix: z.string().nullish(),
  temperature,
  top_p: topP,
  user: endUser.optional(),
});

// API reference: the input "cannot be an empty string, and any array must be 2048 dimensions or less".
const embeddingText = z.string().min(1);

/** `POST /v1/embeddings` (EmbeddingCreateParams). */
export const embeddingRequestSchema = z.strictObject({
  model: identifier,
  input: z.union([
    embeddingText,
    z.array(embeddingText).min(1).max(MAX_BATCH),
    tokenIds.min(1),
    z.array(tokenIds.min(1)).min(1).max(MAX_BATCH),
  ]),
  dimensions: z.int().min(1).max(65_536).optional(),
  // The `openai` client sends `base64` unless the caller chose, and decodes it itself.
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: endUser.optional(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessage>;
export type CompletionRequest = z.infer<typeof completionRequestSchema>;
export type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;
