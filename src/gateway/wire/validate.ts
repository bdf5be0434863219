/**
 * Validates a parsed JSON request body against the allowlist schema of its route and explains the first
 * problem in one line: the field path and what was expected, never the value that was sent (a prompt or
 * a secret could be in it).
 */
import type { z } from 'zod';
import { messagesRequestSchema, type AnthropicMessagesRequest } from './anthropic-requests.js';
import {
  chatCompletionRequestSchema,
  completionRequestSchema,
  embeddingRequestSchema,
  type ChatCompletionRequest,
  type CompletionRequest,
  type EmbeddingRequest,
} from './openai-requests.js';

/** The routes whose bodies the gateway understands: OpenAI chat, completions and embeddings; Anthropic messages. */
export type Endpoint = 'chat' | 'completions' | 'embeddings' | 'messages';

export interface RequestBodies {
  chat: ChatCompletionRequest;
  completions: CompletionRequest;
  embeddings: EmbeddingRequest;
  messages: AnthropicMessagesRequest;
}
export type RequestBody<E extends Endpoint = Endpoint> = RequestBodies[E];

export type ParseResult<E extends Endpoint> =
  { readonly ok: true; readonly body: RequestBody<E> } | { readonly ok: false; readonly message: string };

const SCHEMAS: { readonly [E in Endpoint]: z.ZodType<RequestBodies[E]> } = {
  chat: chatCompletionRequestSchema,
  completions: completionRequestSchema,
  embeddings: embeddingRequestSchema,
  messages: messagesRequestSchema,
};

/** Check `json` (already parsed) against the schema of `endpoint`; unknown fields anywhere are refused. */
export function parseRequestBody<E extends Endpoint>(endpoint: E, json: unknown): ParseResult<E> {
  const schema = SCHEMAS[endpoint] as z.ZodType<RequestBody<E>>;
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, body: result.data };
  const first = result.error.issues[0];
  if (first === undefined) return { ok: false, message: 'request body: invalid' };
  return { ok: false, message: describeIssue(first, [], json) };
}

type Path = readonly PropertyKey[];

// Keys chosen by the client (metadata keys, unknown fields) are shown only when they look like field
// names, so the one-line message cannot carry a secret or break onto a second line.
const SHOWABLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && SHOWABLE_KEY.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += '[…]';
  }
  return out === '' ? 'request body' : out;
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function quoteList(values: readonly unknown[]): string {
  const shown = values.filter(
    (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  );
  return shown.map((v) => String(v)).join(', ');
}

function orList(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? 'a different value';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

const TYPE_NAMES: Record<string, string> = { int: 'integer', record: 'object', nan: 'number' };

/** What a union branch wanted at the union's own position, when it failed there (not deeper). */
function expectationAtRoot(issue: z.core.$ZodIssue): string | undefined {
  if (issue.path.length > 0) return undefined;
  if (issue.code === 'invalid_type') return TYPE_NAMES[issue.expected] ?? issue.expected;
  if (issue.code === 'invalid_value') return quoteList(issue.values);
  return undefined;
}

function deepestPath(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'invalid_union' ? 1 : 0)));
}

function describeIssue(issue: z.core.$ZodIssue, base: Path, input: unknown): string {
  const path = [...base, ...issue.path];
  const where = formatPath(path);
  switch (issue.code) {
    case 'invalid_type': {
      if (valueAt(input, path) === undefined) return `${where}: required`;
      return `${where}: expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    case 'unrecognized_keys': {
      const shown = issue.keys.filter((k) => SHOWABLE_KEY.test(k));
      const at = path.length === 0 ? 'in request body' : `at ${where}`;
      if (shown.length === 0) return `unknown field ${at}`;
      const names = shown.map((k) => `'${k}'`).join(', ');
      return `unknown field${shown.length > 1 ? 's' : ''} ${names} ${at}`;
    }
    case 'invalid_union': {
      // A discriminated union names the allowed tags; a plain union is explained by the branch that got
      // furthest, or by the list of shapes it would have accepted.
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options)) return `${where}: expected one of ${quoteList(options)}`;
      const branches = issue.errors.filter((b) => b.length > 0);
      const atRoot = branches.map((b) => (b.length === 1 && b[0] ? expectationAtRoot(b[0]) : undefined));
      if (branches.length > 0 && atRoot.every((e) => e !== undefined)) {
        if (valueAt(input, path) === undefined) return `${where}: required`;
        return `${where}: expected ${orList(atRoot as string[])}`;
      }
      let best = branches[0];
      for (const branch of branches) if (best && deepestPath(branch) > deepestPath(best)) best = branch;
      const inner = best?.find((i) => expectationAtRoot(i) === undefined) ?? best?.[0];
      return inner ? describeIssue(inner, path, input) : `${where}: invalid`;
    }
    case 'invalid_value':
      return `${where}: expected ${issue.values.length > 1 ? 'one of ' : ''}${quoteList(issue.values)}`;
    case 'too_big':
    case 'too_small': {
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      const word = issue.code === 'too_big' ? 'at most' : 'at least';
      if (issue.origin === 'array' || issue.origin === 'set')
        return `${where}: expected ${word} ${bound} items`;
      if (issue.origin === 'string') return `${where}: expected ${word} ${bound} characters`;
      const strict = issue.inclusive === false;
      const op = issue.code === 'too_big' ? (strict ? '<' : '<=') : strict ? '>' : '>=';
      return `${where}: expected a number ${op} ${bound}`;
    }
    case 'invalid_format':
    case 'custom':
      // Messages of our own refinements and regexes: written in this folder, never include the input.
      return `${where}: ${issue.message}`;
    case 'invalid_key': {
      // A record key (metadata, logit_bias) failed its own schema; explain that inner issue.
      const inner = issue.issues[0];
      return inner ? describeIssue(inner, path, input) : `${where}: invalid key`;
    }
    default:
      return `${where}: invalid value`;
  }
}
