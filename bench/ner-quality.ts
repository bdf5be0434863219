/**
 * Named-entity quality: span-level precision, recall and F1 for PERSON, LOCATION and ORGANIZATION, exact and
 * lenient, for Veilgate's entity recognizer and the compromise NLP library (run locally), on:
 *   - Presidio synthetic PII, held-out templates (each file, then all three together). Records are split by
 *     template across the three files (train/ner/datasets.ts, `presidioSplit`): the recognizer's training
 *     may use the `train` half, never the `heldout` half, so only these rows measure generalisation;
 *   - Presidio, all records: training saw the train-template half, so this row is optimistic;
 *   - WNUT-17 dev (noisy social-media text; training may use WNUT-17 train).
 * Data is read from ../shared/datasets (or $VEILGATE_DATASETS), never copied into the repository.
 *
 *   npx tsx bench/ner-quality.ts [--systems veilgate,veilgate-tagger,compromise] [--errors] [--json FILE]
 *
 * --systems LIST  comma-separated, in column order (default: veilgate,veilgate-tagger,compromise).
 *                 `veilgate` is the scanner as deployed (every recognizer runs; a pattern match such as
 *                 an e-mail or street address wins over a tagger span inside it); `veilgate-tagger` is the
 *                 tagger alone (scan restricted to the three entity types).
 * --errors        list the 20 most frequent false positives and false negatives (exact match, grouped by
 *                 entity and text) of the first system (Veilgate by default), on Presidio held-out and
 *                 WNUT-17 dev
 * --json FILE     where to write the JSON copy of the numbers (default bench/out/ner-quality.json)
 *
 * Scoring (bench/quality-lib.ts): exact = same start, end and entity; lenient = overlapping span, same
 * entity, one-to-one. Labels: Presidio PERSON → PERSON, LOCATION/GPE → LOCATION, ORGANIZATION →
 * ORGANIZATION; WNUT person → PERSON, location → LOCATION, corporation/group → ORGANIZATION. Not evaluated
 * ("ignored": a prediction exactly on one, or in lenient mode overlapping one, is neither TP nor FP):
 * Presidio TITLE, NRP, PREFIX (and PERSON spans that are only an honorific, "Mr."), WNUT product and
 * creative-work. Addresses: Presidio ADDRESS/STREET_ADDRESS spans are ignored too, and a prediction lying
 * entirely inside one (e.g. the city of an address as LOCATION) is dropped before scoring in both modes —
 * arguably right, but not what the data labels. Other PII labels (dates, phones, ...) are plain text here:
 * a PERSON/LOCATION/ORGANIZATION prediction on them is a false positive. Predictions of other entity
 * types are not scored. Speed: each system scans every distinct evaluation text once (after a warm-up on
 * the first 50), single-threaded; MB = 10^6 bytes of UTF-8. The report always exits 0: it measures, it
 * does not gate.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScanner } from '../src/index.js';
import {
  ADDRESS_LABELS,
  datasetsDir,
  loadPresidio,
  loadWnutWithStats,
  PRESIDIO_FILES,
  presidioStats,
  presidioTemplates,
  type EvalText,
} from '../train/ner/datasets.js';
import { NER_ENTITIES } from '../train/ner/types.js';
import { createCompromisePeer } from './peers/compromise.js';
import {
  addInto,
  emptyCounts,
  fmt2,
  inContext,
  prf,
  scoreRecord,
  sumCounts,
  type Counts,
  type RecordScore,
  type Span,
} from './quality-lib.js';
import { args, stringOption } from './args.js';

const ENTITIES: readonly string[] = NER_ENTITIES;
const TOP_ERRORS = 20;
const WARMUP = 50;
const MB = 1e6;

// ---------------------------------------------------------------------------------------------- arguments

const showErrors = args.includes('--errors');
const jsonFile = stringOption('--json') ?? path.join(import.meta.dirname, 'out', 'ner-quality.json');
const wanted = (stringOption('--systems') ?? 'veilgate,veilgate-tagger,compromise')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter((s) => s !== '');

// ---------------------------------------------------------------------------------------------- systems

interface NerSystem {
  readonly name: string;
  readonly version: string;
  readonly config: string;
  readonly detect: (text: string) => readonly Span[];
  readonly stats?: () => Readonly<Record<string, number>>;
}

const VERSION = String(
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown })
    .version,
);

/**
 * Veilgate as deployed (`whole`: every recognizer runs, as in the gateway, so a pattern match such as an
 * e-mail or street address takes its text from the tagger, and the three entity types are kept) or the
 * tagger alone (scan restricted to the three entity types).
 */
function veilgate(whole: boolean): NerSystem {
  const scanner = createScanner();
  const wanted = new Set<string>(ENTITIES);
  const options = whole ? {} : { entities: [...ENTITIES] };
  return {
    name: whole ? 'Veilgate' : 'Veilgate tagger only',
    version: VERSION,
    config: whole
      ? `createScanner() defaults; scan(text), findings of ${ENTITIES.join(', ')} kept`
      : `createScanner() defaults; scan(text, { entities: [${ENTITIES.join(', ')}] })`,
    detect: (text) =>
      scanner
        .scan(text, options)
        .filter((f) => wanted.has(f.entity))
        .map((f) => ({
          entity: f.entity,
          start: f.start,
          end: f.end,
          note: `${f.detector} ${f.score.toFixed(2)}`,
        })),
  };
}

const FACTORIES: Readonly<Record<string, () => NerSystem>> = {
  veilgate: () => veilgate(true),
  'veilgate-tagger': () => veilgate(false),
  compromise: () => {
    const peer = createCompromisePeer();
    return {
      name: peer.name,
      version: peer.version,
      config: peer.config,
      detect: peer.detectSync,
      stats: () => peer.stats?.() ?? {},
    };
  },
};

const unknownSystems = wanted.filter((w) => FACTORIES[w] === undefined);
if (unknownSystems.length > 0 || wanted.length === 0) {
  console.error(
    `--systems: unknown ${unknownSystems.map((u) => `'${u}'`).join(', ') || '(empty list)'}; choose from ${Object.keys(FACTORIES).join(', ')}`,
  );
  process.exit(2);
}
const systems: NerSystem[] = [];
const setupFailures: string[] = [];
for (const w of wanted) {
  try {
    systems.push((FACTORIES[w] as () => NerSystem)());
  } catch (e) {
    setupFailures.push(`${w}: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------- data

interface EvalSet {
  readonly id: string;
  readonly title: string;
  readonly texts: readonly EvalText[];
}

const presidioAll = new Map(PRESIDIO_FILES.map((f) => [f, loadPresidio(f, 'all')]));
const presidioHeldout = new Map(PRESIDIO_FILES.map((f) => [f, loadPresidio(f, 'heldout')]));
const wnut = loadWnutWithStats('dev');

const sets: EvalSet[] = [
  ...PRESIDIO_FILES.map((f) => ({
    id: `heldout:${f}`,
    title: `Presidio held-out templates — ${f}`,
    texts: presidioHeldout.get(f) ?? [],
  })),
  {
    id: 'heldout:all',
    title: 'Presidio held-out templates — all three files',
    texts: PRESIDIO_FILES.flatMap((f) => presidioHeldout.get(f) ?? []),
  },
  {
    id: 'all:all',
    title: 'Presidio all records, all three files (training saw the train-template half: optimistic)',
    texts: PRESIDIO_FILES.flatMap((f) => presidioAll.get(f) ?? []),
  },
  { id: 'wnut17-dev', title: 'WNUT-17 dev', texts: wnut.texts },
];
/** Every distinct text, scanned once per system; the sets above are views on these objects. */
const corpus: EvalText[] = [...PRESIDIO_FILES.flatMap((f) => presidioAll.get(f) ?? []), ...wnut.texts];
const corpusBytes = corpus.reduce((a, t) => a + Buffer.byteLength(t.text), 0);

// ---------------------------------------------------------------------------------------------- evaluation

interface Scored {
  readonly score: RecordScore;
  readonly predicted: readonly Span[];
}

interface SystemRun {
  readonly system: NerSystem;
  readonly byText: Map<EvalText, Scored>;
  seconds: number;
  failures: number;
  firstFailure?: string;
  /** Predictions dropped because they lie inside an address span. */
  insideAddress: number;
}

function evaluate(system: NerSystem): SystemRun {
  const run: SystemRun = { system, byText: new Map(), seconds: 0, failures: 0, insideAddress: 0 };
  const detect = (t: EvalText): readonly Span[] | null => {
    try {
      return system.detect(t.text);
    } catch (e) {
      run.failures++;
      run.firstFailure ??= `${t.source}: ${(e as Error).message}`;
      return null;
    }
  };
  for (const t of corpus.slice(0, WARMUP)) detect(t);
  run.failures = 0;
  const raw: (readonly Span[] | null)[] = [];
  const t0 = performance.now();
  for (const t of corpus) raw.push(detect(t));
  run.seconds = (performance.now() - t0) / 1000;

  corpus.forEach((t, i) => {
    const predicted = (raw[i] ?? []).filter((p) => {
      if (!ENTITIES.includes(p.entity)) return false;
      const inAddress = t.ignored.some(
        (g) => ADDRESS_LABELS.has(g.label) && g.start <= p.start && p.end <= g.end,
      );
      if (inAddress) run.insideAddress++;
      return !inAddress;
    });
    const gold: Span[] = t.spans.map((s) => ({ entity: s.entity, start: s.start, end: s.end }));
    const ignored: Span[] = t.ignored.map((s) => ({ entity: s.label, start: s.start, end: s.end }));
    run.byText.set(t, { score: scoreRecord(gold, ignored, predicted), predicted });
  });
  return run;
}

const runs = systems.map(evaluate);
const available = (r: SystemRun): boolean => r.failures < corpus.length;

interface SetScore {
  readonly exact: Map<string, Counts>;
  readonly lenient: Map<string, Counts>;
}
function scoreSet(run: SystemRun, set: EvalSet): SetScore {
  const exact = new Map<string, Counts>();
  const lenient = new Map<string, Counts>();
  for (const t of set.texts) {
    const s = run.byText.get(t);
    if (s === undefined) continue;
    addInto(exact, s.score.exact);
    addInto(lenient, s.score.lenient);
  }
  return { exact, lenient };
}
const scores = new Map(runs.map((r) => [r, new Map(sets.map((s) => [s.id, scoreSet(r, s)]))]));

// ---------------------------------------------------------------------------------------------- report

const counts = (m: ReadonlyMap<string, Counts>, e: string): Counts => m.get(e) ?? emptyCounts();
const micro = (m: ReadonlyMap<string, Counts>): Counts => sumCounts(ENTITIES.map((e) => counts(m, e)));
const prfCell = (c: Counts): string => {
  const x = prf(c);
  return `${fmt2(x.precision)} / ${fmt2(x.recall)} / ${fmt2(x.f1)}`;
};
const support = (set: EvalSet, e?: string): number =>
  set.texts.reduce((a, t) => a + t.spans.filter((s) => e === undefined || s.entity === e).length, 0);
const setScore = (r: SystemRun, set: EvalSet): SetScore =>
  scores.get(r)?.get(set.id) ?? { exact: new Map(), lenient: new Map() };
const unavailable = (_r: SystemRun): string => 'n/a (threw; see notes)';

const lines: string[] = [];
const out = (s = ''): void => {
  lines.push(s);
};

const wnutStats = wnut.stats;
const pStats = PRESIDIO_FILES.map((f) => presidioStats(f));
const trainTemplates = presidioTemplates(PRESIDIO_FILES, 'train');
const heldoutTemplates = presidioTemplates(PRESIDIO_FILES, 'heldout');

out('# Veilgate NER quality (PERSON, LOCATION, ORGANIZATION)');
out();
out(`- command: \`npx tsx bench/ner-quality.ts${args.length ? ` ${args.join(' ')}` : ''}\``);
out(`- date: ${new Date().toISOString()}; node ${process.version}; ${os.platform()} ${os.arch()}`);
out(
  `- datasets: ${path.relative(process.cwd(), datasetsDir()) || '.'} (pii/presidio-*.json, ner/wnut17-dev.conll)`,
);
out(
  `- Presidio split by template across the three files (SHA-256 of the normalised template, first byte < 128 → held out): ${heldoutTemplates.size} held-out and ${trainTemplates.size} train templates; training may use train templates only`,
);
for (const r of runs) out(`- ${r.system.name} ${r.system.version}: ${r.system.config}`);
for (const f of setupFailures) out(`- system failed to start: ${f}`);
out(
  '- labels: Presidio PERSON→PERSON, LOCATION/GPE→LOCATION, ORGANIZATION→ORGANIZATION; WNUT person→PERSON, location→LOCATION, corporation/group→ORGANIZATION',
);
out(
  '- not evaluated (ignored): Presidio TITLE, NRP, PREFIX, honorific-only PERSON spans ("Mr."), ADDRESS/STREET_ADDRESS; WNUT product, creative-work',
);
out(
  '- addresses: a prediction lying entirely inside an ADDRESS/STREET_ADDRESS span (e.g. its city as LOCATION) is dropped before scoring — neither TP nor FP in either mode; one that only overlaps an address is an FP in exact mode and neutral in lenient mode',
);
out(
  '- other PII labels (dates, phones, ...) are plain text here: a NER prediction on them is a false positive',
);
out(
  '- cells: precision / recall / F1; exact = same start, end and entity; lenient = overlapping, same entity, 1:1',
);
out();

out('## Summary: micro-averaged F1 over the three entities, exact (lenient)');
out();
out(`| evaluation set | records | gold spans | ${runs.map((r) => r.system.name).join(' | ')} |`);
out(`|---|---:|---:|${runs.map(() => '---:|').join('')}`);
for (const set of sets) {
  const cells = runs.map((r) => {
    if (!available(r)) return 'n/a';
    const s = setScore(r, set);
    return `${fmt2(prf(micro(s.exact)).f1)} (${fmt2(prf(micro(s.lenient)).f1)})`;
  });
  out(`| ${set.title} | ${set.texts.length} | ${support(set)} | ${cells.join(' | ')} |`);
}

for (const set of sets) {
  out();
  out(`## ${set.title}`);
  out();
  out(`${set.texts.length} records, ${support(set)} gold spans.`);
  out();
  out(
    `| entity | support | ${runs.map((r) => `${r.system.name} exact | ${r.system.name} lenient`).join(' | ')} |`,
  );
  out(`|---|---:|${runs.map(() => '---:|---:|').join('')}`);
  for (const e of [...ENTITIES, 'micro avg']) {
    const cells = runs.map((r) => {
      if (!available(r)) return `${unavailable(r)} | n/a`;
      const s = setScore(r, set);
      const pick = (m: ReadonlyMap<string, Counts>): Counts => (e === 'micro avg' ? micro(m) : counts(m, e));
      return `${prfCell(pick(s.exact))} | ${prfCell(pick(s.lenient))}`;
    });
    out(
      `| ${e === 'micro avg' ? '*micro avg*' : e} | ${e === 'micro avg' ? support(set) : support(set, e)} | ${cells.join(' | ')} |`,
    );
  }
}

out();
out('## Speed (single-threaded, every distinct evaluation text once, after a warm-up)');
out();
out('| system | MB/s | seconds | texts | MB |');
out('|---|---:|---:|---:|---:|');
for (const r of runs) {
  const mbps = corpusBytes / MB / r.seconds;
  out(
    `| ${r.system.name} | ${available(r) ? mbps.toFixed(mbps < 1 ? 3 : 2) : 'n/a'} | ${r.seconds.toFixed(2)} | ${corpus.length} | ${(corpusBytes / MB).toFixed(3)} |`,
  );
}

out();
out('## Data and adapter notes');
out();
out(
  '| Presidio file | records train / heldout | distinct templates train / heldout | PERSON / LOCATION / ORGANIZATION gold (all) |',
);
out('|---|---:|---:|---:|');
for (const st of pStats) {
  const texts = presidioAll.get(st.file) ?? [];
  const n = (e: string): number =>
    texts.reduce((a, t) => a + t.spans.filter((s) => s.entity === e).length, 0);
  out(
    `| ${st.file} | ${st.records.train} / ${st.records.heldout} | ${st.templates.train} / ${st.templates.heldout} | ${ENTITIES.map(n).join(' / ')} |`,
  );
}
out(
  `| all three (templates counted once) | ${pStats.reduce((a, s) => a + s.records.train, 0)} / ${pStats.reduce((a, s) => a + s.records.heldout, 0)} | ${trainTemplates.size} / ${heldoutTemplates.size} | ${ENTITIES.map((e) => support(sets.find((s) => s.id === 'all:all') as EvalSet, e)).join(' / ')} |`,
);
out();
for (const st of pStats) {
  const labels = Object.entries(st.labels)
    .sort((a, b) => b[1] - a[1])
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
  out(`- ${st.file} raw labels: ${labels}`);
  if (st.offsetMismatches.length > 0) {
    const list = st.offsetMismatches
      .map(
        (m) =>
          `#${m.index} ${m.label} ${JSON.stringify(m.value)} at ${m.start}-${m.end} slices to ${JSON.stringify(m.slice)}${m.foundAt === null ? '' : ` (value found at ${m.foundAt}: ignored there)`}`,
      )
      .join('; ');
    out(
      `- ${st.file}: ${st.offsetMismatches.length} span(s) whose offsets do not slice to their value, dropped: ${list}`,
    );
  }
  if (st.honorificsAsPrefix > 0)
    out(
      `- ${st.file}: ${st.honorificsAsPrefix} PERSON span(s) that are only an honorific ("Mr.", "dr.") ignored as PREFIX`,
    );
  if (st.overlapsDropped > 0) out(`- ${st.file}: ${st.overlapsDropped} overlapping span(s) dropped`);
}
out(
  `- WNUT-17 dev: ${wnutStats.sentences} sentences, ${wnutStats.tokens} tokens; runs ${Object.entries(
    wnutStats.runs,
  )
    .map(([l, n]) => `${l} ${n}`)
    .join(
      ', ',
    )}; I- without B- read as B-: ${wnutStats.repairedInside}; malformed lines: ${wnutStats.malformedLines}`,
);
for (const r of runs) {
  const stats = Object.entries(r.system.stats?.() ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  out(
    `- ${r.system.name}: detect threw on ${r.failures} of ${corpus.length} texts${r.firstFailure ? ` (first: ${r.firstFailure})` : ''}; ${r.insideAddress} prediction(s) inside addresses dropped${stats ? `; ${stats}` : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------- errors

interface ErrorGroup {
  count: number;
  example: string;
}
function topErrors(
  run: SystemRun,
  set: EvalSet,
  kind: 'fp' | 'fn',
): { total: number; groups: [string, ErrorGroup][] } {
  const groups = new Map<string, ErrorGroup>();
  let total = 0;
  for (const t of set.texts) {
    const s = run.byText.get(t);
    if (s === undefined) continue;
    for (const span of kind === 'fp' ? s.score.falsePositives : s.score.falseNegatives) {
      total++;
      const key = `${span.entity} ${JSON.stringify(t.text.slice(span.start, span.end))}`;
      let g = groups.get(key);
      if (g === undefined) {
        const near =
          kind === 'fp'
            ? [...t.spans.map((x) => ({ label: x.entity, ...x })), ...t.ignored]
                .filter((x) => x.start < span.end && x.end > span.start)
                .map((x) => `gold ${x.label} ${JSON.stringify(t.text.slice(x.start, x.end))}`)
            : s.predicted
                .filter((x) => x.start < span.end && x.end > span.start)
                .map((x) => `predicted ${x.entity} ${JSON.stringify(t.text.slice(x.start, x.end))}`);
        const note = kind === 'fp' && span.note ? ` (${span.note})` : '';
        g = {
          count: 0,
          example: `${t.source}: ${inContext(t.text, span.start, span.end)}${note}${near.length ? ` — ${near.join(', ')}` : ''}`,
        };
        groups.set(key, g);
      }
      g.count++;
    }
  }
  const sorted = [...groups].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  return { total, groups: sorted.slice(0, TOP_ERRORS) };
}

const first = runs[0];
if (showErrors && first !== undefined) {
  out();
  if (!available(first)) {
    out(`## ${first.system.name} errors: not available (${first.firstFailure ?? 'detect threw'})`);
  } else {
    for (const set of sets.filter((s) => s.id === 'heldout:all' || s.id === 'wnut17-dev')) {
      for (const kind of ['fp', 'fn'] as const) {
        const { total, groups } = topErrors(first, set, kind);
        out(
          `## ${first.system.name}: ${TOP_ERRORS} most frequent false ${kind === 'fp' ? 'positives' : 'negatives'} (exact), ${set.title} — ${total} in all`,
        );
        out();
        out('| count | entity and text | example |');
        out('|---:|---|---|');
        for (const [key, g] of groups)
          out(`| ${g.count} | ${key.replace(/\|/g, '\\|')} | ${g.example.replace(/\|/g, '\\|')} |`);
        out();
      }
    }
  }
}

console.log(lines.join('\n'));

// ---------------------------------------------------------------------------------------------- JSON

const table = (m: ReadonlyMap<string, Counts>): Record<string, unknown> =>
  Object.fromEntries(
    [...ENTITIES, 'micro'].map((e) => {
      const c = e === 'micro' ? micro(m) : counts(m, e);
      return [e, { ...c, ...prf(c) }];
    }),
  );
const json = {
  date: new Date().toISOString(),
  node: process.version,
  command: `npx tsx bench/ner-quality.ts ${args.join(' ')}`.trim(),
  sets: sets.map((s) => ({ id: s.id, title: s.title, records: s.texts.length, gold: support(s) })),
  presidio: pStats.map((s) => ({ ...s })),
  templates: { train: trainTemplates.size, heldout: heldoutTemplates.size },
  wnut17Dev: wnutStats,
  corpus: { texts: corpus.length, bytes: corpusBytes },
  systems: runs.map((r) => ({
    name: r.system.name,
    version: r.system.version,
    config: r.system.config,
    available: available(r),
    failures: r.failures,
    firstFailure: r.firstFailure ?? null,
    seconds: r.seconds,
    mbPerSecond: available(r) ? corpusBytes / MB / r.seconds : null,
    predictionsInsideAddresses: r.insideAddress,
    stats: r.system.stats?.() ?? {},
    sets: Object.fromEntries(
      sets.map((s) => {
        const sc = setScore(r, s);
        return [s.id, { exact: table(sc.exact), lenient: table(sc.lenient) }];
      }),
    ),
  })),
};
mkdirSync(path.dirname(path.resolve(jsonFile)), { recursive: true });
writeFileSync(jsonFile, JSON.stringify(json, null, 2) + '\n');
console.log(`\nwrote ${path.relative(process.cwd(), path.resolve(jsonFile))}`);
process.exitCode = 0;
