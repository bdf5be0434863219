/**
 * Loaders for the public NER / PII corpora used to train and evaluate the entity recognizer, shared by the
 * training scripts and the quality benchmark. Data is read in place from `../shared/datasets` next to the
 * repository (override with the env variable VEILGATE_DATASETS); nothing is copied into the repository.
 *
 * All offsets are UTF-16 code-unit indices into `text`, end exclusive, and are checked while loading.
 *
 * - WNUT-17 (`ner/wnut17-{train,dev}.conll`, token TAB BIO-tag, blank line between sentences): the sentence
 *   text is the tokens joined with one space. person → PERSON, location → LOCATION, corporation and group →
 *   ORGANIZATION; product and creative-work are not entities for us and go to `ignored`.
 * - Presidio synthetic PII (`pii/presidio-*.json`): PERSON → PERSON, LOCATION and GPE → LOCATION,
 *   ORGANIZATION → ORGANIZATION. TITLE, NRP, PREFIX (not evaluated) and ADDRESS, STREET_ADDRESS (a LOCATION
 *   found inside an address, e.g. its city, is arguably right) go to `ignored`; every other label (phone,
 *   date, card, ...) is another entity type and is simply not a NER label. presidio-generated-* label the
 *   honorific placeholder as a PERSON span of its own (`[Mr.] [Ford]`): such spans go to `ignored` as
 *   PREFIX. Spans whose offsets do not slice to their value are dropped (see PresidioStats). Records are split into `train`
 *   and `heldout` by template (see `presidioSplit`), across all three files, because the files share
 *   templates.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabeledSpan, LabeledText, NerEntity } from './types.js';

/** A labelled region that is neither a gold entity nor plain text: not evaluated, not trained as "O". */
export interface IgnoredSpan {
  readonly start: number;
  readonly end: number;
  /** The dataset's own label, e.g. `product`, `TITLE`, `STREET_ADDRESS`. */
  readonly label: string;
}

export interface EvalText extends LabeledText {
  readonly ignored: readonly IgnoredSpan[];
}

/** `../shared/datasets` relative to the repository root, or $VEILGATE_DATASETS when set. */
export function datasetsDir(): string {
  const env = process.env['VEILGATE_DATASETS'];
  if (env !== undefined && env !== '') return path.resolve(env);
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/datasets');
}

const sortSpans = <T extends { start: number; end: number }>(spans: T[]): T[] =>
  spans.sort((a, b) => a.start - b.start || a.end - b.end);

// ---------------------------------------------------------------------------------------------- WNUT-17

export type WnutSplit = 'train' | 'dev';

/** WNUT-17 entity type → our entity, or null for types that are labelled but not ours (→ `ignored`). */
export const WNUT_LABELS: Readonly<Record<string, NerEntity | null>> = Object.freeze({
  person: 'PERSON',
  location: 'LOCATION',
  corporation: 'ORGANIZATION',
  group: 'ORGANIZATION',
  product: null,
  'creative-work': null,
});

export interface WnutStats {
  readonly sentences: number;
  readonly tokens: number;
  /** Entity runs per WNUT type (after repairs). */
  readonly runs: Readonly<Record<string, number>>;
  /** I-x tags that did not continue a run of type x (after O, after another type, at sentence start): read as B-x. */
  readonly repairedInside: number;
  /** Lines that could not be read as `token TAB tag` (skipped) or had an unknown tag (read as O). */
  readonly malformedLines: number;
  /** Runs of a type not in WNUT_LABELS (put in `ignored` with their type as label). */
  readonly unknownTypes: Readonly<Record<string, number>>;
}

const INVISIBLE = /[\p{Cf}\s]/u;

/**
 * Parse CoNLL-style `token TAB tag` text (blank line between sentences) into one EvalText per sentence.
 * Exported for tests; use `loadWnut` for the dataset.
 */
export function parseConll(content: string, source: string): { texts: EvalText[]; stats: WnutStats } {
  const texts: EvalText[] = [];
  const runs: Record<string, number> = {};
  const unknownTypes: Record<string, number> = {};
  let tokens = 0;
  let repairedInside = 0;
  let malformedLines = 0;

  let words: string[] = [];
  let tags: string[] = [];
  const flush = (): void => {
    if (words.length === 0) return;
    const starts: number[] = [];
    let pos = 0;
    for (const w of words) {
      starts.push(pos);
      pos += w.length + 1;
    }
    const text = words.join(' ');
    const spans: LabeledSpan[] = [];
    const ignored: IgnoredSpan[] = [];
    let i = 0;
    while (i < words.length) {
      const tag = tags[i] as string;
      if (tag === 'O') {
        i++;
        continue;
      }
      const type = tag.slice(2);
      let j = i + 1;
      while (j < words.length && tags[j] === `I-${type}`) j++;
      let start = starts[i] as number;
      let end = (starts[j - 1] as number) + (words[j - 1] as string).length;
      // A span does not begin or end with invisible format characters (U+FEFF, U+200B, ...).
      while (start < end && INVISIBLE.test(text[start] as string)) start++;
      while (end > start && INVISIBLE.test(text[end - 1] as string)) end--;
      if (start === end) {
        i = j;
        continue;
      }
      runs[type] = (runs[type] ?? 0) + 1;
      const entity = WNUT_LABELS[type];
      if (entity === undefined) unknownTypes[type] = (unknownTypes[type] ?? 0) + 1;
      if (entity) spans.push({ start, end, entity });
      else ignored.push({ start, end, label: type });
      i = j;
    }
    texts.push({ text, spans, ignored, source });
    tokens += words.length;
    words = [];
    tags = [];
  };

  for (const raw of content.split(/\r?\n/)) {
    if (raw.trim() === '') {
      flush();
      continue;
    }
    const tab = raw.lastIndexOf('\t');
    // Tokens are kept as they are (one dev token carries a U+FEFF, another a U+200B); only blanks are cut.
    const word = tab >= 0 ? raw.slice(0, tab).replace(/^[ \t]+|[ \t]+$/g, '') : '';
    let tag = tab >= 0 ? raw.slice(tab + 1).trim() : '';
    if (word === '' || tag === '') {
      malformedLines++;
      continue;
    }
    if (tag !== 'O' && !/^[BI]-\S+$/.test(tag)) {
      malformedLines++;
      tag = 'O';
    }
    if (tag.startsWith('I-')) {
      const prev = tags[tags.length - 1];
      if (prev === undefined || prev.slice(2) !== tag.slice(2) || prev === 'O') {
        repairedInside++;
        tag = `B-${tag.slice(2)}`;
      }
    }
    words.push(word);
    tags.push(tag);
  }
  flush();
  return {
    texts,
    stats: { sentences: texts.length, tokens, runs, repairedInside, malformedLines, unknownTypes },
  };
}

const wnutCache = new Map<string, { texts: EvalText[]; stats: WnutStats }>();

/** WNUT-17 with loading statistics. */
export function loadWnutWithStats(split: WnutSplit): { texts: EvalText[]; stats: WnutStats } {
  const file = path.join(datasetsDir(), 'ner', `wnut17-${split}.conll`);
  let hit = wnutCache.get(file);
  if (hit === undefined) {
    hit = parseConll(readFileSync(file, 'utf8'), `wnut17-${split}`);
    wnutCache.set(file, hit);
  }
  return hit;
}

/** One EvalText per WNUT-17 sentence; product and creative-work runs are in `ignored`. */
export function loadWnut(split: WnutSplit): EvalText[] {
  return loadWnutWithStats(split).texts;
}

// ---------------------------------------------------------------------------------------------- Presidio

export const PRESIDIO_FILES = [
  'presidio-generated-large',
  'presidio-generated-small',
  'presidio-synth-v2',
] as const;
export type PresidioFile = (typeof PRESIDIO_FILES)[number];
export type PresidioSplit = 'train' | 'heldout';

/** Presidio label → our entity. */
export const PRESIDIO_LABELS: Readonly<Record<string, NerEntity>> = Object.freeze({
  PERSON: 'PERSON',
  LOCATION: 'LOCATION',
  GPE: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
});
/** Labels whose spans go to `ignored`: not evaluated (TITLE, NRP, PREFIX) or addresses (see ADDRESS_LABELS). */
export const PRESIDIO_IGNORED_LABELS: ReadonlySet<string> = new Set([
  'TITLE',
  'NRP',
  'PREFIX',
  'ADDRESS',
  'STREET_ADDRESS',
]);
/**
 * Ignored labels that are whole addresses: a LOCATION predicted inside one (the city, the country) is
 * neither right nor wrong. Benchmarks drop predictions contained in such a span before scoring.
 */
export const ADDRESS_LABELS: ReadonlySet<string> = new Set(['ADDRESS', 'STREET_ADDRESS']);

/** A whole span that is only a title of address: labelled PERSON by presidio-generated-*, really a PREFIX. */
const HONORIFIC = /^(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam|mme|mlle|herr|frau)\.?$/i;

/** The template of a record: placeholders → `{{X}}`, then lowercased (so `{{x}}`), whitespace collapsed, trimmed. */
export function normalizeTemplate(masked: string): string {
  return masked
    .replace(/\{\{.*?\}\}/gs, '{{X}}')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** `heldout` when the first byte of SHA-256(normalised template) is < 128 (about half the templates). */
export function presidioSplit(masked: string): PresidioSplit {
  const digest = createHash('sha256').update(normalizeTemplate(masked), 'utf8').digest();
  return (digest[0] as number) < 128 ? 'heldout' : 'train';
}

interface RawSpan {
  entity_type: string;
  entity_value: string;
  start_position: number;
  end_position: number;
}
interface RawRecord {
  full_text: string;
  masked: string;
  spans: RawSpan[];
}

export interface OffsetMismatch {
  /** Index of the record in the file. */
  readonly index: number;
  readonly label: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** What the given offsets actually cover. */
  readonly slice: string;
  /** Where the value was found instead (nearest occurrence within 5 characters), if anywhere. */
  readonly foundAt: number | null;
}

export interface PresidioStats {
  readonly file: PresidioFile;
  readonly records: Readonly<Record<PresidioSplit, number>>;
  /** Distinct normalised templates. */
  readonly templates: Readonly<Record<PresidioSplit, number>>;
  /** Raw label counts over the whole file. */
  readonly labels: Readonly<Record<string, number>>;
  /**
   * Spans (any label) whose offsets do not slice to their entity_value. They are dropped; when the value
   * is found within 5 characters, that region is added to `ignored` (label `MISALIGNED:<label>`) so a
   * correct prediction there is not counted as a false positive.
   */
  readonly offsetMismatches: readonly OffsetMismatch[];
  /** Gold or ignored spans dropped because they overlapped an earlier one (the data has none). */
  readonly overlapsDropped: number;
  /** PERSON spans that are only an honorific ("Mr.", "dr."), moved to `ignored` as PREFIX. */
  readonly honorificsAsPrefix: number;
}

interface PresidioLoaded {
  readonly texts: EvalText[];
  readonly splits: PresidioSplit[];
  /** Normalised template of each record. */
  readonly templateKeys: string[];
  readonly stats: PresidioStats;
}

const presidioCache = new Map<string, PresidioLoaded>();

function asRecords(data: unknown, file: string): RawRecord[] {
  if (!Array.isArray(data)) throw new Error(`${file}: expected a JSON array`);
  data.forEach((r: unknown, i) => {
    const rec = r as Partial<RawRecord> | null;
    if (
      rec === null ||
      typeof rec !== 'object' ||
      typeof rec.full_text !== 'string' ||
      typeof rec.masked !== 'string' ||
      !Array.isArray(rec.spans)
    )
      throw new Error(`${file}#${i}: expected {full_text, masked, spans}`);
    for (const s of rec.spans as unknown[]) {
      const span = s as Partial<RawSpan> | null;
      if (
        span === null ||
        typeof span.entity_type !== 'string' ||
        typeof span.entity_value !== 'string' ||
        !Number.isInteger(span.start_position) ||
        !Number.isInteger(span.end_position)
      )
        throw new Error(`${file}#${i}: malformed span ${JSON.stringify(s)}`);
    }
  });
  return data as RawRecord[];
}

function nearestOccurrence(text: string, value: string, at: number): number | null {
  if (value === '') return null;
  for (let d = 1; d <= 5; d++) {
    for (const p of [at - d, at + d]) if (p >= 0 && text.startsWith(value, p)) return p;
  }
  return null;
}

function parsePresidio(file: PresidioFile): PresidioLoaded {
  const full = path.join(datasetsDir(), 'pii', `${file}.json`);
  const raw = asRecords(JSON.parse(readFileSync(full, 'utf8')) as unknown, `${file}.json`);
  const texts: EvalText[] = [];
  const splits: PresidioSplit[] = [];
  const templateKeys: string[] = [];
  const labels: Record<string, number> = {};
  const offsetMismatches: OffsetMismatch[] = [];
  const templates = { train: new Set<string>(), heldout: new Set<string>() };
  const records = { train: 0, heldout: 0 };
  let overlapsDropped = 0;
  let honorificsAsPrefix = 0;

  raw.forEach((r, index) => {
    const text = r.full_text;
    const gold: LabeledSpan[] = [];
    const ignored: IgnoredSpan[] = [];
    for (const s of r.spans) {
      const label = s.entity_type;
      labels[label] = (labels[label] ?? 0) + 1;
      const { start_position: start, end_position: end, entity_value: value } = s;
      const entity = PRESIDIO_LABELS[label];
      const ignoredLabel = PRESIDIO_IGNORED_LABELS.has(label);
      const ok = start >= 0 && start < end && end <= text.length && text.slice(start, end) === value;
      if (!ok) {
        const foundAt = nearestOccurrence(text, value, start);
        offsetMismatches.push({ index, label, value, start, end, slice: text.slice(start, end), foundAt });
        if ((entity !== undefined || ignoredLabel) && foundAt !== null)
          ignored.push({ start: foundAt, end: foundAt + value.length, label: `MISALIGNED:${label}` });
        continue;
      }
      if (entity === 'PERSON' && HONORIFIC.test(value)) {
        // presidio-generated-* label the {{prefix_*}} placeholder ("Mr.", "dr.") as a PERSON of its own.
        honorificsAsPrefix++;
        ignored.push({ start, end, label: 'PREFIX' });
      } else if (entity !== undefined) gold.push({ start, end, entity });
      else if (ignoredLabel) ignored.push({ start, end, label });
    }
    // Keep gold spans non-overlapping (LabeledText's contract); ignored spans may not overlap gold either.
    const spans: LabeledSpan[] = [];
    for (const g of sortSpans(gold)) {
      const last = spans[spans.length - 1];
      if (last !== undefined && g.start < last.end) overlapsDropped++;
      else spans.push(g);
    }
    const keptIgnored = sortSpans(ignored).filter((g) => {
      const clash = spans.some((s) => s.start < g.end && g.start < s.end);
      if (clash) overlapsDropped++;
      return !clash;
    });
    const split = presidioSplit(r.masked);
    const key = normalizeTemplate(r.masked);
    templates[split].add(key);
    records[split]++;
    splits.push(split);
    templateKeys.push(key);
    texts.push({ text, spans, ignored: keptIgnored, source: file });
  });

  return {
    texts,
    splits,
    templateKeys,
    stats: {
      file,
      records,
      templates: { train: templates.train.size, heldout: templates.heldout.size },
      labels,
      offsetMismatches,
      overlapsDropped,
      honorificsAsPrefix,
    },
  };
}

function presidio(file: PresidioFile): PresidioLoaded {
  if (!(PRESIDIO_FILES as readonly string[]).includes(file))
    throw new Error(`unknown Presidio file '${file}'`);
  const key = path.join(datasetsDir(), file);
  let hit = presidioCache.get(key);
  if (hit === undefined) presidioCache.set(key, (hit = parsePresidio(file)));
  return hit;
}

/** Statistics of one Presidio file: records and templates per split, label counts, offset mismatches. */
export function presidioStats(file: PresidioFile): PresidioStats {
  return presidio(file).stats;
}

/** Distinct normalised templates of one split over several files (shared templates counted once). */
export function presidioTemplates(files: readonly PresidioFile[], split: PresidioSplit): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    const { splits, templateKeys } = presidio(file);
    templateKeys.forEach((k, i) => {
      if (splits[i] === split) out.add(k);
    });
  }
  return out;
}

/** Records of one Presidio file, in file order, restricted to a template split (or `all`). */
export function loadPresidio(file: PresidioFile, split: PresidioSplit | 'all'): EvalText[] {
  const { texts, splits } = presidio(file);
  return split === 'all' ? [...texts] : texts.filter((_, i) => splits[i] === split);
}
