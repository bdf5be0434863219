/**
 * YAML files validated by a zod schema, with errors that say where: `file:line:col: key.path: what was
 * expected`. Shared by the configuration file, the protection policy files and the guardrail profiles.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { VeilgateError, type ErrorCode } from '../errors.js';

export type Segment = string | number;

export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(top level)' : out;
}

const SECRET_STRING = Symbol('a string (not shown)');

export function describeValue(v: unknown): string {
  if (v === SECRET_STRING) return 'a string (not shown)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const seg of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** Keys allowed at a path of the schema, for "unknown key" messages. */
function allowedKeys(schema: z.ZodType, p: readonly PropertyKey[]): string[] {
  let cur: unknown = schema;
  const unwrap = (s: unknown): unknown => {
    let x = s as { _zod?: { def?: { innerType?: unknown; type?: string } } };
    while (x?._zod?.def?.innerType !== undefined) x = x._zod.def.innerType as typeof x;
    return x;
  };
  for (const seg of [...p, null]) {
    cur = unwrap(cur);
    const def = (
      cur as {
        _zod?: {
          def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; options?: unknown[] };
        };
      }
    )._zod?.def;
    if (def === undefined) return [];
    if (def.type === 'union' && def.options) {
      cur = def.options.find(
        (o) => (unwrap(o) as { _zod?: { def?: { type?: string } } })._zod?.def?.type === 'object',
      );
      continue;
    }
    if (seg === null) return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
    if (def.type === 'object' && def.shape) cur = def.shape[String(seg)];
    else if (def.type === 'array') cur = def.element;
    else return [];
  }
  return [];
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const value = valueAt(raw, issue.path);
  // Allow- and deny-list entries can be sensitive themselves (an address, a code name): never echo them.
  const secret = issue.path.some((seg) => seg === 'allow' || seg === 'deny');
  const got = secret && typeof value === 'string' ? SECRET_STRING : value;
  switch (issue.code) {
    case 'invalid_type':
      return got === undefined
        ? `required key missing (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describeValue(got)}`;
    case 'too_big': {
      const op = issue.inclusive ? '<=' : '<';
      const what = issue.origin === 'array' ? 'at most' : op;
      return issue.origin === 'array'
        ? `expected ${what} ${String(issue.maximum)} items`
        : `expected a ${issue.origin} ${op} ${String(issue.maximum)}, got ${describeValue(got)}`;
    }
    case 'too_small': {
      const op = issue.inclusive ? '>=' : '>';
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `expected a non-empty string`;
      return `expected a ${issue.origin} ${op} ${String(issue.minimum)}, got ${describeValue(got)}`;
    }
    case 'invalid_value':
      if (got === undefined) {
        return `required key missing (expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
      }
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(got)}`;
    case 'unrecognized_keys':
      return `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_key':
      return `invalid key: ${issue.issues[0]?.message ?? 'not allowed here'}`;
    case 'invalid_union':
      return `expected a string or a mapping with the keys documented for this list, got ${describeValue(got)}`;
    default:
      return issue.message;
  }
}

export interface Located {
  readonly where: string;
}

/**
 * Parse YAML text (duplicate keys are errors); a syntax error becomes `code` with `shown:line:col` and
 * the parser's first line of explanation.
 */
export function parseYamlDocument(
  text: string,
  shown: string,
  code: ErrorCode,
  lineCounter: LineCounter,
): Document {
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new VeilgateError(
      code,
      `${shown}:${pos.line}:${pos.col}: invalid YAML: ${first.message.split('\n')[0] ?? ''}`,
    );
  }
  return doc;
}

export interface Locator {
  /** Where a value came from: an environment variable, `file:line:col`, or the file. */
  locate(p: readonly Segment[]): Located;
  /** Position of a key itself (for "unknown key"), not of its value. */
  locateKey(parent: readonly Segment[], key: string): Located;
}

export function createLocator(
  doc: Document | null,
  lineCounter: LineCounter,
  shown: string,
  overrides: ReadonlyMap<string, string> = new Map(),
): Locator {
  const locate = (p: readonly Segment[]): Located => {
    for (let n = p.length; n > 0; n--) {
      const envName = overrides.get(formatPath(p.slice(0, n)));
      if (envName !== undefined) return { where: envName };
    }
    const node = doc?.getIn(p, true) as { range?: [number, number, number] } | undefined;
    if (doc !== null && node?.range) {
      const pos = lineCounter.linePos(node.range[0]);
      return { where: `${shown}:${pos.line}:${pos.col}` };
    }
    return { where: shown };
  };
  const locateKey = (parent: readonly Segment[], key: string): Located => {
    const envName = overrides.get(formatPath([...parent, key]));
    if (envName !== undefined) return { where: envName };
    const map = parent.length === 0 ? doc?.contents : doc?.getIn(parent, true);
    if (doc !== null && isMap(map)) {
      const pair = map.items.find((it) => isScalar(it.key) && it.key.value === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) {
        const pos = lineCounter.linePos(range[0]);
        return { where: `${shown}:${pos.line}:${pos.col}` };
      }
    }
    return locate([...parent, key]);
  };
  return { locate, locateKey };
}

/** One line per zod issue, each located and naming the key path and what was expected. */
export function describeIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  locator: Locator,
): string {
  return issues
    .map((issue) => {
      const p = issue.path as Segment[];
      let msg = describeIssue(issue, raw);
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeys(schema, p);
        if (allowed.length > 0) msg += `; expected one of ${allowed.join(', ')}`;
        return `${locator.locateKey(p, issue.keys[0] as string).where}: ${formatPath(p)}: ${msg}`;
      }
      return `${locator.locate(p).where}: ${formatPath(p)}: ${msg}`;
    })
    .join('\n');
}

/**
 * A YAML file of one schema whose top level is a mapping with `version: 1` (protection policies,
 * guardrail profiles): parsed, checked to be a mapping, and validated; every error is `code` with
 * `shown:line:col`. The locator is returned for checks that need code (cross-references).
 */
export function parseVersionedYaml<S extends z.ZodType>(
  text: string,
  shown: string,
  code: ErrorCode,
  schema: S,
): { data: z.output<S>; locator: Locator } {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, shown, code, lineCounter);
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new VeilgateError(code, `${shown}: expected a mapping with version: 1, got ${describeValue(raw)}`);
  }
  const locator = createLocator(doc, lineCounter, shown);
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new VeilgateError(code, describeIssues(schema, result.error.issues, raw, locator));
  }
  return { data: result.data, locator };
}
