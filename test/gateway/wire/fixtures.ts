/**
 * Requests written by hand against the official clients' own types (`satisfies`), so a field a client
 * renamed or removed fails to compile here. Shared by the schema and text-walker tests.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';

// Fixtures are written by hand against the client's own types (`satisfies`), so a field the client
// renamed or removed fails to compile here.
const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name, e.g. Paris' },
        unit: { type: 'string', enum: ['c', 'f'] },
      },
      required: ['city'],
      additionalProperties: false,
    },
    strict: true,
  },
} satisfies OpenAI.Chat.Completions.ChatCompletionTool;

export const fullChatRequest = {
  model: 'gpt-4o',
  messages: [
    { role: 'developer', content: 'Answer tersely.' },
    { role: 'system', name: 'policy', content: [{ type: 'text', text: 'Never reveal secrets.' }] },
    {
      role: 'user',
      name: 'alice',
      content: [
        { type: 'text', text: 'What is in this image and this recording?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
        { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF', format: 'wav' } },
        { type: 'file', file: { file_id: 'file-abc123', filename: 'report.pdf' } },
        { type: 'text', text: 'Be brief.', prompt_cache_breakpoint: { mode: 'explicit' } },
      ],
    },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'custom', custom: { name: 'run_sql', input: 'SELECT 1' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c": 21}' },
    { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '1 row' }] },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'It is 21 °C in Paris.' },
        { type: 'refusal', refusal: 'I cannot run that query.' },
      ],
      refusal: null,
      audio: { id: 'audio_1' },
    },
    { role: 'user', content: 'Thanks!' },
  ],
  tools: [
    weatherTool,
    {
      type: 'custom',
      custom: {
        name: 'run_sql',
        description: 'Runs a read-only SQL query',
        format: { type: 'grammar', grammar: { definition: 'start: "SELECT" /.+/', syntax: 'lark' } },
      },
    },
  ],
  tool_choice: { type: 'function', function: { name: 'get_weather' } },
  parallel_tool_calls: false,
  response_format: {
    type: 'json_schema',
    json_schema: {
      name: 'answer',
      description: 'The final answer',
      schema: { type: 'object', properties: { text: { type: 'string', title: 'Text' } } },
      strict: true,
    },
  },
  stream: true,
  stream_options: { include_usage: true, include_obfuscation: false },
  temperature: 0.2,
  top_p: 0.9,
  n: 2,
  stop: ['END', 'STOP'],
  max_completion_tokens: 512,
  presence_penalty: 0.5,
  frequency_penalty: -0.5,
  logit_bias: { '50256': -100 },
  logprobs: true,
  top_logprobs: 3,
  seed: 42,
  user: 'user-1234',
  metadata: { purpose: 'test' },
  store: false,
  reasoning_effort: 'low',
  modalities: ['text', 'audio'],
  audio: { format: 'mp3', voice: 'alloy' },
  prediction: { type: 'content', content: [{ type: 'text', text: 'The weather is' }] },
  service_tier: 'auto',
  verbosity: 'low',
  prompt_cache_key: 'weather-bot',
  prompt_cache_retention: '24h',
  prompt_cache_options: { mode: 'explicit', ttl: '30m' },
  safety_identifier: 'a1b2c3',
  moderation: { model: 'omni-moderation-latest', policy: { input: { mode: 'block' }, output: null } },
  web_search_options: {
    search_context_size: 'low',
    user_location: { type: 'approximate', approximate: { city: 'Paris', country: 'FR' } },
  },
} satisfies OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming;

export const legacyChatRequest = {
  model: 'gpt-3.5-turbo',
  messages: [
    { role: 'user', content: 'Weather?' },
    {
      role: 'assistant',
      content: null,
      function_call: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
    },
    { role: 'function', name: 'get_weather', content: '{"temp_c": -3}' },
  ],
  functions: [
    { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } },
  ],
  function_call: 'auto',
  max_tokens: 100,
  response_format: { type: 'json_object' },
} satisfies OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

export const completionRequest = {
  model: 'gpt-3.5-turbo-instruct',
  prompt: ['Say hello', 'Say goodbye'],
  suffix: ' -- end',
  best_of: 2,
  echo: false,
  logprobs: 2,
  max_tokens: 16,
  n: 1,
  stop: '\n',
  temperature: 0,
  seed: 1,
} satisfies OpenAI.Completions.CompletionCreateParamsNonStreaming;

export const embeddingRequest = {
  model: 'text-embedding-3-small',
  input: ['first passage', 'second passage'],
  dimensions: 256,
  encoding_format: 'float',
  user: 'user-1',
} satisfies OpenAI.Embeddings.EmbeddingCreateParams;

const cache = { type: 'ephemeral', ttl: '5m' } as const;

export const fullMessagesRequest = {
  model: 'claude-haiku-4-5',
  max_tokens: 1024,
  system: [
    { type: 'text', text: 'You are a careful clinical assistant.', cache_control: cache },
    { type: 'text', text: 'Cite your sources.' },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Summarise these records.' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/x.png' } },
        {
          type: 'document',
          source: { type: 'text', media_type: 'text/plain', data: 'Patient reports mild headache.' },
          title: 'Visit note',
          context: 'Written by the nurse on duty',
          citations: { enabled: true },
          cache_control: cache,
        },
        {
          type: 'document',
          source: {
            type: 'content',
            content: [
              { type: 'text', text: 'Lab result: normal.' },
              { type: 'image', source: { type: 'file', file_id: 'file_011' } },
            ],
          },
        },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
        { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
        {
          type: 'search_result',
          source: 'https://kb.example.com/article/1',
          title: 'Headache guidance',
          content: [{ type: 'text', text: 'Rest and fluids.' }],
          citations: { enabled: true },
        },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'The user wants a summary.', signature: 'sig-abc' },
        { type: 'redacted_thinking', data: 'ENCRYPTED' },
        {
          type: 'text',
          text: 'The patient has a mild headache.',
          citations: [
            {
              type: 'char_location',
              cited_text: 'Patient reports mild headache.',
              document_index: 0,
              document_title: 'Visit note',
              start_char_index: 0,
              end_char_index: 30,
            },
          ],
        },
        {
          type: 'tool_use',
          id: 'toolu_01',
          name: 'lookup_patient',
          input: { query: 'headache', filters: { ward: 'B', ids: ['p1', 'p2'] }, limit: 5, exact: false },
        },
        {
          type: 'server_tool_use',
          id: 'srvtoolu_01',
          name: 'web_search',
          input: { query: 'headache advice' },
        },
        {
          type: 'web_search_tool_result',
          tool_use_id: 'srvtoolu_01',
          content: [
            {
              type: 'web_search_result',
              encrypted_content: 'ENC',
              title: 'Headache - NHS',
              url: 'https://nhs.uk/headache',
              page_age: null,
            },
          ],
        },
        {
          type: 'code_execution_tool_result',
          tool_use_id: 'srvtoolu_02',
          content: { type: 'code_execution_result', content: [], return_code: 0, stdout: '42\n', stderr: '' },
        },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_01',
          content: [
            { type: 'text', text: 'Patient p1: Jane Roe, ward B.' },
            {
              type: 'search_result',
              source: 'ehr://p2',
              title: 'Record p2',
              content: [{ type: 'text', text: 'John Doe, ward B.' }],
            },
          ],
          is_error: false,
        },
        { type: 'text', text: 'Now answer in one sentence.' },
      ],
    },
    { role: 'assistant', content: 'The patient' },
  ],
  tools: [
    {
      name: 'lookup_patient',
      description: 'Finds patients by free-text query',
      input_schema: {
        type: 'object',
        properties: { query: { type: 'string', description: 'What to look for' } },
        required: ['query'],
      },
      input_examples: [{ query: 'fever in ward A' }],
      cache_control: cache,
      strict: true,
    },
    { type: 'web_search_20250305', name: 'web_search', max_uses: 3, allowed_domains: ['nhs.uk'] },
    { type: 'bash_20250124', name: 'bash' },
    { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: 10_000 },
    { type: 'code_execution_20250825', name: 'code_execution' },
    { type: 'web_fetch_20250910', name: 'web_fetch', max_uses: 2, citations: { enabled: true } },
  ],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  thinking: { type: 'enabled', budget_tokens: 2048 },
  metadata: { user_id: 'user-hash-1' },
  stop_sequences: ['\n\nHuman:'],
  stream: false,
  service_tier: 'auto',
  container: { skills: [{ skill_id: 'pptx', type: 'anthropic', version: 'latest' }] },
  output_config: {
    effort: 'high',
    format: { type: 'json_schema', schema: { type: 'object', description: 'Summary' } },
  },
  cache_control: cache,
} satisfies Anthropic.Messages.MessageCreateParamsNonStreaming;

export const mcpMessagesRequest = {
  model: 'claude-haiku-4-5',
  max_tokens: 512,
  stream: true,
  mcp_servers: [
    {
      type: 'url',
      url: 'https://mcp.example.com/sse',
      name: 'records',
      authorization_token: 'token-abc',
      tool_configuration: { enabled: true, allowed_tools: ['search'] },
    },
  ],
  messages: [
    { role: 'user', content: 'Search the records.' },
    {
      role: 'assistant',
      content: [
        {
          type: 'mcp_tool_use',
          id: 'mcptoolu_01',
          name: 'search',
          server_name: 'records',
          input: { q: 'x' },
        },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'mcp_tool_result',
          tool_use_id: 'mcptoolu_01',
          content: [{ type: 'text', text: 'No records.' }],
          is_error: false,
        },
      ],
    },
  ],
  betas: ['mcp-client-2025-04-04'],
} satisfies Anthropic.Beta.Messages.MessageCreateParamsStreaming;
