/**
 * Adds a sentence to a request's system prompt (the canary), in both wire formats, without mutating the
 * body. OpenAI chat: the first `system` or `developer` message gets it (a text part is appended to a parts
 * array), else a system message is inserted first. Anthropic messages: the top-level `system` string or
 * text blocks. Completions and embeddings have no system prompt: undefined.
 */
import type { Endpoint, RequestBody } from './validate.js';

type Json = Record<string, unknown>;

const appendText = (content: unknown, text: string): unknown =>
  Array.isArray(content)
    ? [...(content as unknown[]), { type: 'text', text }]
    : `${String(content)}\n\n${text}`;

export function appendToSystemPrompt<E extends Endpoint>(
  endpoint: E,
  body: RequestBody<E>,
  text: string,
): RequestBody<E> | undefined {
  const b = body as unknown as Json;
  if (endpoint === 'chat') {
    const messages = b['messages'] as Json[];
    const at = messages.findIndex((m) => m['role'] === 'system' || m['role'] === 'developer');
    const next =
      at < 0
        ? [{ role: 'system', content: text }, ...messages]
        : messages.map((m, i) => (i === at ? { ...m, content: appendText(m['content'], text) } : m));
    return { ...b, messages: next } as unknown as RequestBody<E>;
  }
  if (endpoint === 'messages') {
    const system = b['system'];
    return {
      ...b,
      system: system === undefined ? text : appendText(system, text),
    } as unknown as RequestBody<E>;
  }
  return undefined;
}
