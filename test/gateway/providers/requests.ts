/** Small builders shared by the provider tests. */
import type {
  Endpoint,
  SseEvent,
  UpstreamRequest,
  UpstreamResponse,
} from '../../../src/gateway/providers/types.js';

let counter = 0;

export function upstreamRequest(
  endpoint: Endpoint,
  body: Record<string, unknown>,
  options: { stream?: boolean; signal?: AbortSignal } = {},
): UpstreamRequest {
  counter += 1;
  return {
    endpoint,
    body: options.stream === true ? { ...body, stream: true } : body,
    stream: options.stream ?? false,
    signal: options.signal ?? new AbortController().signal,
    requestId: `req-test-${counter}`,
  };
}

export const chatBody = (text: string, model = 'gpt-test'): Record<string, unknown> => ({
  model,
  messages: [{ role: 'user', content: text }],
});

export const messagesBody = (text: string, model = 'claude-test'): Record<string, unknown> => ({
  model,
  max_tokens: 64,
  messages: [{ role: 'user', content: text }],
});

export async function collectEvents(response: UpstreamResponse): Promise<SseEvent[]> {
  if (response.kind !== 'stream')
    throw new Error(`expected a stream, got ${response.kind} ${response.status}`);
  const events: SseEvent[] = [];
  for await (const event of response.events) events.push(event);
  return events;
}

export function jsonBody(response: UpstreamResponse): Record<string, unknown> {
  if (response.kind !== 'json') throw new Error(`expected JSON, got a stream`);
  return response.body as Record<string, unknown>;
}

/** Concatenated text of OpenAI chat chunks. */
export function chatStreamText(events: readonly SseEvent[]): string {
  return events
    .filter((e) => e.data !== '[DONE]')
    .map(
      (e) =>
        (JSON.parse(e.data) as { choices: { delta?: { content?: string | null } }[] }).choices[0]?.delta
          ?.content ?? '',
    )
    .join('');
}

/** Concatenated text deltas of an Anthropic stream. */
export function messageStreamText(events: readonly SseEvent[]): string {
  return events
    .filter((e) => e.event === 'content_block_delta')
    .map((e) => (JSON.parse(e.data) as { delta: { text?: string } }).delta.text ?? '')
    .join('');
}
