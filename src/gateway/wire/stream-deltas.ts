/**
 * Text deltas in streamed responses. Each SSE event's data (JSON-parsed by the caller) may carry pieces
 * of several logical text streams ("channels"); the output guard buffers each channel, scans it
 * incrementally, rewrites the deltas it lets through, and flushes what it held back before a channel ends.
 *
 * Channels:
 * - OpenAI chat (`chat.completion.chunk`): `c<choice>:content`, `c<choice>:refusal`,
 *   `c<choice>:tool<index>:arguments`, `c<choice>:function_call:arguments` (deprecated functions), and
 *   `c<choice>:reasoning_content` / `c<choice>:reasoning`, which OpenAI-compatible providers (DeepSeek,
 *   vLLM, OpenRouter) use for model-written reasoning.
 * - OpenAI completions (`text_completion`): `c<choice>:text`.
 * - Anthropic Messages events: `b<index>:text` (text_delta, and the text of a content_block_start),
 *   `b<index>:input` (input_json_delta partial_json), `b<index>:thinking` (thinking_delta).
 *
 * Not channels: Anthropic citations_delta (whole citations, not fragments), signature_delta, and the
 * complete server-tool result blocks some content_block_start events carry.
 *
 * A channel can receive a delta and end in the same event (an OpenAI chunk with text and a finish_reason).
 * A guard that holds text back should then put it into that event's own delta rather than emit a
 * separate event before it, or the order of text would change.
 */
import { VeilgateError } from '../../errors.js';
import { asArray, asRecord, type Holder } from './request-texts.js';

export type StreamFormat = 'openai-chat' | 'openai-completions' | 'anthropic';

export interface DeltaRef {
  readonly channel: string;
  readonly text: string;
}

type DeltaSink = (channel: string, holder: Holder, key: string | number) => void;
type DeltaWalk = (event: unknown, sink: DeltaSink) => void;

/** The text deltas in one parsed event (OpenAI chunk object, or Anthropic event object by its `type`). */
export function eventDeltas(format: StreamFormat, event: unknown): DeltaRef[] {
  const deltas: DeltaRef[] = [];
  DELTA_WALKS[format](event, (channel, holder, key) => {
    deltas.push({ channel, text: valueAt(holder, key) as string });
  });
  return deltas;
}

/** A copy of the event with each delta's text replaced (same order as eventDeltas). */
export function rewriteEventDeltas(format: StreamFormat, event: unknown, texts: readonly string[]): unknown {
  const copy = structuredClone(event);
  let next = 0;
  DELTA_WALKS[format](copy, (_channel, holder, key) => {
    const text = texts[next++];
    if (text === undefined) throw countError(texts.length);
    if (Array.isArray(holder)) holder[key as number] = text;
    else holder[key as string] = text;
  });
  if (next !== texts.length) throw countError(texts.length, next);
  return copy;
}

/**
 * Channels that END with this event. OpenAI: a choice with a finish_reason ends all channels of that
 * choice. Anthropic: content_block_stop ends `b<index>:*`; message_stop and error end everything.
 */
export function endedChannels(format: StreamFormat, event: unknown, open: ReadonlySet<string>): string[] {
  const record = asRecord(event);
  if (record === undefined) return [];
  const prefixes: string[] = [];
  if (format === 'anthropic') {
    if (record.type === 'message_stop' || record.type === 'error') return [...open];
    if (record.type === 'content_block_stop' && isIndex(record.index)) prefixes.push(`b${record.index}:`);
  } else {
    asArray(record.choices)?.forEach((entry, position) => {
      const choice = asRecord(entry);
      if (typeof choice?.finish_reason === 'string') prefixes.push(`c${indexOr(choice.index, position)}:`);
    });
  }
  return [...open].filter((channel) => prefixes.some((prefix) => channel.startsWith(prefix)));
}

/**
 * Build a synthetic event that carries `text` on `channel`, modelled on a template event of the same
 * stream (OpenAI: same id/object/created/model, one choice; Anthropic: a content_block_delta with the
 * right delta type and index). Used to flush held-back text before a channel ends.
 */
export function makeDeltaEvent(
  format: StreamFormat,
  template: unknown,
  channel: string,
  text: string,
): unknown {
  if (format === 'anthropic') {
    const match = /^b(\d+):(text|input|thinking)$/.exec(channel);
    if (!match) throw unknownChannel(format);
    const index = Number(match[1]);
    const delta =
      match[2] === 'text'
        ? { type: 'text_delta', text }
        : match[2] === 'input'
          ? { type: 'input_json_delta', partial_json: text }
          : { type: 'thinking_delta', thinking: text };
    return { type: 'content_block_delta', index, delta };
  }

  const base = chunkEnvelope(template);
  if (format === 'openai-completions') {
    const match = /^c(\d+):text$/.exec(channel);
    if (!match) throw unknownChannel(format);
    return { ...base, choices: [{ index: Number(match[1]), text, logprobs: null, finish_reason: null }] };
  }

  const match =
    /^c(\d+):(?:(content|refusal|reasoning_content|reasoning)|tool(\d+):arguments|(function_call):arguments)$/.exec(
      channel,
    );
  if (!match) throw unknownChannel(format);
  const [, choiceIndex, field, toolIndex, functionCall] = match;
  let delta: Record<string, unknown>;
  if (field !== undefined) delta = { [field]: text };
  else if (toolIndex !== undefined)
    delta = { tool_calls: [{ index: Number(toolIndex), function: { arguments: text } }] };
  else if (functionCall !== undefined) delta = { function_call: { arguments: text } };
  else throw unknownChannel(format);
  return { ...base, choices: [{ index: Number(choiceIndex), delta, logprobs: null, finish_reason: null }] };
}

// ---------------------------------------------------------------------------------------------------

function valueAt(holder: Holder, key: string | number): unknown {
  return Array.isArray(holder) ? holder[key as number] : holder[key as string];
}

function emit(
  sink: DeltaSink,
  channel: string,
  holder: Record<string, unknown> | undefined,
  key: string,
): void {
  if (holder !== undefined && typeof holder[key] === 'string') sink(channel, holder, key);
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Chunks name their choice and tool-call positions; the array position is only a fallback. */
function indexOr(value: unknown, position: number): number {
  return isIndex(value) ? value : position;
}

const CHAT_TEXT_FIELDS = ['content', 'refusal', 'reasoning_content', 'reasoning'] as const;

// ChatCompletionChunk.choices[].delta (openai resources/chat/completions).
const walkChatChunk: DeltaWalk = (event, sink) => {
  asArray(asRecord(event)?.choices)?.forEach((entry, position) => {
    const choice = asRecord(entry);
    const c = indexOr(choice?.index, position);
    const delta = asRecord(choice?.delta);
    if (delta === undefined) return;
    for (const field of CHAT_TEXT_FIELDS) emit(sink, `c${c}:${field}`, delta, field);
    asArray(delta.tool_calls)?.forEach((call, callPosition) => {
      const record = asRecord(call);
      const t = indexOr(record?.index, callPosition);
      emit(sink, `c${c}:tool${t}:arguments`, asRecord(record?.function), 'arguments');
    });
    emit(sink, `c${c}:function_call:arguments`, asRecord(delta.function_call), 'arguments');
  });
};

// Completion chunks: choices[].text (openai resources/completions).
const walkCompletionChunk: DeltaWalk = (event, sink) => {
  asArray(asRecord(event)?.choices)?.forEach((entry, position) => {
    const choice = asRecord(entry);
    emit(sink, `c${indexOr(choice?.index, position)}:text`, choice, 'text');
  });
};

const ANTHROPIC_DELTA_FIELDS: Record<string, { channel: string; key: string }> = {
  text_delta: { channel: 'text', key: 'text' },
  input_json_delta: { channel: 'input', key: 'partial_json' },
  thinking_delta: { channel: 'thinking', key: 'thinking' },
};
const ANTHROPIC_START_FIELDS: Record<string, { channel: string; key: string }> = {
  text: { channel: 'text', key: 'text' },
  thinking: { channel: 'thinking', key: 'thinking' },
};

// Anthropic Messages streaming events (RawMessageStreamEvent).
const walkAnthropicEvent: DeltaWalk = (event, sink) => {
  const record = asRecord(event);
  if (record === undefined || !isIndex(record.index)) return;
  if (record.type === 'content_block_delta') {
    const delta = asRecord(record.delta);
    const field = ANTHROPIC_DELTA_FIELDS[String(delta?.type)];
    if (field) emit(sink, `b${record.index}:${field.channel}`, delta, field.key);
  } else if (record.type === 'content_block_start') {
    const block = asRecord(record.content_block);
    const field = ANTHROPIC_START_FIELDS[String(block?.type)];
    if (field) emit(sink, `b${record.index}:${field.channel}`, block, field.key);
  }
};

const DELTA_WALKS: { readonly [F in StreamFormat]: DeltaWalk } = {
  'openai-chat': walkChatChunk,
  'openai-completions': walkCompletionChunk,
  anthropic: walkAnthropicEvent,
};

const ENVELOPE_FIELDS = ['id', 'object', 'created', 'model', 'system_fingerprint', 'service_tier'] as const;

function chunkEnvelope(template: unknown): Record<string, unknown> {
  const source = asRecord(template) ?? {};
  const envelope: Record<string, unknown> = {};
  for (const field of ENVELOPE_FIELDS) if (field in source) envelope[field] = source[field];
  // With stream_options.include_usage every chunk carries `usage: null` but the last; never copy totals.
  if ('usage' in source) envelope.usage = null;
  return envelope;
}

function unknownChannel(format: StreamFormat): VeilgateError {
  return new VeilgateError('VG_GATEWAY_GUARD_FAILED', `no ${format} stream channel has this name`);
}

function countError(given: number, expected?: number): VeilgateError {
  const wanted = expected === undefined ? 'more' : String(expected);
  return new VeilgateError(
    'VG_GATEWAY_GUARD_FAILED',
    `delta rewrite got ${given} texts for ${wanted} deltas`,
  );
}
