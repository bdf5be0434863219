/**
 * Finds and rewrites the texts in a NON-streaming upstream response: what the model wrote (content,
 * refusals, tool call arguments, thinking, audio transcripts) and what server-side tools returned with it
 * (code execution output, fetched documents), since both reach the caller. The output guard scans the
 * slots and hands back one replacement per slot.
 *
 * The body comes from upstream and is not schema-checked, so the walkers tolerate missing fields; an
 * Anthropic content block of a type they do not know fails closed (VG_UPSTREAM_ERROR) rather than
 * passing unscanned.
 */
import {
  asArray,
  asRecord,
  childPath,
  collectTexts,
  emitText,
  rewriteTexts,
  visitAnthropicBlock,
  visitOpenAIToolCalls,
  type TextSlot,
  type TextWalk,
} from './request-texts.js';
import type { Endpoint } from './validate.js';

/** Every text in the response that the model (or a server tool) produced, in order. */
export function responseTexts(endpoint: Endpoint, body: unknown): TextSlot[] {
  return collectTexts(RESPONSE_WALKS[endpoint], body);
}

/** A copy of body with slot i's text replaced by replacements[i] (same order as responseTexts); body is not mutated. */
export function rewriteResponseTexts<T>(endpoint: Endpoint, body: T, replacements: readonly string[]): T {
  return rewriteTexts(RESPONSE_WALKS[endpoint], body, replacements);
}

// ChatCompletion.choices[].message (openai resources/chat/completions ChatCompletionMessage).
const walkChatResponse: TextWalk = (root, sink) => {
  asArray(asRecord(root)?.choices)?.forEach((entry, c) => {
    const path = childPath('choices', c, 'message');
    const message = asRecord(asRecord(entry)?.message);
    if (message === undefined) return;
    emitText(sink, 'assistant', 'content', message, 'content', path);
    emitText(sink, 'assistant', 'content', message, 'refusal', path);
    // Not in OpenAI's types: OpenAI-compatible providers (DeepSeek, vLLM, OpenRouter) return reasoning here.
    for (const field of ['reasoning_content', 'reasoning']) {
      emitText(sink, 'assistant', 'content', message, field, path);
    }
    visitOpenAIToolCalls(message, path, sink);
    const audio = asRecord(message.audio);
    emitText(sink, 'assistant', 'content', audio, 'transcript', childPath(path, 'audio'));
  });
};

// Completion.choices[].text (openai resources/completions CompletionChoice).
const walkCompletionResponse: TextWalk = (root, sink) => {
  asArray(asRecord(root)?.choices)?.forEach((entry, c) => {
    emitText(sink, 'assistant', 'content', asRecord(entry), 'text', childPath('choices', c));
  });
};

// Embeddings are vectors: nothing a person could read comes back.
const walkEmbeddingResponse: TextWalk = () => undefined;

// Message.content[] (anthropic resources/messages ContentBlock).
const walkMessagesResponse: TextWalk = (root, sink) => {
  asArray(asRecord(root)?.content)?.forEach((block, i) =>
    visitAnthropicBlock(
      block,
      childPath('content', i),
      { role: 'assistant', kind: 'content', unknownBlock: 'VG_UPSTREAM_ERROR' },
      sink,
    ),
  );
};

const RESPONSE_WALKS: { readonly [E in Endpoint]: TextWalk } = {
  chat: walkChatResponse,
  completions: walkCompletionResponse,
  embeddings: walkEmbeddingResponse,
  messages: walkMessagesResponse,
};
