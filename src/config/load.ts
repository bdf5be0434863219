/**
 * Loading the configuration: YAML file -> environment overrides -> zod validation -> checks that need
 * code (custom regexes compile and cannot backtrack catastrophically). Every error names where the bad
 * value came from (file, line and column, or environment variable), the key path, and what was expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, parse as parseYamlValue, isMap, isScalar } from 'yaml';
import type { z } from 'zod';
import { buildCustomRecognizer } from '../detect/custom.js';
import { VeilgateError } from '../errors.js';
import { configSchema, type VeilgateConfig } from './schema.js';

export const CONFIG_ENV = 'VEILGATE_CONFIG';
export const ENV_PREFIX = 'VEILGATE_';
export const DEFAULT_CONFIG_FILE = 'veilgate.yaml';

export interface LoadedConfig {
  readonly config: VeilgateConfig;
  /** The file read, or null when running on defaults (and environment overrides). */
  readonly file: string | null;
  /** Environment variables that overrode keys, by key path (`scan.threshold`). */
  readonly overrides: ReadonlyMap<string, string>;
}

export interface LoadOptions {
  /** Explicit file (from `--config`); must exist. */
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

type Segment = string | number;

function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** `SCAN__MAX_LINE_BYTES` -> ['scan', 'maxLineBytes']. */
export function envKeyToPath(key: string): string[] {
  return key
    .slice(ENV_PREFIX.length)
    .split('__')
    .map((seg) => seg.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()));
}

const SECRET_STRING = Symbol('a string (not shown)');

function describeValue(v: unknown): string {
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
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(got)}`;
    case 'unrecognized_keys':
      return `unknown key ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_union':
      return `expected a string or a mapping with the keys documented for this list, got ${describeValue(got)}`;
    default:
      return issue.message;
  }
}

interface Located {
  readonly where: string;
}

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let file: string | null = null;
  if (options.file !== undefined) file = path.resolve(cwd, options.file);
  else if (env[CONFIG_ENV]) file = path.resolve(cwd, env[CONFIG_ENV] as string);
  else if (existsSync(path.join(cwd, DEFAULT_CONFIG_FILE))) file = path.join(cwd, DEFAULT_CONFIG_FILE);

  let raw: Record<string, unknown> = {};
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument> | null = null;
  const shown = file === null ? '(defaults)' : path.relative(cwd, file) || file;

  if (file !== null) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new VeilgateError('VG_CONFIG_READ', `${shown}: cannot read configuration file (${code})`, {
        cause: err,
      });
    }
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    const first = doc.errors[0];
    if (first !== undefined) {
      const pos = lineCounter.linePos(first.pos[0]);
      throw new VeilgateError(
        'VG_CONFIG_PARSE',
        `${shown}:${pos.line}:${pos.col}: invalid YAML: ${first.message.split('\n')[0] ?? ''}`,
      );
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) raw = {};
    else if (typeof value !== 'object' || Array.isArray(value) || !isMap(doc.contents)) {
      throw new VeilgateError(
        'VG_CONFIG_INVALID',
        `${shown}: (top level): expected a mapping of sections, got ${describeValue(value)}`,
      );
    } else raw = value as Record<string, unknown>;
  }

  // Environment overrides: VEILGATE_SCAN__THRESHOLD=0.7 sets scan.threshold; values are read as YAML scalars
  // or flow collections, so numbers, booleans and lists (`[A, B]`) keep their types.
  const overrides = new Map<string, string>();
  for (const key of Object.keys(env).sort()) {
    if (!key.startsWith(ENV_PREFIX) || key === CONFIG_ENV) continue;
    const p = envKeyToPath(key);
    if (p.some((s) => s === '')) {
      throw new VeilgateError(
        'VG_CONFIG_ENV',
        `${key}: malformed name; use VEILGATE_<SECTION>__<KEY>, e.g. VEILGATE_SCAN__THRESHOLD`,
      );
    }
    let value: unknown;
    try {
      value = parseYamlValue(env[key] as string);
    } catch {
      value = env[key];
    }
    let cur: Record<string, unknown> = raw;
    for (const seg of p.slice(0, -1)) {
      const next = cur[seg];
      if (next === undefined) cur[seg] = {};
      else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        throw new VeilgateError(
          'VG_CONFIG_ENV',
          `${key}: cannot override inside ${formatPath(p.slice(0, p.indexOf(seg) + 1))}, which is not a mapping`,
        );
      }
      cur = cur[seg] as Record<string, unknown>;
    }
    cur[p[p.length - 1] as string] = value;
    overrides.set(formatPath(p), key);
  }

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

  /** Position of a key itself (for "unknown key"), not of its value. */
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

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const p = issue.path as Segment[];
      let msg = describeIssue(issue, raw);
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeys(configSchema, p);
        if (allowed.length > 0) msg += `; expected one of ${allowed.join(', ')}`;
        return `${locateKey(p, issue.keys[0] as string).where}: ${formatPath(p)}: ${msg}`;
      }
      return `${locate(p).where}: ${formatPath(p)}: ${msg}`;
    });
    throw new VeilgateError('VG_CONFIG_INVALID', lines.join('\n'));
  }
  const config = result.data;

  // Checks zod cannot express: custom regexes must compile and be safe.
  config.scan.recognizers.forEach((r, i) => {
    const p = ['scan', 'recognizers', i];
    try {
      buildCustomRecognizer(r, formatPath(p));
    } catch (err) {
      if (err instanceof VeilgateError) {
        throw new VeilgateError(err.code, `${locate(p).where}: ${err.message}`, { cause: err });
      }
      throw err;
    }
  });
  const ids = new Set<string>();
  config.scan.recognizers.forEach((r, i) => {
    if (ids.has(r.id)) {
      throw new VeilgateError(
        'VG_CONFIG_INVALID',
        `${locate(['scan', 'recognizers', i, 'id']).where}: scan.recognizers[${i}].id: duplicate id '${r.id}'`,
      );
    }
    ids.add(r.id);
  });

  return { config, file, overrides };
}
