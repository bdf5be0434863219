/**
 * Detection quality: span-level precision, recall and F1 per entity on Presidio's synthetic PII datasets,
 * for Veilgate and two open-source peers (openredaction, redact-pii), all run locally.
 *
 *   npx tsx bench/detect-quality.ts [--errors ENTITY] [--json FILE] [--no-peers]
 *
 * --errors ENTITY  list up to 40 false negatives and 40 false positives of Veilgate for ENTITY (exact match)
 * --json FILE      also write the numbers as JSON
 * --no-peers       score Veilgate only (faster, for debugging)
 *
 * Primary metric: exact span match (same start, end and entity). Lenient: overlapping span, same entity,
 * one-to-one. Gold labels TITLE, NRP and PREFIX are not evaluated (see quality-lib.ts for how predictions
 * on them are treated); predictions of entity types the datasets do not label are ignored. The report
 * always exits 0: it measures, it does not gate.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASETS, loadPresidio, type PresidioRecord } from './corpus.js';
import { benchSystems, PEER_NAMES, type System } from './systems.js';
import {
  addInto,
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

const FILES = ['presidio-synth-v2.json', 'presidio-generated-large.json', 'presidio-generated-small.json'];
/**
 * Files made by the same generator share a label schema. An entity type is scored on a file only when its
 * family labels it: presidio-generated-* label whole addresses (zip code included) as ADDRESS and have no
 * ZIP_CODE or AGE label, so a zip code found there is unlabelled, not wrong.
 */
const FAMILY: Readonly<Record<string, string>> = {
  'presidio-synth-v2.json': 'synth-v2',
  'presidio-generated-large.json': 'generated',
  'presidio-generated-small.json': 'generated',
};

/** Dataset label -> Veilgate entity; null = not evaluated. */
const LABEL_MAP: Readonly<Record<string, string | null>> = {
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  PHONE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  US_DRIVER_LICENSE: 'US_DRIVER_LICENSE',
  DATE_TIME: 'DATE_TIME',
  AGE: 'AGE',
  ZIP_CODE: 'ZIP_CODE',
  IBAN_CODE: 'IBAN_CODE',
  DOMAIN_NAME: 'URL',
  STREET_ADDRESS: 'STREET_ADDRESS',
  ADDRESS: 'STREET_ADDRESS',
  PERSON: 'PERSON',
  GPE: 'LOCATION',
  LOCATION: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
  TITLE: null,
  NRP: null,
  PREFIX: null,
};
/** Veilgate entity -> entity it is scored as. */
const OUR_ALIASES: Readonly<Record<string, string>> = { DATE_OF_BIRTH: 'DATE_TIME' };
const TARGETED = ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS'];
const TARGET_F1 = 0.95;
const MAX_ERRORS = 40;

// ---------------------------------------------------------------------------------------------- arguments

const errorsFor = stringOption('--errors');
const jsonFile = stringOption('--json');
const withPeers = !args.includes('--no-peers');

// ---------------------------------------------------------------------------------------------- data

interface GoldRecord {
  readonly file: string;
  readonly index: number;
  readonly text: string;
  readonly gold: Span[];
  readonly ignored: Span[];
}

const unknownLabels = new Map<string, number>();
let repairedGold = 0;
let unrepairableGold = 0;

/** Gold span as given, or moved to the nearest occurrence of its value within 5 characters when it is off. */
function goldOffsets(r: PresidioRecord, s: PresidioRecord['spans'][number]): [number, number] {
  const { start_position: start, end_position: end, entity_value: value } = s;
  if (value === undefined || r.full_text.slice(start, end) === value) return [start, end];
  for (let d = 1; d <= 5; d++) {
    for (const at of [start - d, start + d]) {
      if (at >= 0 && r.full_text.startsWith(value, at)) {
        repairedGold++;
        return [at, at + value.length];
      }
    }
  }
  unrepairableGold++;
  return [start, end];
}

const records: GoldRecord[] = [];
const recordCounts = new Map<string, number>();
for (const file of FILES) {
  const data = loadPresidio(file);
  recordCounts.set(file, data.length);
  data.forEach((r, index) => {
    const gold: Span[] = [];
    const ignored: Span[] = [];
    for (const s of r.spans) {
      const [start, end] = goldOffsets(r, s);
      const mapped = LABEL_MAP[s.entity_type];
      if (mapped === undefined) unknownLabels.set(s.entity_type, (unknownLabels.get(s.entity_type) ?? 0) + 1);
      if (mapped) gold.push({ entity: mapped, start, end });
      else ignored.push({ entity: s.entity_type, start, end });
    }
    records.push({ file, index, text: r.full_text, gold, ignored });
  });
}
/** Entity types scored on each family's files. */
const familyScope = new Map<string, Set<string>>();
for (const r of records) {
  const family = FAMILY[r.file] ?? r.file;
  let scope = familyScope.get(family);
  if (scope === undefined) familyScope.set(family, (scope = new Set()));
  for (const g of r.gold) scope.add(g.entity);
}
const support = new Map<string, number>();
for (const r of records) for (const g of r.gold) support.set(g.entity, (support.get(g.entity) ?? 0) + 1);
const evaluated = new Set(support.keys());
const entityOrder = [
  ...TARGETED.filter((e) => evaluated.has(e)),
  ...[...evaluated]
    .filter((e) => !TARGETED.includes(e))
    .sort((a, b) => (support.get(b) ?? 0) - (support.get(a) ?? 0)),
];

// ---------------------------------------------------------------------------------------------- systems

const { systems, setupFailures } = benchSystems(withPeers, OUR_ALIASES);
const peerNames: readonly string[] = PEER_NAMES;

interface SystemResult {
  readonly system: System;
  readonly perFile: Map<string, { exact: Map<string, Counts>; lenient: Map<string, Counts> }>;
  readonly exact: Map<string, Counts>;
  readonly lenient: Map<string, Counts>;
  readonly scores: RecordScore[];
  readonly predictions: (readonly Span[])[];
  failures: number;
  firstFailure?: string;
  seconds: number;
}

async function evaluate(system: System): Promise<SystemResult> {
  const result: SystemResult = {
    system,
    perFile: new Map(FILES.map((f) => [f, { exact: new Map(), lenient: new Map() }])),
    exact: new Map(),
    lenient: new Map(),
    scores: [],
    predictions: [],
    failures: 0,
    seconds: 0,
  };
  const t0 = performance.now();
  for (const r of records) {
    let predicted: readonly Span[];
    try {
      predicted = await system.detect(r.text);
    } catch (e) {
      result.failures++;
      result.firstFailure ??= `${r.file}#${r.index}: ${(e as Error).message}`;
      predicted = [];
    }
    const scope = familyScope.get(FAMILY[r.file] ?? r.file);
    const kept = predicted.filter((p) => scope?.has(p.entity));
    const score = scoreRecord(r.gold, r.ignored, kept);
    result.scores.push(score);
    result.predictions.push(kept);
    const pf = result.perFile.get(r.file);
    if (pf) {
      addInto(pf.exact, score.exact);
      addInto(pf.lenient, score.lenient);
    }
    addInto(result.exact, score.exact);
    addInto(result.lenient, score.lenient);
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

const results: SystemResult[] = [];
for (const s of systems) results.push(await evaluate(s));
const ours = results[0] as SystemResult;
const peers = results.slice(1);

// ---------------------------------------------------------------------------------------------- report

const counts = (m: ReadonlyMap<string, Counts>, e: string): Counts => m.get(e) ?? { tp: 0, fp: 0, fn: 0 };
const prfCell = (r: SystemResult, m: ReadonlyMap<string, Counts>, e: string): string => {
  if (!r.system.supports.has(e)) return '—';
  const x = prf(counts(m, e));
  return `${fmt2(x.precision)} / ${fmt2(x.recall)} / ${fmt2(x.f1)}`;
};
const f1Of = (m: ReadonlyMap<string, Counts>, e: string): number => prf(counts(m, e)).f1;
const f1Cell = (r: SystemResult, m: ReadonlyMap<string, Counts>, e: string): string =>
  r.system.supports.has(e) ? fmt2(f1Of(m, e)) : '—';
const microAll = (m: ReadonlyMap<string, Counts>, only?: ReadonlySet<string>): Counts =>
  sumCounts(entityOrder.filter((e) => only === undefined || only.has(e)).map((e) => counts(m, e)));
const peerColumns = withPeers ? peerNames : [];
const peerResult = (name: string): SystemResult | undefined => peers.find((p) => p.system.name === name);

function aheadOfPeers(e: string, pick: (r: SystemResult) => ReadonlyMap<string, Counts>): string {
  if (!withPeers) return 'n/a';
  if (!ours.system.supports.has(e)) return '✗ (not supported yet)';
  const mine = f1Of(pick(ours), e);
  const rivals = peers.filter((p) => p.system.supports.has(e));
  if (rivals.length === 0) return '✓ (no peer)';
  if (rivals.every((p) => mine > f1Of(pick(p), e))) return '✓';
  // Nobody can be ahead of a perfect score: say so rather than hide a tie at the ceiling behind ✗.
  const best = Math.max(...rivals.map((p) => f1Of(pick(p), e)));
  if (mine >= best && fmt2(mine) === '1.00') return '= (tie at 1.00; see detect-robustness)';
  return '✗';
}

const lines: string[] = [];
const out = (s = ''): void => {
  lines.push(s);
};

out('# Veilgate detection quality');
out();
out(`- command: \`npx tsx bench/detect-quality.ts${args.length ? ` ${args.join(' ')}` : ''}\``);
out(`- date: ${new Date().toISOString()}; node ${process.version}; ${os.platform()} ${os.arch()}`);
out(
  `- datasets (${path.relative(process.cwd(), path.join(DATASETS, 'pii'))}): ${FILES.map((f) => `${f} (${recordCounts.get(f)} records)`).join(', ')}; ${records.length} records, ${[...support.values()].reduce((a, b) => a + b, 0)} evaluated gold spans`,
);
out(`- Veilgate ${ours.system.version}: ${ours.system.config}`);
for (const p of peers) out(`- peer ${p.system.name} ${p.system.version}: ${p.system.config}`);
if (!withPeers) out('- peers skipped (--no-peers)');
for (const f of setupFailures) out(`- peer failed to start: ${f}`);
out(
  '- labels: DOMAIN_NAME→URL, ADDRESS/STREET_ADDRESS→STREET_ADDRESS, GPE/LOCATION→LOCATION; TITLE, NRP, PREFIX not evaluated; Veilgate DATE_OF_BIRTH scored as DATE_TIME; predictions of unlabelled types ignored',
);
out(
  `- an entity is scored only on files whose generator labels it: ${[...familyScope].map(([f, sc]) => `${f} = ${[...sc].sort().join(', ')}`).join('; ')}`,
);
out('- cells: precision / recall / F1; "—" = the system cannot emit that entity type');
out();
out('## Exact span match (primary), all three files combined');
out();
out(
  `| entity | support | Veilgate | ${peerColumns.join(' | ')}${peerColumns.length ? ' | ' : ''}target (F1) | ahead of peers |`,
);
out(`|---|---:|---:|${peerColumns.map(() => '---:|').join('')}---|---|`);
for (const e of entityOrder) {
  const target = TARGETED.includes(e)
    ? `≥${TARGET_F1} ${ours.system.supports.has(e) && f1Of(ours.exact, e) >= TARGET_F1 ? '✓' : '✗'}`
    : '';
  const peerCells = peerColumns.map((n) => {
    const r = peerResult(n);
    return r ? prfCell(r, r.exact, e) : 'failed';
  });
  out(
    `| ${e} | ${support.get(e)} | ${prfCell(ours, ours.exact, e)} | ${peerCells.join(' | ')}${peerCells.length ? ' | ' : ''}${target} | ${aheadOfPeers(e, (r) => r.exact)} |`,
  );
}
{
  const cell = (r: SystemResult): string => {
    const x = prf(microAll(r.exact));
    return `${fmt2(x.precision)} / ${fmt2(x.recall)} / ${fmt2(x.f1)}`;
  };
  const peerCells = peerColumns.map((n) => {
    const r = peerResult(n);
    return r ? cell(r) : 'failed';
  });
  out(
    `| *micro avg, all* | ${microAll(ours.exact).tp + microAll(ours.exact).fn} | ${cell(ours)} | ${peerCells.join(' | ')}${peerCells.length ? ' | ' : ''} | |`,
  );
}
out();
out('## Lenient match (overlapping span, same entity, one-to-one): F1');
out();
out(
  `| entity | Veilgate P / R | Veilgate F1 | ${peerColumns.join(' | ')}${peerColumns.length ? ' | ' : ''}ahead of peers |`,
);
out(`|---|---:|---:|${peerColumns.map(() => '---:|').join('')}---|`);
for (const e of entityOrder) {
  const x = prf(counts(ours.lenient, e));
  const pr = ours.system.supports.has(e) ? `${fmt2(x.precision)} / ${fmt2(x.recall)}` : '—';
  const peerCells = peerColumns.map((n) => {
    const r = peerResult(n);
    return r ? f1Cell(r, r.lenient, e) : 'failed';
  });
  out(
    `| ${e} | ${pr} | ${f1Cell(ours, ours.lenient, e)} | ${peerCells.join(' | ')}${peerCells.length ? ' | ' : ''}${aheadOfPeers(e, (r) => r.lenient)} |`,
  );
}
out();
out('## Veilgate per file: exact F1 (support)');
out();
out(`| entity | ${FILES.join(' | ')} |`);
out(`|---|${FILES.map(() => '---:|').join('')}`);
for (const e of entityOrder) {
  const cells = FILES.map((f) => {
    const pf = ours.perFile.get(f);
    const c = pf ? counts(pf.exact, e) : { tp: 0, fp: 0, fn: 0 };
    const n = c.tp + c.fn;
    if (n === 0) return familyScope.get(FAMILY[f] ?? f)?.has(e) && c.fp > 0 ? `0.00 (0; ${c.fp} FP)` : '';
    return ours.system.supports.has(e) ? `${fmt2(prf(c).f1)} (${n})` : `— (${n})`;
  });
  out(`| ${e} | ${cells.join(' | ')} |`);
}
out();
out('## Notes');
out();
for (const r of results) {
  const stats = Object.entries(r.system.stats?.() ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  out(
    `- ${r.system.name}: ${r.seconds.toFixed(1)} s for ${records.length} records; detect() threw on ${r.failures} record(s)${r.firstFailure ? ` (first: ${r.firstFailure})` : ''}${stats ? `; ${stats}` : ''}`,
  );
}
out(
  `- gold spans whose offsets did not slice to their value: ${repairedGold} moved to the nearest occurrence (±5 chars), ${unrepairableGold} left as given`,
);
if (unknownLabels.size > 0) {
  out(
    `- unknown gold labels (not evaluated): ${[...unknownLabels].map(([l, n]) => `${l} ×${n}`).join(', ')}`,
  );
}

// ---------------------------------------------------------------------------------------------- errors

if (errorsFor !== undefined) {
  out();
  if (!evaluated.has(errorsFor)) {
    out(`--errors: '${errorsFor}' is not an evaluated entity; choose one of ${entityOrder.join(', ')}`);
  } else {
    const fns: string[] = [];
    const fps: string[] = [];
    let fnTotal = 0;
    let fpTotal = 0;
    ours.scores.forEach((s, i) => {
      const r = records[i] as GoldRecord;
      const preds = ours.predictions[i] ?? [];
      for (const g of s.falseNegatives) {
        if (g.entity !== errorsFor) continue;
        fnTotal++;
        if (fns.length >= MAX_ERRORS) continue;
        const near = preds
          .filter((p) => p.start < g.end && p.end > g.start)
          .map((p) => `${p.entity} ${JSON.stringify(r.text.slice(p.start, p.end))}`);
        fns.push(
          `- ${r.file}#${r.index} ${inContext(r.text, g.start, g.end)}${near.length ? `  — predicted instead: ${near.join(', ')}` : ''}`,
        );
      }
      for (const p of s.falsePositives) {
        if (p.entity !== errorsFor) continue;
        fpTotal++;
        if (fps.length >= MAX_ERRORS) continue;
        const near = [...r.gold, ...r.ignored]
          .filter((g) => g.start < p.end && g.end > p.start)
          .map((g) => `${g.entity} ${JSON.stringify(r.text.slice(g.start, g.end))}`);
        fps.push(
          `- ${r.file}#${r.index} ${inContext(r.text, p.start, p.end)}  (${p.note ?? ''})${near.length ? `  — gold: ${near.join(', ')}` : ''}`,
        );
      }
    });
    out(`## Veilgate errors for ${errorsFor} (exact match)`);
    out();
    out(`### False negatives: ${fnTotal}${fnTotal > fns.length ? `, first ${fns.length}` : ''}`);
    out();
    for (const l of fns) out(l);
    out();
    out(`### False positives: ${fpTotal}${fpTotal > fps.length ? `, first ${fps.length}` : ''}`);
    out();
    for (const l of fps) out(l);
  }
}

console.log(lines.join('\n'));

if (jsonFile !== undefined) {
  const table = (m: ReadonlyMap<string, Counts>, supports: ReadonlySet<string>): Record<string, unknown> =>
    Object.fromEntries(
      entityOrder.map((e) => [e, supports.has(e) ? { ...counts(m, e), ...prf(counts(m, e)) } : null]),
    );
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    command: `npx tsx bench/detect-quality.ts ${args.join(' ')}`.trim(),
    datasets: Object.fromEntries(recordCounts),
    support: Object.fromEntries(entityOrder.map((e) => [e, support.get(e)])),
    systems: results.map((r) => ({
      name: r.system.name,
      version: r.system.version,
      config: r.system.config,
      seconds: r.seconds,
      failures: r.failures,
      stats: r.system.stats?.() ?? {},
      exact: table(r.exact, r.system.supports),
      lenient: table(r.lenient, r.system.supports),
      perFile: Object.fromEntries(
        [...r.perFile].map(([f, m]) => [f, { exact: table(m.exact, r.system.supports) }]),
      ),
    })),
  };
  writeFileSync(jsonFile, JSON.stringify(json, null, 2) + '\n');
  console.log(`\nwrote ${jsonFile}`);
}
process.exitCode = 0;
