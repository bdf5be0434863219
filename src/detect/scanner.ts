import { VeilgateError } from '../errors.js';
import { applyContext, DEFAULT_BOOST, DEFAULT_FLOOR } from './context.js';
import { buildCustomRecognizer, compileConfigRegex, type CustomRecognizerConfig } from './custom.js';
import { normalizeForDetection, toOriginalSpan } from './normalize.js';
import { resolveOverlaps } from './overlap.js';
import { BUILTIN_RECOGNIZERS } from './recognizers/index.js';
import type {
  Anchor,
  EntityModel,
  Explanation,
  Finding,
  ModelSource,
  RecognizerSpec,
  ScanOptions,
  Validation,
} from './types.js';

export const DEFAULT_THRESHOLD = 0.5;

/** A value (or pattern) that is never reported, e.g. a company's public support address. */
export interface AllowEntry {
  readonly value?: string;
  readonly pattern?: string;
  /** Restrict the exception to these entity types (default: all). */
  readonly entities?: readonly string[];
}

/** Terms that are always reported as `entity`, e.g. internal project code names. */
export interface DenyEntry {
  readonly entity: string;
  readonly values: readonly string[];
  readonly caseSensitive?: boolean;
  readonly score?: number;
}

export interface ScannerOptions {
  /** Recognizers to use instead of the built-in registry. */
  readonly recognizers?: readonly RecognizerSpec[];
  /** Additional recognizers declared in configuration. */
  readonly custom?: readonly CustomRecognizerConfig[];
  /** Detector ids or entity types to switch off. */
  readonly disabled?: readonly string[];
  /** Default minimum score (0..1). */
  readonly threshold?: number;
  readonly allow?: readonly (string | AllowEntry)[];
  readonly deny?: readonly DenyEntry[];
  /**
   * Where model recognizers (names, places, organisations) get their model. Without it they are left
   * out; the library's `createScanner` supplies the models shipped in the package.
   */
  readonly models?: ModelSource;
}

export interface RecognizerInfo {
  readonly id: string;
  readonly entity: string;
  readonly version: string;
  readonly description: string;
}

export interface Scanner {
  scan(text: string, options?: ScanOptions): Finding[];
  /** The recognizers this scanner runs, in registry order. */
  readonly recognizers: readonly RecognizerInfo[];
  /** Every entity type this scanner can report. */
  readonly entities: readonly string[];
  readonly threshold: number;
}

interface CompiledAllow {
  readonly values: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
  readonly entities: ReadonlySet<string> | null;
}

/** A scored match before overlap resolution; its explanation is only built if it is kept. */
interface Candidate {
  checksum: boolean;
  statistical: boolean;
  entity: string;
  detector: string;
  start: number;
  end: number;
  score: number;
  patternName: string;
  baseScore: number;
  validation: Validation | undefined;
  positive: readonly string[];
  negative: readonly string[];
}

const DENY_DETECTOR = 'deny-list';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function denyRecognizers(entries: readonly DenyEntry[]): RecognizerSpec[] {
  return entries.map((entry, i) => {
    const alternatives = [...entry.values]
      .filter((v) => v.trim() !== '')
      .sort((a, b) => b.length - a.length)
      .map(escapeRegex)
      .join('|');
    if (alternatives === '') {
      throw new VeilgateError(
        'VG_DETECT_BAD_OPTION',
        `deny[${i}].values: expected at least one non-empty value`,
      );
    }
    return Object.freeze({
      id: `${DENY_DETECTOR}-${i + 1}`,
      entity: entry.entity,
      version: 'config',
      description: `Deny-list terms for ${entry.entity}`,
      patterns: [
        {
          name: DENY_DETECTOR,
          regex: new RegExp(
            `(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`,
            entry.caseSensitive ? 'gu' : 'giu',
          ),
          score: entry.score ?? 1,
        },
      ],
    });
  });
}

function compileAllow(entries: readonly (string | AllowEntry)[]): CompiledAllow[] {
  // Group plain values without an entity restriction into one set for O(1) lookups.
  const plain = new Set<string>();
  const out: CompiledAllow[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry === 'string') {
      plain.add(entry.toLowerCase());
      return;
    }
    const patterns =
      entry.pattern !== undefined
        ? [compileConfigRegex(`^(?:${entry.pattern})$`, 'i', `allow[${i}].pattern`)]
        : [];
    out.push({
      values: new Set(entry.value !== undefined ? [entry.value.toLowerCase()] : []),
      patterns,
      entities: entry.entities ? new Set(entry.entities) : null,
    });
  });
  if (plain.size > 0) out.push({ values: plain, patterns: [], entities: null });
  return out;
}

function isAllowed(allow: readonly CompiledAllow[], entity: string, value: string): boolean {
  const lower = value.toLowerCase();
  for (const a of allow) {
    if (a.entities !== null && !a.entities.has(entity)) continue;
    if (a.values.has(lower)) return true;
    for (const re of a.patterns) {
      re.lastIndex = 0;
      if (re.test(value)) return true;
    }
  }
  return false;
}

function checkThreshold(threshold: number, where: string): number {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new VeilgateError(
      'VG_DETECT_BAD_OPTION',
      `${where}: expected a number between 0 and 1, got ${threshold}`,
    );
  }
  return threshold;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

const WHOLE_TEXT: readonly number[] = [0, -1];
const NONE: readonly string[] = [];
const stickyCache = new WeakMap<RegExp, RegExp>();

function stickyVersion(re: RegExp): RegExp {
  let sticky = stickyCache.get(re);
  if (sticky === undefined) {
    sticky = new RegExp(re.source, re.flags.replace('g', '') + 'y');
    stickyCache.set(re, sticky);
  }
  return sticky;
}

/** Merged windows [start, end, start, end, ...] around the anchor's occurrences. */
function anchorWindows(text: string, anchor: Anchor): number[] {
  const out: number[] = [];
  const re = anchor.pattern;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const ws = Math.max(0, m.index - anchor.before);
    const we = Math.min(text.length, m.index + m[0].length + anchor.after);
    if (out.length > 0 && ws <= (out[out.length - 1] as number)) out[out.length - 1] = we;
    else out.push(ws, we);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/**
 * Score one pattern or model match: validator, then context; null when it is invalid, lacks context it
 * needs, or is below the threshold.
 */
function evaluate(
  r: RecognizerSpec,
  patternName: string,
  baseScore: number,
  value: string,
  start: number,
  t: string,
  minScore: number,
): Candidate | null {
  const end = start + value.length;
  // The digits of an HTML/XML numeric character reference ("&#128514;", common in scraped and exported
  // text) are a character code, never an identifier.
  if (start >= 2 && t.charCodeAt(start - 1) === 0x23 && t.charCodeAt(start - 2) === 0x26) return null;
  let score = baseScore;
  let validation: Validation | undefined;
  if (r.validate !== undefined) {
    const result = r.validate(value, { text: t, start, end });
    if (result === 'invalid') return null;
    if (typeof result === 'string') {
      validation = result;
      if (result === 'valid') score = Math.max(score, r.validScore ?? 1);
    } else {
      validation = result.validation;
      score = result.score;
    }
  }
  let positive: readonly string[] = NONE;
  let negative: readonly string[] = NONE;
  const ctx = r.context;
  const needsContext = r.needsContext?.(value) === true;
  if (ctx !== undefined && (score < 1 || ctx.negative !== undefined || needsContext)) {
    // Context can at best lift the score to max(score + boost, floor); skip the work when even that fails.
    if (Math.max(score + (ctx.boost ?? DEFAULT_BOOST), ctx.floor ?? DEFAULT_FLOOR) < minScore) return null;
    const outcome = applyContext(t, start, end, score, ctx);
    score = outcome.score;
    positive = outcome.positive;
    negative = outcome.negative;
  }
  if (needsContext && positive.length === 0) return null;
  if (score < minScore) return null;
  return {
    entity: r.entity,
    detector: r.id,
    start,
    end,
    score: round2(score),
    checksum: validation === 'valid',
    statistical: r.model !== undefined,
    patternName,
    baseScore,
    validation,
    positive,
    negative,
  };
}

/**
 * A model span that is just the field label of a pattern match right after it ("SSN 536-22-1234",
 * "NHS: 943 476 5919") is a label, not an organisation or a name: the pattern recognizer counted the same
 * word as its context. Dropped, so the label is not reported (or protected) as an entity of its own.
 */
function dropFieldLabels(candidates: Candidate[], t: string): Candidate[] {
  const labelled = candidates.filter((c) => !c.statistical && c.positive.length > 0);
  if (labelled.length === 0) return candidates;
  return candidates.filter((s) => {
    if (!s.statistical) return true;
    const word = t.slice(s.start, s.end).toLowerCase();
    return !labelled.some(
      (p) =>
        p.start >= s.end &&
        p.start - s.end <= 3 &&
        /^[\s:#.=-]*$/.test(t.slice(s.end, p.start)) &&
        p.positive.includes(word),
    );
  });
}

function explain(c: Candidate): Explanation {
  const e: { -readonly [K in keyof Explanation]: Explanation[K] } = {
    pattern: c.patternName,
    baseScore: c.baseScore,
  };
  if (c.validation !== undefined) e.validation = c.validation;
  if (c.positive.length > 0) e.contextWords = c.positive;
  if (c.negative.length > 0) e.negativeWords = c.negative;
  return e;
}

/**
 * Create a scanner. Building it compiles the registry once; `scan` is then synchronous, pure and
 * re-entrant between calls (regex state is reset on every use).
 */
export function createScanner(options: ScannerOptions = {}): Scanner {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_THRESHOLD, 'threshold');
  const disabled = new Set(options.disabled ?? []);
  const models = options.models;
  const base = (options.recognizers ?? BUILTIN_RECOGNIZERS).filter(
    (r) => r.model === undefined || models !== undefined,
  );
  const custom = (options.custom ?? []).map((c, i) => buildCustomRecognizer(c, `recognizers[${i}]`));
  const everything = [...base, ...custom, ...denyRecognizers(options.deny ?? [])];
  const unknownDisabled = [...disabled].filter((d) => !everything.some((r) => r.id === d || r.entity === d));
  if (unknownDisabled.length > 0) {
    throw new VeilgateError(
      'VG_DETECT_UNKNOWN_ENTITY',
      `disabled: no recognizer has the id or entity ${unknownDisabled.map((d) => `'${d}'`).join(', ')}; run 'veilgate entities' for the list`,
    );
  }
  const all = everything.filter((r) => !disabled.has(r.id) && !disabled.has(r.entity));
  const seen = new Set<string>();
  for (const r of all) {
    if (seen.has(r.id))
      throw new VeilgateError('VG_DETECT_DUPLICATE_ID', `two recognizers have the id '${r.id}'`);
    seen.add(r.id);
    for (const p of r.patterns) {
      if (!p.regex.global) throw new Error(`recognizer ${r.id}: pattern ${p.name} must have the g flag`);
    }
  }
  const allow = compileAllow(options.allow ?? []);
  const loadedModels = new Map<string, EntityModel>();
  const model = (name: string): EntityModel => {
    let m = loadedModels.get(name);
    if (m === undefined) loadedModels.set(name, (m = (models as ModelSource)(name)));
    return m;
  };
  const entities = [...new Set(all.map((r) => r.entity))].sort();
  const selectionCache = new Map<string, readonly RecognizerSpec[]>();

  function select(opts: ScanOptions): readonly RecognizerSpec[] {
    const key = `${opts.entities?.join(',') ?? '*'}|${opts.detectors?.join(',') ?? '*'}|${opts.language ?? '*'}`;
    const cached = selectionCache.get(key);
    if (cached) return cached;
    if (opts.entities) {
      const unknown = opts.entities.filter((e) => !entities.includes(e));
      if (unknown.length > 0) {
        throw new VeilgateError(
          'VG_DETECT_UNKNOWN_ENTITY',
          `unknown entity type ${unknown.map((u) => `'${u}'`).join(', ')}; run 'veilgate entities' for the list`,
        );
      }
    }
    if (opts.detectors) {
      const unknown = opts.detectors.filter((d) => !seen.has(d));
      if (unknown.length > 0) {
        throw new VeilgateError(
          'VG_DETECT_UNKNOWN_ENTITY',
          `unknown detector ${unknown.map((u) => `'${u}'`).join(', ')}; run 'veilgate entities' for the list`,
        );
      }
    }
    const ents = opts.entities ? new Set(opts.entities) : null;
    const dets = opts.detectors ? new Set(opts.detectors) : null;
    const lang = opts.language?.toLowerCase();
    if (lang !== undefined && !/^[a-z]{2}$/.test(lang)) {
      throw new VeilgateError(
        'VG_DETECT_UNKNOWN_ENTITY',
        `language: expected an ISO 639-1 code such as en or de, got '${opts.language}'`,
      );
    }
    const chosen = all.filter(
      (r) =>
        (ents === null || ents.has(r.entity)) &&
        (dets === null || dets.has(r.id)) &&
        (lang === undefined || r.languages === undefined || r.languages.includes(lang)),
    );
    if (selectionCache.size > 256) selectionCache.clear();
    selectionCache.set(key, chosen);
    return chosen;
  }

  function scan(text: string, opts: ScanOptions = {}): Finding[] {
    const minScore = opts.threshold === undefined ? threshold : checkThreshold(opts.threshold, 'threshold');
    const active = select(opts);
    if (text.length === 0 || active.length === 0) return [];
    const norm = normalizeForDetection(text);
    const t = norm.text;
    const candidates: Candidate[] = [];

    for (const r of active) {
      if (r.model !== undefined) {
        for (const m of model(r.model).find(t)) {
          if (m.entity !== r.entity) continue;
          const c = evaluate(r, 'model', m.score, t.slice(m.start, m.end), m.start, t, minScore);
          if (c !== null) candidates.push(c);
        }
        continue;
      }
      if (r.trigger !== undefined) {
        r.trigger.lastIndex = 0;
        if (!r.trigger.test(t)) continue;
      }
      const recognizerWindows = r.anchor === undefined ? WHOLE_TEXT : anchorWindows(t, r.anchor);
      for (const p of r.patterns) {
        const windows = p.anchor === undefined ? recognizerWindows : anchorWindows(t, p.anchor);
        for (let w = 0; w < windows.length; w += 2) {
          const ws = windows[w] as number;
          const we = windows[w + 1] === -1 ? t.length : (windows[w + 1] as number);
          const whole = ws === 0 && we === t.length;
          const slice = whole ? t : t.slice(ws, we);
          const re = p.regex;
          re.lastIndex = 0;
          let m: RegExpExecArray | null;
          while ((m = re.exec(slice)) !== null) {
            let value = m[0];
            if (value.length === 0) {
              re.lastIndex++;
              continue;
            }
            const start = ws + m.index;
            if (
              !whole &&
              ((m.index === 0 && ws > 0) || (m.index + value.length === slice.length && we < t.length))
            ) {
              // The match touches the window's edge: confirm it (and its true extent) on the whole text.
              const sticky = stickyVersion(p.regex);
              sticky.lastIndex = start;
              const confirmed = sticky.exec(t);
              if (confirmed === null) continue;
              value = confirmed[0];
            }
            const candidate = evaluate(r, p.name, p.score, value, start, t, minScore);
            if (candidate !== null) candidates.push(candidate);
          }
        }
      }
    }

    const findings: Finding[] = [];
    for (const c of resolveOverlaps(dropFieldLabels(candidates, t))) {
      const [start, end] = toOriginalSpan(norm, c.start, c.end);
      if (allow.length > 0 && isAllowed(allow, c.entity, text.slice(start, end))) continue;
      findings.push({
        entity: c.entity,
        start,
        end,
        score: c.score,
        detector: c.detector,
        explanation: explain(c),
      });
    }
    return findings;
  }

  return Object.freeze({
    scan,
    recognizers: all.map((r) => ({
      id: r.id,
      entity: r.entity,
      version: r.version,
      description: r.description,
    })),
    entities,
    threshold,
  });
}
