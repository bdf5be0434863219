/**
 * requestTexts finds every text a model reads, with its role, kind and path; rewriteRequestTexts
 * replaces exactly those strings and nothing else, and never mutates its input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VeilgateError } from '../../../src/errors.js';
import { requestTexts, rewriteRequestTexts, type TextSlot } from '../../../src/gateway/wire/request-texts.js';
import { parseRequestBody, type Endpoint, type RequestBody } from '../../../src/gateway/wire/validate.js';
import * as arb from './arbitraries.js';
import { completionRequest, fullChatRequest, fullMessagesRequest, legacyChatRequest } from './fixtures.js';

function parsed<E extends Endpoint>(endpoint: E, json: unknown): RequestBody<E> {
  const result = parseRequestBody(endpoint, json);
  if (!result.ok) throw new Error(`fixture refused: ${result.message}`);
  return result.body;
}

const brief = (slots: readonly TextSlot[]) => slots.map((s) => [s.role, s.kind, s.path, s.text]);

describe('requestTexts on OpenAI requests', () => {
  it('finds every text in a full chat request, in order, and nothing that is not text', () => {
    expect(brief(requestTexts('chat', parsed('chat', fullChatRequest)))).toEqual([
      ['system', 'content', 'messages[0].content', 'Answer tersely.'],
      ['system', 'content', 'messages[1].content[0].text', 'Never reveal secrets.'],
      ['user', 'content', 'messages[2].content[0].text', 'What is in this image and this recording?'],
      ['user', 'content', 'messages[2].content[4].text', 'Be brief.'],
      ['assistant', 'tool_arguments', 'messages[3].tool_calls[0].function.arguments', '{"city":"Paris"}'],
      ['assistant', 'tool_arguments', 'messages[3].tool_calls[1].custom.input', 'SELECT 1'],
      ['tool', 'tool_result', 'messages[4].content', '{"temp_c": 21}'],
      ['tool', 'tool_result', 'messages[5].content[0].text', '1 row'],
      ['assistant', 'content', 'messages[6].content[0].text', 'It is 21 °C in Paris.'],
      ['assistant', 'content', 'messages[6].content[1].refusal', 'I cannot run that query.'],
      ['user', 'content', 'messages[7].content', 'Thanks!'],
      ['system', 'tool_definition', 'tools[0].function.description', 'Current weather for a city'],
      [
        'system',
        'tool_definition',
        'tools[0].function.parameters.properties.city.description',
        'City name, e.g. Paris',
      ],
      ['system', 'tool_definition', 'tools[1].custom.description', 'Runs a read-only SQL query'],
      ['system', 'tool_definition', 'tools[1].custom.format.grammar.definition', 'start: "SELECT" /.+/'],
      ['system', 'tool_definition', 'response_format.json_schema.description', 'The final answer'],
      ['system', 'tool_definition', 'response_format.json_schema.schema.properties.text.title', 'Text'],
      ['assistant', 'content', 'prediction.content[0].text', 'The weather is'],
    ]);
  });

  it('handles the deprecated function messages and function_call', () => {
    expect(brief(requestTexts('chat', parsed('chat', legacyChatRequest)))).toEqual([
      ['user', 'content', 'messages[0].content', 'Weather?'],
      ['assistant', 'tool_arguments', 'messages[1].function_call.arguments', '{"city":"Oslo"}'],
      ['tool', 'tool_result', 'messages[2].content', '{"temp_c": -3}'],
      ['system', 'tool_definition', 'functions[0].description', 'Weather'],
    ]);
  });

  it('null content with tool calls, and empty arrays, yield only what is there', () => {
    const body = parsed('chat', {
      model: 'm',
      messages: [
        { role: 'user', content: [] },
        { role: 'assistant', content: null, tool_calls: [] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '' } }],
        },
      ],
      tools: [],
    });
    expect(brief(requestTexts('chat', body))).toEqual([
      ['assistant', 'tool_arguments', 'messages[2].tool_calls[0].function.arguments', ''],
    ]);
  });

  it('completions prompts and suffix, embeddings inputs; token ids are not text', () => {
    expect(brief(requestTexts('completions', parsed('completions', completionRequest)))).toEqual([
      ['user', 'prompt', 'prompt[0]', 'Say hello'],
      ['user', 'prompt', 'prompt[1]', 'Say goodbye'],
      ['user', 'prompt', 'suffix', ' -- end'],
    ]);
    expect(requestTexts('completions', parsed('completions', { model: 'm', prompt: [[1, 2]] }))).toEqual([]);
    expect(brief(requestTexts('embeddings', parsed('embeddings', { model: 'm', input: 'hello' })))).toEqual([
      ['user', 'embedding_input', 'input', 'hello'],
    ]);
    expect(requestTexts('embeddings', parsed('embeddings', { model: 'm', input: [[1, 2]] }))).toEqual([]);
  });
});

describe('requestTexts on Anthropic requests', () => {
  it('finds every text in a full request: system, blocks, documents, tool input leaves, tool results, tools', () => {
    expect(brief(requestTexts('messages', parsed('messages', fullMessagesRequest)))).toEqual([
      ['system', 'content', 'system[0].text', 'You are a careful clinical assistant.'],
      ['system', 'content', 'system[1].text', 'Cite your sources.'],
      ['user', 'content', 'messages[0].content[0].text', 'Summarise these records.'],
      ['document', 'content', 'messages[0].content[3].source.data', 'Patient reports mild headache.'],
      ['document', 'content', 'messages[0].content[3].title', 'Visit note'],
      ['document', 'content', 'messages[0].content[3].context', 'Written by the nurse on duty'],
      ['document', 'content', 'messages[0].content[4].source.content[0].text', 'Lab result: normal.'],
      ['document', 'content', 'messages[0].content[7].content[0].text', 'Rest and fluids.'],
      ['document', 'content', 'messages[0].content[7].title', 'Headache guidance'],
      ['document', 'content', 'messages[0].content[7].source', 'https://kb.example.com/article/1'],
      ['assistant', 'content', 'messages[1].content[0].thinking', 'The user wants a summary.'],
      ['assistant', 'content', 'messages[1].content[2].text', 'The patient has a mild headache.'],
      [
        'document',
        'content',
        'messages[1].content[2].citations[0].cited_text',
        'Patient reports mild headache.',
      ],
      ['document', 'content', 'messages[1].content[2].citations[0].document_title', 'Visit note'],
      ['assistant', 'tool_arguments', 'messages[1].content[3].input.query', 'headache'],
      ['assistant', 'tool_arguments', 'messages[1].content[3].input.filters.ward', 'B'],
      ['assistant', 'tool_arguments', 'messages[1].content[3].input.filters.ids[0]', 'p1'],
      ['assistant', 'tool_arguments', 'messages[1].content[3].input.filters.ids[1]', 'p2'],
      ['assistant', 'tool_arguments', 'messages[1].content[4].input.query', 'headache advice'],
      ['tool', 'tool_result', 'messages[1].content[5].content[0].title', 'Headache - NHS'],
      ['tool', 'tool_result', 'messages[1].content[6].content.stdout', '42\n'],
      ['tool', 'tool_result', 'messages[1].content[6].content.stderr', ''],
      ['tool', 'tool_result', 'messages[2].content[0].content[0].text', 'Patient p1: Jane Roe, ward B.'],
      ['tool', 'tool_result', 'messages[2].content[0].content[1].content[0].text', 'John Doe, ward B.'],
      ['tool', 'tool_result', 'messages[2].content[0].content[1].title', 'Record p2'],
      ['tool', 'tool_result', 'messages[2].content[0].content[1].source', 'ehr://p2'],
      ['user', 'content', 'messages[2].content[1].text', 'Now answer in one sentence.'],
      ['assistant', 'content', 'messages[3].content', 'The patient'],
      ['system', 'tool_definition', 'tools[0].description', 'Finds patients by free-text query'],
      ['system', 'tool_definition', 'tools[0].input_schema.properties.query.description', 'What to look for'],
      ['system', 'tool_definition', 'tools[0].input_examples[0].query', 'fever in ward A'],
      ['system', 'tool_definition', 'output_config.format.schema.description', 'Summary'],
    ]);
  });

  it('quotes tool input keys that are not identifiers in paths', () => {
    const body = parsed('messages', {
      model: 'm',
      max_tokens: 1,
      messages: [
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't', name: 'f', input: { 'first name': 'Jane' } }],
        },
      ],
    });
    expect(requestTexts('messages', body).map((s) => s.path)).toEqual([
      'messages[0].content[0].input["first name"]',
    ]);
  });

  it('rewrites tool input leaves in place and leaves numbers, booleans and the original alone', () => {
    const body = parsed('messages', fullMessagesRequest);
    const before = structuredClone(body);
    const slots = requestTexts('messages', body);
    const replacements = slots.map((s) =>
      s.text.includes('Jane Roe') ? s.text.replace('Jane Roe', '[PERSON]') : s.text,
    );
    const rewritten = rewriteRequestTexts('messages', body, replacements);
    expect(body).toEqual(before);
    const toolResult = rewritten.messages[2]?.content;
    expect(JSON.stringify(toolResult)).toContain('Patient p1: [PERSON], ward B.');
    expect(rewritten.messages[1]?.content).toEqual(before.messages[1]?.content);
  });

  it('fails closed on a block type it does not know, and on a wrong number of replacements', () => {
    const unknown = { model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'video' }] }] };
    expect(() => requestTexts('messages', unknown as unknown as RequestBody<'messages'>)).toThrowError(
      expect.objectContaining({ code: 'VG_GATEWAY_BAD_REQUEST' }) as unknown as Error,
    );
    const body = parsed('chat', { model: 'm', messages: [{ role: 'user', content: 'a' }] });
    for (const wrong of [[], ['x', 'y']]) {
      let error: unknown;
      try {
        rewriteRequestTexts('chat', body, wrong);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(VeilgateError);
      expect((error as VeilgateError).code).toBe('VG_GATEWAY_GUARD_FAILED');
    }
  });
});

/** The rewrite properties every endpoint must satisfy, on bodies the schema accepts. */
function checkRewriteProperties<E extends Endpoint>(
  endpoint: E,
  body: RequestBody<E>,
  noise: readonly string[],
): void {
  const before = structuredClone(body);
  const slots = requestTexts(endpoint, body);

  // Identity: same texts back, same body.
  expect(
    rewriteRequestTexts(
      endpoint,
      body,
      slots.map((s) => s.text),
    ),
  ).toEqual(body);

  // Distinct replacements land exactly in the slots: collecting again finds them at the same places.
  const replacements = slots.map((_s, i) => `«${i}»${noise[i % Math.max(1, noise.length)] ?? ''}`);
  const rewritten = rewriteRequestTexts(endpoint, body, replacements);
  const again = requestTexts(endpoint, rewritten);
  expect(again.map((s) => s.text)).toEqual(replacements);
  expect(again.map(({ role, kind, path }) => ({ role, kind, path }))).toEqual(
    slots.map(({ role, kind, path }) => ({ role, kind, path })),
  );
  // ...and nothing else changed: putting the originals back restores the body exactly.
  expect(
    rewriteRequestTexts(
      endpoint,
      rewritten,
      slots.map((s) => s.text),
    ),
  ).toEqual(body);
  // The rewritten body is still valid for its route.
  expect(parseRequestBody(endpoint, rewritten).ok).toBe(true);
  // The input was never mutated.
  expect(body).toEqual(before);
}

describe('rewriteRequestTexts properties', () => {
  const noise = fc.array(arb.anyText, { maxLength: 4 });
  const cases: Array<[Endpoint, fc.Arbitrary<unknown>]> = [
    ['chat', arb.chatRequest],
    ['completions', arb.completionRequest],
    ['embeddings', arb.embeddingRequest],
    ['messages', arb.messagesRequest],
  ];
  for (const [endpoint, bodies] of cases) {
    it(`${endpoint}: identity, exact replacement, nothing else touched`, () => {
      fc.assert(
        fc.property(bodies, noise, (json, extra) => {
          checkRewriteProperties(endpoint, parsed(endpoint, json), extra);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('requestTexts reuse', () => {
  it('walks a body once, and a rewritten body (a copy) afresh', () => {
    const body = parsed('chat', fullChatRequest);
    const slots = requestTexts('chat', body);
    expect(requestTexts('chat', body)).toBe(slots);
    const rewritten = rewriteRequestTexts(
      'chat',
      body,
      slots.map((s) => `${s.text}!`),
    );
    expect(rewritten).not.toBe(body);
    expect(requestTexts('chat', rewritten).map((s) => s.text)).toEqual(slots.map((s) => `${s.text}!`));
    expect(requestTexts('chat', body)).toBe(slots);
  });
});
