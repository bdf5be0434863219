/**
 * Loading the configuration: YAML file -> environment overrides -> zod validation -> checks that need
 * code (custom regexes compile and cannot backtrack catastrophically). Every error names where the bad
 * value came from (file, line and column, or environment variable), the key path, and what was expected.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parse as parseYamlValue, isMap } from 'yaml';
import { buildCustomRecognizer } from '../detect/custom.js';
import { VeilgateError } from '../errors.js';
import { configSchema, type VeilgateConfig } from './schema.js';
import {
  createLocator,
  describeValue,
  formatPath,
  describeIssues,
  parseYamlDocument,
} from './yaml-schema.js';

export const CONFIG_ENV = 'VEILGATE_CONFIG';
export const ENV_PREFIX = 'VEILGATE_';
export const DEFAULT_CONFIG_FILE = 'veilgate.yaml';
/** VEILGATE_ variables that carry secrets or test settings, not configuration overrides. */
export const NON_CONFIG_ENV = new Set(['VEILGATE_MASTER_KEY', 'VEILGATE_TEST_POSTGRES']);

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

/** `SCAN__MAX_LINE_BYTES` -> ['scan', 'maxLineBytes']. */
export function envKeyToPath(key: string): string[] {
  return key
    .slice(ENV_PREFIX.length)
    .split('__')
    .map((seg) => seg.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()));
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
  let doc: ReturnType<typeof parseYamlDocument> | null = null;
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
    doc = parseYamlDocument(text, shown, 'VG_CONFIG_PARSE', lineCounter);
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
    if (!key.startsWith(ENV_PREFIX) || key === CONFIG_ENV || NON_CONFIG_ENV.has(key)) continue;
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

  const { locate } = createLocator(doc, lineCounter, shown, overrides);

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new VeilgateError(
      'VG_CONFIG_INVALID',
      describeIssues(
        configSchema,
        result.error.issues,
        raw,
        createLocator(doc, lineCounter, shown, overrides),
      ),
    );
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
