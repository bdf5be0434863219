import safeRegex from 'safe-regex2';
import { VeilgateError } from '../errors.js';
import type { ContextSpec, RecognizerSpec } from './types.js';
import { NAMED_VALIDATORS, NAMED_VALIDATOR_NAMES } from './validators/named.js';

/** A recognizer declared in configuration rather than in code. */
export interface CustomRecognizerConfig {
  readonly id: string;
  readonly entity: string;
  readonly patterns: readonly { readonly name?: string; readonly regex: string; readonly score?: number }[];
  readonly flags?: string;
  readonly validator?: string;
  readonly context?: readonly string[];
  readonly score?: number;
  /** ISO 639-1 codes of the languages the context words are written in (default: any language). */
  readonly languages?: readonly string[];
}

const MAX_PATTERN_LENGTH = 1000;

/**
 * Compile a regex from configuration, refusing what could hang the scanner: patterns with nested
 * quantifiers (catastrophic backtracking, e.g. `(a+)+`), patterns that match the empty string, and
 * unreasonably long sources.
 */
export function compileConfigRegex(source: string, flags: string, where: string): RegExp {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new VeilgateError(
      'VG_DETECT_BAD_PATTERN',
      `${where}: pattern longer than ${MAX_PATTERN_LENGTH} characters`,
    );
  }
  if (!/^[imsu]*$/.test(flags)) {
    throw new VeilgateError('VG_DETECT_BAD_PATTERN', `${where}: flags may only contain i, m, s, u`);
  }
  let re: RegExp;
  try {
    re = new RegExp(source, `g${flags}`);
  } catch (err) {
    throw new VeilgateError(
      'VG_DETECT_BAD_PATTERN',
      `${where}: invalid regular expression (${(err as Error).message})`,
    );
  }
  if (!safeRegex(re)) {
    throw new VeilgateError(
      'VG_DETECT_BAD_PATTERN',
      `${where}: pattern may backtrack catastrophically (nested or overlapping quantifiers); simplify it`,
    );
  }
  if (re.test('')) {
    throw new VeilgateError('VG_DETECT_BAD_PATTERN', `${where}: pattern matches the empty string`);
  }
  re.lastIndex = 0;
  return re;
}

export function buildCustomRecognizer(cfg: CustomRecognizerConfig, where: string): RecognizerSpec {
  const validatorName = cfg.validator;
  let validate: RecognizerSpec['validate'];
  if (validatorName !== undefined) {
    const fn = NAMED_VALIDATORS[validatorName];
    if (fn === undefined) {
      throw new VeilgateError(
        'VG_DETECT_UNKNOWN_VALIDATOR',
        `${where}.validator: unknown validator '${validatorName}'; expected one of ${NAMED_VALIDATOR_NAMES.join(', ')}`,
      );
    }
    validate = (value) => fn(value);
  }
  const baseScore = cfg.score ?? 0.5;
  const patterns = cfg.patterns.map((p, i) => ({
    name: p.name ?? `pattern-${i + 1}`,
    regex: compileConfigRegex(p.regex, cfg.flags ?? '', `${where}.patterns[${i}].regex`),
    score: p.score ?? baseScore,
  }));
  const context: ContextSpec | undefined =
    cfg.context && cfg.context.length > 0 ? { words: cfg.context.map((w) => w.toLowerCase()) } : undefined;
  return Object.freeze({
    id: cfg.id,
    entity: cfg.entity,
    version: 'custom',
    description: `Custom recognizer ${cfg.id} from configuration`,
    patterns,
    ...(context ? { context } : {}),
    ...(validate ? { validate } : {}),
    ...(cfg.languages && cfg.languages.length > 0
      ? { languages: cfg.languages.map((l) => l.toLowerCase()) }
      : {}),
  });
}
