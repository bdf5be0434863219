/**
 * Finds every string in a request body that the model reads, and rewrites those strings without touching
 * anything else. The input guard scans the slots, decides, and hands back one replacement per slot.
 *
 * What counts as text the model reads: message content in every role, tool call arguments it wrote in
 * earlier turns, tool results, documents and search results, tool and schema descriptions (a JSON
 * Schema's `description` and `title` reach the model as prose), completion prompts and embedding inputs.
 * What does not: ids, names, URLs, media (base64, file ids), encrypted blobs, signatures, sampling
 * parameters. Names and ids are kept prose-free by the schemas instead (see openai-requests.ts).
 *
 * One walker per format serves both reading and rewriting, so the two always agree on order. An
 * unrecognised content block type fails closed with a VeilgateError instead of being skipped.
 */
import { VeilgateError, type ErrorCode } from '../../errors.js';
import type { Endpoint, RequestBody } from './validate.js';

export type TextRole = 'system' | 'user' | 'assistant' | 'tool' | 'document';
export type TextKind =
  'content' | 'tool_arguments' | 'tool_result' | 'prompt' | 'embedding_input' | 'tool_definition';

export interface TextSlot {
  readonly role: TextRole;
  readonly kind: TextKind;
  /** Where the text sits, e.g. `messages[2].content[0].text` or `messages[1].content[0].input.query`. */
  readonly path: string;
  readonly text: string;
}

/** An object or array that holds a text under `key`. */
export type Holder = Record<string, unknown> | unknown[];
/** Called once per text, in order; `holder[key]` is the string. */
export type TextSink = (
  role: TextRole,
  kind: TextKind,
  path: string,
  holder: Holder,
  key: string | number,
) => void;
/** Walks one body (request, response or stream event) and reports its texts to the sink. */
export type TextWalk = (root: unknown, sink: TextSink) => void;

/**
 * The slots of each request body already walked. The pipeline reads the same body several times (token
 * estimate, injection guard, input guard); bodies are never changed in place (a rewrite is a copy), so a
 * body's slots stay valid for as long as the body lives.
 */
const slotsOfBody = new WeakMap<object, readonly TextSlot[]>();

/** Every string in the body that the model reads, in order. */
export function requestTexts<E extends Endpoint>(endpoint: E, body: RequestBody<E>): readonly TextSlot[] {
  const known = slotsOfBody.get(body);
  if (known !== undefined) return known;
  const slots: readonly TextSlot[] = collectTexts(REQUEST_WALKS[endpoint], body);
  slotsOfBody.set(body, slots);
  return slots;
}

/** A copy of body with slot i's text replaced by replacements[i] (same order as requestTexts); body is not mutated. */
export function rewriteRequestTexts<E extends Endpoint>(
  endpoint: E,
  body: RequestBody<E>,
  replacements: readonly string[],
): RequestBody<E> {
  return rewriteTexts(REQUEST_WALKS[endpoint], body, replacements);
}

// ---------------------------------------------------------------------------------------------------
// Shared machinery (also used by response-texts.ts)

export function collectTexts(walk: TextWalk, root: unknown): TextSlot[] {
  const slots: TextSlot[] = [];
  walk(root, (role, kind, path, holder, key) => {
    slots.push({ role, kind, path, text: read(holder, key) as string });
  });
  return slots;
}

export function rewriteTexts<T>(walk: TextWalk, root: T, replacements: readonly string[]): T {
  // Nothing to change (the common case for responses and stream events): no copy.
  let same = true;
  let count = 0;
  walk(root, (_role, _kind, _path, holder, key) => {
    if (read(holder, key) !== replacements[count++]) same = false;
  });
  if (same && count === replacements.length) return root;
  const copy = structuredClone(root);
  let next = 0;
  walk(copy, (_role, _kind, _path, holder, key) => {
    const replacement = replacements[next++];
    if (replacement === undefined) throw replacementCountError(replacements.length);
    write(holder, key, replacement);
  });
  if (next !== replacements.length) throw replacementCountError(replacements.length, next);
  return copy;
}

function replacementCountError(given: number, expected?: number): VeilgateError {
  const wanted = expected === undefined ? 'more' : String(expected);
  return new VeilgateError(
    'VG_GATEWAY_GUARD_FAILED',
    `text rewrite got ${given} replacements for ${wanted} texts`,
  );
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

function read(holder: Holder, key: string | number): unknown {
  return Array.isArray(holder) ? holder[key as number] : holder[key as string];
}

function write(holder: Holder, key: string | number, value: string): void {
  if (Array.isArray(holder)) holder[key as number] = value;
  else holder[key as string] = value;
}

/** Report `holder[key]` when it is a string; `parentPath` is the path of `holder`. */
export function emitText(
  sink: TextSink,
  role: TextRole,
  kind: TextKind,
  holder: Holder | undefined,
  key: string | number,
  parentPath: string,
): void {
  if (holder !== undefined && typeof read(holder, key) === 'string') {
    sink(role, kind, childPath(parentPath, key), holder, key);
  }
}

/** `messages[2].content`, `input["first name"]`: JavaScript accessor syntax, keys quoted when needed. */
export function childPath(path: string, ...keys: ReadonlyArray<string | number>): string {
  let out = path;
  for (const key of keys) {
    if (typeof key === 'number') out = `${out}[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out = out === '' ? key : `${out}.${key}`;
    else out = `${out}[${JSON.stringify(key)}]`;
  }
  return out;
}

function childrenOf(value: unknown): Array<string | number> {
  if (Array.isArray(value)) return value.map((_v, i) => i);
  const record = asRecord(value);
  return record ? Object.keys(record) : [];
}

/**
 * Every string leaf under `holder[key]` (itself included), depth first in document order. Iterative, so
 * upstream JSON nested arbitrarily deep cannot overflow the stack.
 */
export function visitStringLeaves(
  holder: Holder,
  key: string | number,
  path: string,
  onLeaf: (path: string, holder: Holder, key: string | number) => void,
): void {
  const stack = [{ holder, key, path }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const value = read(item.holder, item.key);
    if (typeof value === 'string') {
      onLeaf(item.path, item.holder, item.key);
      continue;
    }
    const container = asRecord(value) ?? asArray(value);
    if (container === undefined) continue;
    const keys = childrenOf(container);
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = keys[i] as string | number;
      stack.push({ holder: container, key: child, path: childPath(item.path, child) });
    }
  }
}

// JSON Schema annotations the model reads as prose (JSON Schema 2020-12 §9.1: title, description).
const SCHEMA_PROSE_KEYS = new Set(['description', 'title']);

/** The `description` and `title` strings anywhere inside a JSON Schema, as tool definitions. */
export function visitSchemaProse(schema: unknown, path: string, sink: TextSink): void {
  const record = asRecord(schema);
  if (record === undefined) return;
  const stack: Array<{ value: unknown; path: string }> = [{ value: record, path }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const container = asRecord(item.value) ?? asArray(item.value);
    if (container === undefined) continue;
    const keys = childrenOf(container);
    const nested: Array<{ value: unknown; path: string }> = [];
    for (const key of keys) {
      const value = read(container, key);
      const where = childPath(item.path, key);
      if (typeof key === 'string' && SCHEMA_PROSE_KEYS.has(key) && typeof value === 'string') {
        sink('system', 'tool_definition', where, container, key);
      } else if (value !== null && typeof value === 'object') {
        nested.push({ value, path: where });
      }
    }
    for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i] as { value: unknown; path: string });
  }
}

// ---------------------------------------------------------------------------------------------------
// OpenAI

const OPENAI_ROLES: Record<string, TextRole> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  function: 'tool',
};

/** `content` as a string or an array of text / refusal parts (other parts carry media, not text). */
function visitOpenAIContent(
  message: Record<string, unknown>,
  path: string,
  role: TextRole,
  kind: TextKind,
  sink: TextSink,
): void {
  const contentPath = childPath(path, 'content');
  emitText(sink, role, kind, message, 'content', path);
  asArray(message.content)?.forEach((part, j) => {
    const record = asRecord(part);
    const partPath = childPath(contentPath, j);
    if (record?.type === 'text') emitText(sink, role, kind, record, 'text', partPath);
    if (record?.type === 'refusal') emitText(sink, role, kind, record, 'refusal', partPath);
  });
}

/** Tool calls an assistant made: the arguments are a JSON string the guard reads as text. */
export function visitOpenAIToolCalls(message: Record<string, unknown>, path: string, sink: TextSink): void {
  asArray(message.tool_calls)?.forEach((call, k) => {
    const record = asRecord(call);
    const callPath = childPath(path, 'tool_calls', k);
    const fn = asRecord(record?.function);
    emitText(sink, 'assistant', 'tool_arguments', fn, 'arguments', childPath(callPath, 'function'));
    const custom = asRecord(record?.custom);
    emitText(sink, 'assistant', 'tool_arguments', custom, 'input', childPath(callPath, 'custom'));
  });
  const functionCall = asRecord(message.function_call);
  emitText(sink, 'assistant', 'tool_arguments', functionCall, 'arguments', childPath(path, 'function_call'));
}

function visitFunctionDefinition(
  definition: Record<string, unknown> | undefined,
  path: string,
  sink: TextSink,
): void {
  if (definition === undefined) return;
  emitText(sink, 'system', 'tool_definition', definition, 'description', path);
  visitSchemaProse(definition.parameters, childPath(path, 'parameters'), sink);
}

const walkChatRequest: TextWalk = (root, sink) => {
  const body = asRecord(root);
  if (body === undefined) return;
  asArray(body.messages)?.forEach((entry, i) => {
    const message = asRecord(entry);
    if (message === undefined) return;
    const path = childPath('messages', i);
    const role = OPENAI_ROLES[String(message.role)] ?? 'user';
    visitOpenAIContent(message, path, role, role === 'tool' ? 'tool_result' : 'content', sink);
    if (message.role === 'assistant') {
      emitText(sink, 'assistant', 'content', message, 'refusal', path);
      visitOpenAIToolCalls(message, path, sink);
    }
  });
  asArray(body.tools)?.forEach((entry, t) => {
    const tool = asRecord(entry);
    const path = childPath('tools', t);
    visitFunctionDefinition(asRecord(tool?.function), childPath(path, 'function'), sink);
    const custom = asRecord(tool?.custom);
    const customPath = childPath(path, 'custom');
    emitText(sink, 'system', 'tool_definition', custom, 'description', customPath);
    // A custom tool's grammar (Lark or regex) constrains what the model writes, literals included.
    const grammar = asRecord(asRecord(custom?.format)?.grammar);
    emitText(
      sink,
      'system',
      'tool_definition',
      grammar,
      'definition',
      childPath(customPath, 'format', 'grammar'),
    );
  });
  asArray(body.functions)?.forEach((entry, f) =>
    visitFunctionDefinition(asRecord(entry), childPath('functions', f), sink),
  );
  const jsonSchema = asRecord(asRecord(body.response_format)?.json_schema);
  const jsonSchemaPath = 'response_format.json_schema';
  emitText(sink, 'system', 'tool_definition', jsonSchema, 'description', jsonSchemaPath);
  visitSchemaProse(jsonSchema?.schema, childPath(jsonSchemaPath, 'schema'), sink);
  const prediction = asRecord(body.prediction);
  if (prediction) visitOpenAIContent(prediction, 'prediction', 'assistant', 'content', sink);
};

const walkCompletionRequest: TextWalk = (root, sink) => {
  const body = asRecord(root);
  if (body === undefined) return;
  emitText(sink, 'user', 'prompt', body, 'prompt', '');
  asArray(body.prompt)?.forEach((_p, i) =>
    emitText(sink, 'user', 'prompt', body.prompt as unknown[], i, 'prompt'),
  );
  emitText(sink, 'user', 'prompt', body, 'suffix', '');
};

const walkEmbeddingRequest: TextWalk = (root, sink) => {
  const body = asRecord(root);
  if (body === undefined) return;
  emitText(sink, 'user', 'embedding_input', body, 'input', '');
  asArray(body.input)?.forEach((_p, i) =>
    emitText(sink, 'user', 'embedding_input', body.input as unknown[], i, 'input'),
  );
};

// ---------------------------------------------------------------------------------------------------
// Anthropic

/** Who a text belongs to while walking nested blocks: tool results stay tool results all the way down. */
export interface BlockContext {
  readonly role: TextRole;
  readonly kind: TextKind;
  /** Error code for a block type this walker does not know (request: bad request; response: upstream). */
  readonly unknownBlock: ErrorCode;
}

const ANTHROPIC_ROLES: Record<string, TextRole> = { user: 'user', assistant: 'assistant', system: 'system' };

function documentContext(context: BlockContext): BlockContext {
  return context.kind === 'tool_result' ? context : { ...context, role: 'document', kind: 'content' };
}

function toolResultContext(context: BlockContext): BlockContext {
  return { ...context, role: 'tool', kind: 'tool_result' };
}

function visitCitations(
  block: Record<string, unknown>,
  path: string,
  context: BlockContext,
  sink: TextSink,
): void {
  asArray(block.citations)?.forEach((entry, c) => {
    const citation = asRecord(entry);
    const citationPath = childPath(path, 'citations', c);
    const { role, kind } = documentContext(context);
    emitText(sink, role, kind, citation, 'cited_text', citationPath);
    emitText(sink, role, kind, citation, 'document_title', citationPath);
    emitText(sink, role, kind, citation, 'title', citationPath);
  });
}

/** `content` as a string or an array of blocks, as in messages, tool results and document sources. */
function visitAnthropicContent(
  holder: Record<string, unknown>,
  path: string,
  context: BlockContext,
  sink: TextSink,
): void {
  const contentPath = childPath(path, 'content');
  emitText(sink, context.role, context.kind, holder, 'content', path);
  asArray(holder.content)?.forEach((block, j) =>
    visitAnthropicBlock(block, childPath(contentPath, j), context, sink),
  );
}

function visitDocument(
  block: Record<string, unknown>,
  path: string,
  outer: BlockContext,
  sink: TextSink,
): void {
  const context = documentContext(outer);
  const source = asRecord(block.source);
  const sourcePath = childPath(path, 'source');
  if (source?.type === 'text') emitText(sink, context.role, context.kind, source, 'data', sourcePath);
  if (source?.type === 'content') visitAnthropicContent(source, sourcePath, context, sink);
  emitText(sink, context.role, context.kind, block, 'title', path);
  emitText(sink, context.role, context.kind, block, 'context', path);
  visitCitations(block, path, context, sink);
}

function visitToolInput(block: Record<string, unknown>, path: string, sink: TextSink): void {
  // The model wrote this JSON; every string leaf is its own text, rewritten in place.
  if (!('input' in block)) return;
  visitStringLeaves(block, 'input', childPath(path, 'input'), (leafPath, holder, key) =>
    sink('assistant', 'tool_arguments', leafPath, holder, key),
  );
}

function visitExecutionOutput(content: Record<string, unknown>, path: string, sink: TextSink): void {
  for (const key of ['stdout', 'stderr', 'error_message']) {
    emitText(sink, 'tool', 'tool_result', content, key, path);
  }
}

/** One content block of an Anthropic message, request or response side (their text fields coincide). */
export function visitAnthropicBlock(
  entry: unknown,
  path: string,
  context: BlockContext,
  sink: TextSink,
): void {
  const block = asRecord(entry);
  if (block === undefined) return;
  const tool = toolResultContext(context);
  const content = asRecord(block.content);
  const contentPath = childPath(path, 'content');
  switch (block.type) {
    case 'text':
      emitText(sink, context.role, context.kind, block, 'text', path);
      visitCitations(block, path, context, sink);
      return;
    case 'thinking':
      // Model-written reasoning. Note: the API verifies `signature` over it, so rewriting it makes the
      // turn unusable upstream; the guard may prefer to block.
      emitText(sink, 'assistant', 'content', block, 'thinking', path);
      return;
    case 'document':
      visitDocument(block, path, context, sink);
      return;
    case 'search_result': {
      const docContext = documentContext(context);
      asArray(block.content)?.forEach((inner, j) =>
        visitAnthropicBlock(inner, childPath(contentPath, j), docContext, sink),
      );
      emitText(sink, docContext.role, docContext.kind, block, 'title', path);
      // The client chooses `source` (usually a URL) and the model cites it: prose could hide there.
      emitText(sink, docContext.role, docContext.kind, block, 'source', path);
      return;
    }
    case 'tool_use':
    case 'server_tool_use':
    case 'mcp_tool_use':
      visitToolInput(block, path, sink);
      return;
    case 'tool_result':
    case 'mcp_tool_result':
      visitAnthropicContent(block, path, tool, sink);
      return;
    case 'browser_state':
      asArray(block.tabs)?.forEach((tab, t) =>
        emitText(sink, 'tool', 'tool_result', asRecord(tab), 'title', childPath(path, 'tabs', t)),
      );
      asArray(block.state_changes)?.forEach((change, s) =>
        emitText(sink, 'tool', 'tool_result', asRecord(change), 'error', childPath(path, 'state_changes', s)),
      );
      return;
    case 'web_search_tool_result':
      asArray(block.content)?.forEach((result, r) =>
        emitText(sink, 'tool', 'tool_result', asRecord(result), 'title', childPath(contentPath, r)),
      );
      return;
    case 'web_fetch_tool_result':
      if (content?.type === 'web_fetch_result')
        visitAnthropicBlock(content.content, childPath(contentPath, 'content'), tool, sink);
      return;
    case 'code_execution_tool_result':
    case 'bash_code_execution_tool_result':
    case 'tool_search_tool_result':
      if (content) visitExecutionOutput(content, contentPath, sink);
      return;
    case 'text_editor_code_execution_tool_result':
      if (content === undefined) return;
      visitExecutionOutput(content, contentPath, sink);
      if (content.type === 'text_editor_code_execution_view_result') {
        emitText(sink, 'tool', 'tool_result', content, 'content', contentPath);
      }
      asArray(content.lines)?.forEach((_line, l) =>
        emitText(sink, 'tool', 'tool_result', content.lines as unknown[], l, childPath(contentPath, 'lines')),
      );
      return;
    case 'image':
    case 'redacted_thinking':
    case 'tool_reference':
    case 'container_upload':
      return;
    default:
      throw new VeilgateError(
        context.unknownBlock,
        `${childPath(path, 'type')}: unsupported content block type`,
      );
  }
}

const REQUEST_BLOCKS: Pick<BlockContext, 'unknownBlock'> = { unknownBlock: 'VG_GATEWAY_BAD_REQUEST' };

const walkMessagesRequest: TextWalk = (root, sink) => {
  const body = asRecord(root);
  if (body === undefined) return;
  const system: BlockContext = { role: 'system', kind: 'content', ...REQUEST_BLOCKS };
  emitText(sink, 'system', 'content', body, 'system', '');
  asArray(body.system)?.forEach((block, j) =>
    visitAnthropicBlock(block, childPath('system', j), system, sink),
  );
  asArray(body.messages)?.forEach((entry, i) => {
    const message = asRecord(entry);
    if (message === undefined) return;
    const role = ANTHROPIC_ROLES[String(message.role)] ?? 'user';
    visitAnthropicContent(
      message,
      childPath('messages', i),
      { role, kind: 'content', ...REQUEST_BLOCKS },
      sink,
    );
  });
  asArray(body.tools)?.forEach((entry, t) =>
    visitAnthropicTool(asRecord(entry), childPath('tools', t), sink),
  );
  const format = asRecord(asRecord(body.output_config)?.format);
  visitSchemaProse(format?.schema, 'output_config.format.schema', sink);
};

function visitAnthropicTool(tool: Record<string, unknown> | undefined, path: string, sink: TextSink): void {
  if (tool === undefined) return;
  emitText(sink, 'system', 'tool_definition', tool, 'description', path);
  visitSchemaProse(tool.input_schema, childPath(path, 'input_schema'), sink);
  if ('input_examples' in tool) {
    visitStringLeaves(tool, 'input_examples', childPath(path, 'input_examples'), (leafPath, holder, key) =>
      sink('system', 'tool_definition', leafPath, holder, key),
    );
  }
  // MCP toolsets list their tools inline.
  asArray(tool.tools)?.forEach((inner, k) =>
    visitAnthropicTool(asRecord(inner), childPath(path, 'tools', k), sink),
  );
}

const REQUEST_WALKS: { readonly [E in Endpoint]: TextWalk } = {
  chat: walkChatRequest,
  completions: walkCompletionRequest,
  embeddings: walkEmbeddingRequest,
  messages: walkMessagesRequest,
};
