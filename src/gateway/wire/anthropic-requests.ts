/**
 * Allowlist schema for the Anthropic `POST /v1/messages` request body.
 *
 * Ground truth is the type definitions of the official `@anthropic-ai/sdk` client
 * (`resources/messages/messages.d.ts`, MessageCreateParams and ContentBlockParam), plus the beta MCP
 * connector fields (`mcp_servers`, `mcp_toolset`, `mcp_tool_use`, `mcp_tool_result` from
 * `resources/beta/messages`) and the sampling fields older clients still send (`temperature`, `top_k`,
 * `top_p`). Every object is strict: a field the schema does not name is refused, because the gateway
 * never forwards what it has not inspected. Open-ended JSON is accepted only where it carries data the
 * model does not read as prose or where request-texts walks it (JSON Schemas, tool inputs, examples).
 *
 * Fields that only appear on response blocks (`file_id` on citations, `caller` on tool blocks) are
 * accepted too, because clients commonly send a response's `content` back as the next assistant turn.
 */
import { z } from 'zod';
import { boundedJsonObject, identifier, MAX_MESSAGES } from './openai-requests.js';

const MAX_BLOCKS = 10_000;
const MAX_TOOLS = 1_000;

const cacheControl = z
  .strictObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() })
  .nullish();
// Error codes are short snake_case identifiers chosen by the API, never prose.
const errorCode = z.string().regex(/^[a-z0-9_]{1,64}$/, 'expected a snake_case error code');
const toolName = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,128}$/, 'expected 1-128 letters, digits, underscores or dashes');
const count = z.int().min(0);
const citationsConfig = z.strictObject({ enabled: z.boolean().optional() });

const citation = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('char_location'),
    cited_text: z.string(),
    document_index: count,
    document_title: z.string().nullable(),
    start_char_index: count,
    end_char_index: count,
    file_id: identifier.nullish(),
  }),
  z.strictObject({
    type: z.literal('page_location'),
    cited_text: z.string(),
    document_index: count,
    document_title: z.string().nullable(),
    start_page_number: count,
    end_page_number: count,
    file_id: identifier.nullish(),
  }),
  z.strictObject({
    type: z.literal('content_block_location'),
    cited_text: z.string(),
    document_index: count,
    document_title: z.string().nullable(),
    start_block_index: count,
    end_block_index: count,
    file_id: identifier.nullish(),
  }),
  z.strictObject({
    type: z.literal('web_search_result_location'),
    cited_text: z.string(),
    encrypted_index: z.string(),
    title: z.string().nullable(),
    url: z.string(),
  }),
  z.strictObject({
    type: z.literal('search_result_location'),
    cited_text: z.string(),
    search_result_index: count,
    start_block_index: count,
    end_block_index: count,
    source: z.string(),
    title: z.string().nullable(),
  }),
]);

export const textBlock = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControl,
  citations: z.array(citation).max(MAX_BLOCKS).nullish(),
});

const fileSource = z.strictObject({ type: z.literal('file'), file_id: identifier });
const urlSource = z.strictObject({ type: z.literal('url'), url: z.string().min(1) });

const imageBlock = z.strictObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('base64'),
      media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
      data: z.string(),
    }),
    urlSource,
    fileSource,
  ]),
  cache_control: cacheControl,
  transformations: z.strictObject({ oversized_image: z.enum(['downsize', 'error']).optional() }).nullish(),
});

const documentBlock = z.strictObject({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string() }),
    z.strictObject({ type: z.literal('text'), media_type: z.literal('text/plain'), data: z.string() }),
    z.strictObject({
      type: z.literal('content'),
      content: z.union([
        z.string(),
        z.array(z.discriminatedUnion('type', [textBlock, imageBlock])).max(MAX_BLOCKS),
      ]),
    }),
    urlSource,
    fileSource,
  ]),
  cache_control: cacheControl,
  citations: citationsConfig.nullish(),
  context: z.string().nullish(),
  title: z.string().nullish(),
});

const searchResultBlock = z.strictObject({
  type: z.literal('search_result'),
  content: z.array(textBlock).max(MAX_BLOCKS),
  source: z.string(),
  title: z.string(),
  cache_control: cacheControl,
  citations: citationsConfig.optional(),
});

const thinkingBlock = z.strictObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});
const redactedThinkingBlock = z.strictObject({ type: z.literal('redacted_thinking'), data: z.string() });

const caller = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('direct') }),
    z.strictObject({ type: z.literal('code_execution_20250825'), tool_id: identifier }),
    z.strictObject({ type: z.literal('code_execution_20260120'), tool_id: identifier }),
  ])
  .optional();

const toolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  id: identifier,
  name: toolName,
  input: boundedJsonObject,
  cache_control: cacheControl,
  caller,
  toolset_name: toolName.nullish(),
});

const toolReferenceBlock = z.strictObject({
  type: z.literal('tool_reference'),
  tool_name: toolName,
  cache_control: cacheControl,
});

const browserStateBlock = z.strictObject({
  type: z.literal('browser_state'),
  tabs: z
    .array(
      z.strictObject({
        tab_id: identifier,
        title: z.string(),
        url: z.string(),
        active: z.boolean().optional(),
      }),
    )
    .max(MAX_BLOCKS),
  cache_control: cacheControl,
  state_changes: z
    .array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('tab_opened'), tab_id: identifier }),
        z.strictObject({ type: z.literal('download_started'), download_id: identifier, url: z.string() }),
        z.strictObject({
          type: z.literal('download_completed'),
          download_id: identifier,
          url: z.string(),
          path: z.string().nullish(),
          size_bytes: count.nullish(),
        }),
        z.strictObject({
          type: z.literal('download_failed'),
          download_id: identifier,
          url: z.string(),
          error: z.string().nullish(),
        }),
      ]),
    )
    .max(MAX_BLOCKS)
    .nullish(),
});

const toolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: identifier,
  content: z
    .union([
      z.string(),
      z
        .array(
          z.discriminatedUnion('type', [
            textBlock,
            imageBlock,
            searchResultBlock,
            documentBlock,
            toolReferenceBlock,
            browserStateBlock,
          ]),
        )
        .max(MAX_BLOCKS),
    ])
    .optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
  toolset_name: toolName.nullish(),
});

const serverToolUseBlock = z.strictObject({
  type: z.literal('server_tool_use'),
  id: identifier,
  name: z.enum([
    'web_search',
    'web_fetch',
    'code_execution',
    'bash_code_execution',
    'text_editor_code_execution',
    'tool_search_tool_regex',
    'tool_search_tool_bm25',
  ]),
  input: boundedJsonObject,
  cache_control: cacheControl,
  caller,
});

const webSearchToolResultBlock = z.strictObject({
  type: z.literal('web_search_tool_result'),
  tool_use_id: identifier,
  content: z.union([
    z
      .array(
        z.strictObject({
          type: z.literal('web_search_result'),
          encrypted_content: z.string(),
          title: z.string(),
          url: z.string(),
          page_age: z.string().nullish(),
        }),
      )
      .max(MAX_BLOCKS),
    z.strictObject({ type: z.literal('web_search_tool_result_error'), error_code: errorCode }),
  ]),
  cache_control: cacheControl,
  caller,
});

const webFetchToolResultBlock = z.strictObject({
  type: z.literal('web_fetch_tool_result'),
  tool_use_id: identifier,
  content: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('web_fetch_tool_result_error'), error_code: errorCode }),
    z.strictObject({
      type: z.literal('web_fetch_result'),
      content: documentBlock,
      url: z.string(),
      retrieved_at: z.string().nullish(),
    }),
  ]),
  cache_control: cacheControl,
  caller,
});

function outputFiles<T extends string>(type: T) {
  return z.array(z.strictObject({ type: z.literal(type), file_id: identifier })).max(MAX_BLOCKS);
}

const codeExecutionToolResultBlock = z.strictObject({
  type: z.literal('code_execution_tool_result'),
  tool_use_id: identifier,
  content: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('code_execution_tool_result_error'), error_code: errorCode }),
    z.strictObject({
      type: z.literal('code_execution_result'),
      content: outputFiles('code_execution_output'),
      return_code: z.int(),
      stderr: z.string(),
      stdout: z.string(),
    }),
    z.strictObject({
      type: z.literal('encrypted_code_execution_result'),
      content: outputFiles('code_execution_output'),
      encrypted_stdout: z.string(),
      return_code: z.int(),
      stderr: z.string(),
    }),
  ]),
  cache_control: cacheControl,
});

const bashCodeExecutionToolResultBlock = z.strictObject({
  type: z.literal('bash_code_execution_tool_result'),
  tool_use_id: identifier,
  content: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('bash_code_execution_tool_result_error'), error_code: errorCode }),
    z.strictObject({
      type: z.literal('bash_code_execution_result'),
      content: outputFiles('bash_code_execution_output'),
      return_code: z.int(),
      stderr: z.string(),
      stdout: z.string(),
    }),
  ]),
  cache_control: cacheControl,
});

const textEditorCodeExecutionToolResultBlock = z.strictObject({
  type: z.literal('text_editor_code_execution_tool_result'),
  tool_use_id: identifier,
  content: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('text_editor_code_execution_tool_result_error'),
      error_code: errorCode,
      error_message: z.string().nullish(),
    }),
    z.strictObject({
      type: z.literal('text_editor_code_execution_view_result'),
      content: z.string(),
      file_type: z.enum(['text', 'image', 'pdf']),
      num_lines: count.nullish(),
      start_line: count.nullish(),
      total_lines: count.nullish(),
    }),
    z.strictObject({
      type: z.literal('text_editor_code_execution_create_result'),
      is_file_update: z.boolean(),
    }),
    z.strictObject({
      type: z.literal('text_editor_code_execution_str_replace_result'),
      lines: z.array(z.string()).max(1_000_000).nullish(),
      new_lines: count.nullish(),
      new_start: count.nullish(),
      old_lines: count.nullish(),
      old_start: count.nullish(),
    }),
  ]),
  cache_control: cacheControl,
});

const toolSearchToolResultBlock = z.strictObject({
  type: z.literal('tool_search_tool_result'),
  tool_use_id: identifier,
  content: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('tool_search_tool_result_error'),
      error_code: errorCode,
      error_message: z.string().nullish(),
    }),
    z.strictObject({
      type: z.literal('tool_search_tool_search_result'),
      tool_references: z.array(toolReferenceBlock).max(MAX_TOOLS),
    }),
  ]),
  cache_control: cacheControl,
});

const containerUploadBlock = z.strictObject({
  type: z.literal('container_upload'),
  file_id: identifier,
  cache_control: cacheControl,
});

// Beta MCP connector blocks (anthropic-beta: mcp-client-*).
const mcpToolUseBlock = z.strictObject({
  type: z.literal('mcp_tool_use'),
  id: identifier,
  name: toolName,
  server_name: z.string().min(1).max(256),
  input: boundedJsonObject,
  cache_control: cacheControl,
});
const mcpToolResultBlock = z.strictObject({
  type: z.literal('mcp_tool_result'),
  tool_use_id: identifier,
  content: z.union([z.string(), z.array(textBlock).max(MAX_BLOCKS)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

export const contentBlock = z.discriminatedUnion('type', [
  textBlock,
  imageBlock,
  documentBlock,
  searchResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
  toolUseBlock,
  toolResultBlock,
  serverToolUseBlock,
  webSearchToolResultBlock,
  webFetchToolResultBlock,
  codeExecutionToolResultBlock,
  bashCodeExecutionToolResultBlock,
  textEditorCodeExecutionToolResultBlock,
  toolSearchToolResultBlock,
  containerUploadBlock,
  mcpToolUseBlock,
  mcpToolResultBlock,
]);

const messageContent = z.union([z.string(), z.array(contentBlock).max(MAX_BLOCKS)]);
const systemContent = z.union([z.string(), z.array(textBlock).max(MAX_BLOCKS)]);

export const anthropicMessage = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('user'), content: messageContent }),
  z.strictObject({ role: z.literal('assistant'), content: messageContent }),
  z.strictObject({ role: z.literal('system'), content: systemContent }),
]);

const allowedCallers = z
  .array(z.enum(['direct', 'code_execution_20250825', 'code_execution_20260120', 'code_execution_20260521']))
  .max(8)
  .optional();
const inputExamples = z.array(boundedJsonObject).max(100).optional();
const domains = z.array(z.string().min(1).max(256)).max(1_000).nullish();
const toolReferenceList = z.array(z.strictObject({ type: z.literal('tool_reference'), name: toolName }));
const urlSourceFilter = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('all') }),
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('only'), tools: toolReferenceList }),
  z.strictObject({ type: z.literal('except'), tools: toolReferenceList }),
]);
const memberConfig = z.strictObject({ defer_loading: z.boolean().nullish(), enabled: z.boolean().nullish() });
const memberConfigs = z
  .record(z.string().regex(/^[a-z_]{1,64}$/, 'expected a tool member name'), memberConfig.nullish())
  .nullish();
const userLocation = z
  .strictObject({
    type: z.literal('approximate'),
    city: z.string().max(256).nullish(),
    country: z.string().max(256).nullish(),
    region: z.string().max(256).nullish(),
    timezone: z.string().max(256).nullish(),
  })
  .nullish();

// Fields every Anthropic-defined tool version shares.
const builtinToolBase = {
  allowed_callers: allowedCallers,
  cache_control: cacheControl,
  defer_loading: z.boolean().optional(),
  strict: z.boolean().optional(),
};

const customTool = z.strictObject({
  type: z.literal('custom').nullish(),
  name: toolName,
  description: z.string().optional(),
  // A JSON Schema: open-ended, but its prose (description, title) is walked by request-texts.
  input_schema: boundedJsonObject.refine((schema) => schema.type === 'object', {
    message: "expected 'object'",
    path: ['type'],
  }),
  input_examples: inputExamples,
  eager_input_streaming: z.boolean().nullish(),
  ...builtinToolBase,
});

function codeExecutionTool<T extends string>(type: T) {
  return z.strictObject({ type: z.literal(type), name: z.literal('code_execution'), ...builtinToolBase });
}
function webSearchTool<T extends string>(type: T, extra: z.ZodRawShape = {}) {
  return z.strictObject({
    type: z.literal(type),
    name: z.literal('web_search'),
    allowed_domains: domains,
    blocked_domains: domains,
    max_uses: count.nullish(),
    user_location: userLocation,
    ...builtinToolBase,
    ...extra,
  });
}
function webFetchTool<T extends string>(type: T, extra: z.ZodRawShape = {}) {
  return z.strictObject({
    type: z.literal(type),
    name: z.literal('web_fetch'),
    allowed_domains: domains,
    blocked_domains: domains,
    citations: citationsConfig.nullish(),
    max_content_tokens: count.nullish(),
    max_uses: count.nullish(),
    url_sources: z
      .strictObject({
        client_tool_results: urlSourceFilter.optional(),
        server_tool_results: urlSourceFilter.optional(),
        user_input: urlSourceFilter.optional(),
      })
      .nullish(),
    ...builtinToolBase,
    ...extra,
  });
}
const responseInclusion = { response_inclusion: z.enum(['full', 'excluded']).optional() };
const useCache = { use_cache: z.boolean().optional() };

const tool = z.discriminatedUnion('type', [
  customTool,
  z.strictObject({
    type: z.literal('bash_20250124'),
    name: z.literal('bash'),
    input_examples: inputExamples,
    ...builtinToolBase,
  }),
  codeExecutionTool('code_execution_20250522'),
  codeExecutionTool('code_execution_20250825'),
  codeExecutionTool('code_execution_20260120'),
  codeExecutionTool('code_execution_20260521'),
  z.strictObject({
    type: z.literal('browser_toolset_20260801'),
    cache_control: cacheControl,
    configs: memberConfigs,
  }),
  z.strictObject({
    type: z.literal('computer_toolset_20260801'),
    cache_control: cacheControl,
    configs: memberConfigs,
  }),
  z.strictObject({
    type: z.literal('memory_20250818'),
    name: z.literal('memory'),
    input_examples: inputExamples,
    ...builtinToolBase,
  }),
  z.strictObject({
    type: z.literal('text_editor_20250124'),
    name: z.literal('str_replace_editor'),
    input_examples: inputExamples,
    ...builtinToolBase,
  }),
  z.strictObject({
    type: z.literal('text_editor_20250429'),
    name: z.literal('str_replace_based_edit_tool'),
    input_examples: inputExamples,
    ...builtinToolBase,
  }),
  z.strictObject({
    type: z.literal('text_editor_20250728'),
    name: z.literal('str_replace_based_edit_tool'),
    input_examples: inputExamples,
    max_characters: count.nullish(),
    ...builtinToolBase,
  }),
  webSearchTool('web_search_20250305'),
  webSearchTool('web_search_20260209'),
  webSearchTool('web_search_20260318', responseInclusion),
  webFetchTool('web_fetch_20250910'),
  webFetchTool('web_fetch_20260209'),
  webFetchTool('web_fetch_20260309', useCache),
  webFetchTool('web_fetch_20260318', { ...useCache, ...responseInclusion }),
  z.strictObject({
    type: z.enum(['tool_search_tool_bm25_20251119', 'tool_search_tool_bm25']),
    name: z.literal('tool_search_tool_bm25'),
    ...builtinToolBase,
  }),
  z.strictObject({
    type: z.enum(['tool_search_tool_regex_20251119', 'tool_search_tool_regex']),
    name: z.literal('tool_search_tool_regex'),
    ...builtinToolBase,
  }),
  // Beta MCP connector toolset.
  z.strictObject({
    type: z.literal('mcp_toolset'),
    mcp_server_name: z.string().min(1).max(256),
    cache_control: cacheControl,
    configs: z.record(z.string().max(256), memberConfig).nullish(),
    default_config: memberConfig.optional(),
    tools: z
      .array(
        z.strictObject({
          name: toolName,
          description: z.string().nullish(),
          input_schema: boundedJsonObject,
        }),
      )
      .max(MAX_TOOLS)
      .nullish(),
  }),
]);

const disableParallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoice = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auto'), ...disableParallel }),
  z.strictObject({ type: z.literal('any'), ...disableParallel }),
  z.strictObject({ type: z.literal('tool'), name: toolName, ...disableParallel }),
  z.strictObject({ type: z.literal('none') }),
]);

const thinkingDisplay = z.enum(['summarized', 'omitted']).nullish();
const thinking = z.discriminatedUnion('type', [
  // Messages API: budget_tokens "must be ≥1024 and less than max_tokens".
  z.strictObject({ type: z.literal('enabled'), budget_tokens: z.int().min(1024), display: thinkingDisplay }),
  z.strictObject({ type: z.literal('disabled') }),
  z.strictObject({ type: z.literal('between_tools') }),
  z.strictObject({ type: z.literal('adaptive'), display: thinkingDisplay }),
]);

/** `POST /v1/messages` (MessageCreateParams). */
export const messagesRequestSchema = z.strictObject({
  model: identifier,
  max_tokens: count,
  messages: z.array(anthropicMessage).max(MAX_MESSAGES),
  cache_control: cacheControl,
  container: z
    .union([
      identifier,
      z.strictObject({
        id: identifier.nullish(),
        skills: z
          .array(
            z.strictObject({
              skill_id: identifier,
              type: z.enum(['anthropic', 'custom']),
              version: identifier.optional(),
            }),
          )
          .max(100)
          .nullish(),
      }),
    ])
    .nullish(),
  diagnostics: z.strictObject({ previous_message_id: identifier.nullish() }).nullish(),
  inference_geo: z.string().max(64).nullish(),
  mcp_servers: z
    .array(
      z.strictObject({
        type: z.literal('url'),
        url: z.string().min(1).max(4096),
        name: z.string().min(1).max(256),
        authorization_token: z.string().nullish(),
        tool_configuration: z
          .strictObject({
            allowed_tools: z.array(toolName).max(MAX_TOOLS).nullish(),
            enabled: z.boolean().nullish(),
          })
          .nullish(),
      }),
    )
    .max(100)
    .optional(),
  metadata: z.strictObject({ user_id: z.string().max(256).nullish() }).optional(),
  output_config: z
    .strictObject({
      effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
      format: z.strictObject({ type: z.literal('json_schema'), schema: boundedJsonObject }).nullish(),
    })
    .optional(),
  service_tier: z.enum(['auto', 'standard_only']).optional(),
  speed: z.enum(['standard', 'fast']).nullish(),
  stop_sequences: z.array(z.string()).max(1_000).optional(),
  stream: z.boolean().optional(),
  system: systemContent.optional(),
  // Sampling parameters: dropped from the newest SDK types, still documented and sent by older clients.
  temperature: z.number().min(0).max(1).optional(),
  top_k: count.optional(),
  top_p: z.number().min(0).max(1).optional(),
  thinking: thinking.optional(),
  tool_choice: toolChoice.optional(),
  tools: z.array(tool).max(MAX_TOOLS).optional(),
  // Not body fields: the SDK sends user_profile_id, workspace_id and betas as headers.
});

export type AnthropicMessagesRequest = z.infer<typeof messagesRequestSchema>;
export type AnthropicContentBlock = z.infer<typeof contentBlock>;
