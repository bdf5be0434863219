/**
 * fast-check generators of valid request bodies and upstream responses, with text in every place a model
 * reads or writes it. Test support for the text-walker property tests.
 */
import fc from 'fast-check';

// Any string, including empty strings, astral characters and JSON-looking text.
export const anyText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constant('{"name": "Jane Roe"}'),
);
const nonEmptyText = anyText.filter((t) => t.length > 0);

/** A JSON Schema with prose (description, title) at several depths. */
const jsonSchema: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ schema: Record<string, unknown> }>(
  (tie) => ({
    schema: fc.oneof(
      { depthSize: 'small' },
      fc.record({ type: fc.constant('string'), description: anyText }, { requiredKeys: ['type'] }),
      fc.record(
        {
          type: fc.constant('object'),
          title: anyText,
          description: anyText,
          properties: fc.dictionary(fc.constantFrom('a', 'b', 'description', 'title'), tie('schema'), {
            maxKeys: 3,
          }),
          required: fc.constant(['a']),
        },
        { requiredKeys: ['type'] },
      ),
    ),
  }),
).schema;

/** Tool input JSON: objects of arbitrary JSON values, strings anywhere. */
const toolInput = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

// OpenAI ------------------------------------------------------------------------------------------

const textPart = anyText.map((text) => ({ type: 'text', text }));
const refusalPart = anyText.map((refusal) => ({ type: 'refusal', refusal }));
const imagePart = fc.constant({ type: 'image_url', image_url: { url: 'https://example.com/x.png' } });
const textContent = fc.oneof(anyText, fc.array(textPart, { maxLength: 3 }));
const toolCall = fc.oneof(
  anyText.map((args) => ({ id: 'call_1', type: 'function', function: { name: 'f', arguments: args } })),
  anyText.map((input) => ({ id: 'call_2', type: 'custom', custom: { name: 'g', input } })),
);

const chatMessage = fc.oneof(
  fc.record({ role: fc.constantFrom('system', 'developer'), content: textContent }),
  fc.record({
    role: fc.constant('user'),
    content: fc.oneof(anyText, fc.array(fc.oneof(textPart, imagePart))),
  }),
  fc.record(
    {
      role: fc.constant('assistant'),
      content: fc.oneof(
        fc.constant(null),
        anyText,
        fc.array(fc.oneof(textPart, refusalPart), { maxLength: 3 }),
      ),
      refusal: fc.option(anyText, { nil: null }),
      tool_calls: fc.array(toolCall, { maxLength: 3 }),
    },
    { requiredKeys: ['role'] },
  ),
  fc.record({ role: fc.constant('tool'), tool_call_id: fc.constant('call_1'), content: textContent }),
  fc.record({
    role: fc.constant('function'),
    name: fc.constant('f'),
    content: fc.option(anyText, { nil: null }),
  }),
);

export const chatRequest = fc.record(
  {
    model: fc.constant('gpt-4o'),
    messages: fc.array(chatMessage, { minLength: 1, maxLength: 6 }),
    tools: fc.array(
      fc.record({
        type: fc.constant('function'),
        function: fc.record(
          { name: fc.constant('f'), description: anyText, parameters: jsonSchema },
          { requiredKeys: ['name'] },
        ),
      }),
      { maxLength: 2 },
    ),
    prediction: fc.record({ type: fc.constant('content'), content: textContent }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
  },
  { requiredKeys: ['model', 'messages'] },
);

export const completionRequest = fc.record(
  {
    model: fc.constant('gpt-3.5-turbo-instruct'),
    prompt: fc.oneof(
      anyText,
      fc.array(anyText, { maxLength: 4 }),
      fc.array(fc.nat(50_000), { maxLength: 4 }),
    ),
    suffix: fc.option(anyText, { nil: null }),
  },
  { requiredKeys: ['model', 'prompt'] },
);

export const embeddingRequest = fc.record({
  model: fc.constant('text-embedding-3-small'),
  input: fc.oneof(
    nonEmptyText,
    fc.array(nonEmptyText, { minLength: 1, maxLength: 4 }),
    fc.array(fc.nat(50_000), { minLength: 1, maxLength: 4 }),
  ),
});

const chatChoice = fc.record({
  finish_reason: fc.constantFrom('stop', 'tool_calls', 'length'),
  logprobs: fc.constant(null),
  message: fc.record({
    role: fc.constant('assistant'),
    content: fc.option(anyText, { nil: null }),
    refusal: fc.option(anyText, { nil: null }),
    tool_calls: fc.array(toolCall, { maxLength: 3 }),
  }),
});
export const chatResponse = fc.array(chatChoice, { maxLength: 3 }).map((choices) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o',
  choices: choices.map((c, index) => ({ index, ...c })),
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
}));

// Anthropic ---------------------------------------------------------------------------------------

const anthropicText = anyText.map((text) => ({ type: 'text', text }));
const anthropicBlock = fc.oneof(
  anthropicText,
  toolInput.map((input) => ({ type: 'tool_use', id: 'toolu_1', name: 'f', input })),
  fc
    .oneof(anyText, fc.array(anthropicText, { maxLength: 3 }))
    .map((content) => ({ type: 'tool_result', tool_use_id: 'toolu_1', content })),
  fc.record({ type: fc.constant('thinking'), thinking: anyText, signature: fc.constant('sig') }),
  fc.record({ data: anyText, title: anyText }).map(({ data, title }) => ({
    type: 'document',
    source: { type: 'text', media_type: 'text/plain', data },
    title,
  })),
  fc.constant({ type: 'image', source: { type: 'url', url: 'https://example.com/x.png' } }),
);

export const messagesRequest = fc.record(
  {
    model: fc.constant('claude-haiku-4-5'),
    max_tokens: fc.integer({ min: 1, max: 4096 }),
    system: fc.oneof(anyText, fc.array(anthropicText, { maxLength: 2 })),
    messages: fc.array(
      fc.record({
        role: fc.constantFrom('user', 'assistant'),
        content: fc.oneof(anyText, fc.array(anthropicBlock, { maxLength: 4 })),
      }),
      { maxLength: 5 },
    ),
    tools: fc.array(
      fc.record(
        {
          name: fc.constant('f'),
          description: anyText,
          input_schema: jsonSchema.map((s) => ({ ...s, type: 'object' })),
          input_examples: fc.array(toolInput, { maxLength: 2 }),
        },
        { requiredKeys: ['name', 'input_schema'] },
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);

export const messagesResponse = fc
  .array(
    fc.oneof(
      anthropicText,
      fc.record({ type: fc.constant('thinking'), thinking: anyText, signature: fc.constant('sig') }),
      toolInput.map((input) => ({
        type: 'tool_use',
        id: 'toolu_1',
        name: 'f',
        input,
        caller: { type: 'direct' },
      })),
      fc.constant({ type: 'redacted_thinking', data: 'ENC' }),
    ),
    { maxLength: 5 },
  )
  .map((content) => ({
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5',
    content,
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  }));
