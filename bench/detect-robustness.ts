/**
 * Detection robustness: obfuscated positives and hard negatives derived from Presidio's synthetic PII
 * records, scored for Veilgate and the two peers of detect-quality.ts (openredaction, redact-pii) in one run.
 *
 *   npx tsx bench/detect-robustness.ts [--seed N] [--examples N] [--json FILE] [--dump FILE] [--no-peers]
 *
 * --seed N       seed of the case generator (default 20250101); the same seed always yields the same cases
 * --examples N   Veilgate failures listed per (kind, entity) (default 3; 0 = none)
 * --json FILE    also write the numbers as JSON
 * --dump FILE    write the derived cases (text, target, other spans with recomputed offsets) as JSON lines
 * --no-peers     score Veilgate only
 *
 * On the clean data EMAIL_ADDRESS, US_SSN and URL tie at F1 1.00 for every system, which says nothing about
 * robustness. Here each target span (see robustness-cases.ts) is rewritten:
 * - obfuscated positives must still be found: exact = a prediction of the entity with exactly the rewritten
 *   value's span; lenient = any prediction of the entity overlapping it;
 * - hard negatives must not be: a prediction of that entity overlapping the decoy is a false positive.
 * Combined F1 (exact) treats both sets as one: TP = positives found exactly, FN = the other positives,
 * FP = flagged negatives + misaligned predictions on positives (as exact span scoring counts them). Only the
 * edited span is scored; the rest of each record is detect-quality's business. Clean rows give the recall
 * on the unedited records, to tell a robustness loss from a miss the system makes anyway. Always exits 0.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATASETS } from './corpus.js';
import { benchSystems, type System } from './systems.js';
import { fmt2, inContext, prf, type Counts, type Span } from './quality-lib.js';
import {
  buildCases,
  NEGATIVE_KINDS,
  NEGATIVES_PER_SLOT,
  POSITIVES_PER_SLOT,
  ROBUSTNESS_FILES,
  TARGET_ENTITIES,
  TRANSFORMATIONS,
  type Case,
  type TargetEntity,
} from './robustness-cases.js';
import { args, stringOption } from './args.js';

// ---------------------------------------------------------------------------------------------- arguments

const seed = Number(stringOption('--seed') ?? 20250101);
const examples = Number(stringOption('--examples') ?? 3);
const jsonFile = stringOption('--json');
const dumpFile = stringOption('--dump');
const withPeers = !args.includes('--no-peers');
if (!Number.isInteger(seed) || !Number.isInteger(examples))
  throw new Error('--seed and --examples take integers');

// ---------------------------------------------------------------------------------------------- systems

const { systems, setupFailures } = benchSystems(withPeers);

// ---------------------------------------------------------------------------------------------- cases

const cases = buildCases(seed);
const allCases: readonly Case[] = [...cases.clean, ...cases.positives, ...cases.negatives];
if (dumpFile !== undefined) {
  writeFileSync(
    dumpFile,
    allCases
      .map((c) =>
        JSON.stringify({
          id: c.slot.id,
          set: c.set,
          kind: c.kind,
          entity: c.entity,
          text: c.text,
          target: c.target,
          spans: c.spans,
        }),
      )
      .join('\n') + '\n',
  );
}

// ---------------------------------------------------------------------------------------------- scoring

/** What one system did on one case's target span. */
interface Outcome {
  /** A prediction of the case's entity with exactly the target span. */
  readonly exact: boolean;
  /** A prediction of the case's entity overlapping the target span. */
  readonly overlap: boolean;
  /** Predictions of any entity overlapping the target span (for error listings). */
  readonly near: readonly Span[];
}

interface SystemRun {
  readonly system: System;
  readonly outcomes: Map<Case, Outcome>;
  failures: number;
  firstFailure?: string;
  seconds: number;
}

async function run(system: System): Promise<SystemRun> {
  const result: SystemRun = { system, outcomes: new Map(), failures: 0, seconds: 0 };
  const t0 = performance.now();
  for (const c of allCases) {
    let predicted: readonly Span[];
    try {
      predicted = await system.detect(c.text);
    } catch (e) {
      result.failures++;
      result.firstFailure ??= `${c.slot.id} ${c.kind}: ${(e as Error).message}`;
      predicted = [];
    }
    const near = predicted.filter((p) => p.start < c.target.end && p.end > c.target.start);
    const mine = near.filter((p) => p.entity === c.entity);
    result.outcomes.set(c, {
      exact: mine.some((p) => p.start === c.target.start && p.end === c.target.end),
      overlap: mine.length > 0,
      near,
    });
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

const runs: SystemRun[] = [];
for (const s of systems) runs.push(await run(s));
const ours = runs[0] as SystemRun;
const peers = runs.slice(1);

interface Tally {
  n: number;
  exact: number;
  overlap: number;
}
function tally(r: SystemRun, cs: readonly Case[]): Tally {
  const t: Tally = { n: 0, exact: 0, overlap: 0 };
  for (const c of cs) {
    const o = r.outcomes.get(c);
    if (o === undefined || !r.system.supports.has(c.entity)) continue;
    t.n++;
    if (o.exact) t.exact++;
    if (o.overlap) t.overlap++;
  }
  return t;
}
const rate = (k: number, n: number): string => (n === 0 ? '—' : fmt2(k / n));

/** Combined exact counts for one entity: positives and hard negatives as one set. */
function combined(r: SystemRun, entity: TargetEntity): Counts {
  const pos = tally(
    r,
    cases.positives.filter((c) => c.entity === entity),
  );
  const neg = tally(
    r,
    cases.negatives.filter((c) => c.entity === entity),
  );
  return { tp: pos.exact, fn: pos.n - pos.exact, fp: neg.overlap + (pos.overlap - pos.exact) };
}
const supported = (r: SystemRun, e: string): boolean => r.system.supports.has(e);

function aheadOfPeers(e: TargetEntity): string {
  if (!withPeers) return 'n/a';
  const mine = prf(combined(ours, e)).f1;
  const rivals = peers.filter((p) => supported(p, e)).map((p) => prf(combined(p, e)).f1);
  if (rivals.length === 0) return '✓ (no peer)';
  if (rivals.every((f) => mine > f)) return '✓';
  return rivals.every((f) => mine >= f) ? '= (tie)' : '✗';
}

// ---------------------------------------------------------------------------------------------- report

const lines: string[] = [];
const out = (s = ''): void => {
  lines.push(s);
};
const byEntity = (cs: readonly Case[], e: string): Case[] => cs.filter((c) => c.entity === e);
const byKind = (cs: readonly Case[], k: string): Case[] => cs.filter((c) => c.kind === k);
const names = runs.map((r) => r.system.name);
const head = (first: string[]): void => {
  out(`| ${[...first, ...names].join(' | ')} |`);
  out(`|${first.map((_, i) => (i === 0 ? '---|' : '---:|')).join('')}${names.map(() => '---:|').join('')}`);
};

out('# Veilgate detection robustness');
out();
out(`- command: \`npx tsx bench/detect-robustness.ts${args.length ? ` ${args.join(' ')}` : ''}\``);
out(
  `- seed: ${seed}; date: ${new Date().toISOString()}; node ${process.version}; ${os.platform()} ${os.arch()}`,
);
out(
  `- source (${path.relative(process.cwd(), path.join(DATASETS, 'pii'))}): ${ROBUSTNESS_FILES.join(', ')}; ${cases.records} records with ${cases.slots.length} target spans (${TARGET_ENTITIES.map((e) => `${e} ${cases.slots.filter((s) => s.entity === e).length}`).join(', ')}; DOMAIN_NAME scored as URL)`,
);
out(
  `- cases: ${cases.clean.length} clean, ${cases.positives.length} obfuscated positives (up to ${POSITIVES_PER_SLOT} transformations per span), ${cases.negatives.length} hard negatives (up to ${NEGATIVES_PER_SLOT} kinds per span); one span edited per case, the record's other spans kept with recomputed offsets`,
);
for (const r of runs)
  out(`- ${r === ours ? '' : 'peer '}${r.system.name} ${r.system.version}: ${r.system.config}`);
if (!withPeers) out('- peers skipped (--no-peers)');
for (const f of setupFailures) out(`- peer failed to start: ${f}`);
out('- "—" = the system cannot emit that entity type (not counted in pooled rows)');
out();
out('## Per entity');
out();
out(
  'Cells: recall on obfuscated positives exact / lenient · false-positive rate on hard negatives · combined F1 (exact, positives + negatives).',
);
out();
out(`| entity | positives | negatives | ${names.join(' | ')} | ahead of peers (F1) |`);
out(`|---|---:|---:|${names.map(() => '---:|').join('')}---|`);
for (const e of TARGET_ENTITIES) {
  const pos = byEntity(cases.positives, e);
  const neg = byEntity(cases.negatives, e);
  const cells = runs.map((r) => {
    if (!supported(r, e)) return '—';
    const p = tally(r, pos);
    const n = tally(r, neg);
    return `${rate(p.exact, p.n)} / ${rate(p.overlap, p.n)} · ${rate(n.overlap, n.n)} · ${fmt2(prf(combined(r, e)).f1)}`;
  });
  out(`| ${e} | ${pos.length} | ${neg.length} | ${cells.join(' | ')} | ${aheadOfPeers(e)} |`);
}
out();
out('## Obfuscated positives per transformation (all entities pooled): recall exact / lenient');
out();
head(['transformation', 'entities', 'n']);
{
  const row = (label: string, entities: string, cs: readonly Case[]): void => {
    const cells = runs.map((r) => {
      const t = tally(r, cs);
      return `${rate(t.exact, t.n)} / ${rate(t.overlap, t.n)}${t.n < cs.length ? '*' : ''}`;
    });
    out(`| ${label} | ${entities} | ${cs.length} | ${cells.join(' | ')} |`);
  };
  row('*clean (unedited)*', 'all', cases.clean);
  for (const t of TRANSFORMATIONS) {
    const cs = byKind(cases.positives, t.name);
    row(t.name, [...new Set(cs.map((c) => c.entity))].join(', '), cs);
  }
  row('*all transformations*', 'all', cases.positives);
}
out();
out('\\* pooled over the entities the system supports only.');
out();
out('## Obfuscated positives, entity × transformation: exact recall (n)');
out();
out(`Cells: ${names.join(' / ')}.`);
out();
{
  const kinds = ['clean', ...TRANSFORMATIONS.map((t) => t.name)];
  out(`| entity | ${kinds.join(' | ')} |`);
  out(`|---|${kinds.map(() => '---:|').join('')}`);
  for (const e of TARGET_ENTITIES) {
    const cells = kinds.map((k) => {
      const cs = byKind(byEntity(k === 'clean' ? cases.clean : cases.positives, e), k);
      if (cs.length === 0) return '';
      const per = runs.map((r) => (supported(r, e) ? rate(tally(r, cs).exact, cs.length) : '—'));
      return `${per.join(' / ')} (${cs.length})`;
    });
    out(`| ${e} | ${cells.join(' | ')} |`);
  }
}
out();
out('## Hard negatives per kind: false-positive rate (lower is better)');
out();
head(['kind', 'entity', 'n']);
for (const k of NEGATIVE_KINDS) {
  const cs = byKind(cases.negatives, k.name);
  const cells = runs.map((r) => (supported(r, k.entity) ? rate(tally(r, cs).overlap, cs.length) : '—'));
  out(`| ${k.name} | ${k.entity} | ${cs.length} | ${cells.join(' | ')} |`);
}
out();
out('## What each case defends against');
out();
for (const t of TRANSFORMATIONS) out(`- positive \`${t.name}\`: ${t.defends}`);
for (const k of NEGATIVE_KINDS) out(`- negative \`${k.name}\` (${k.entity}): ${k.defends}`);
out();
out('## Notes');
out();
for (const r of runs) {
  const stats = Object.entries(r.system.stats?.() ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  out(
    `- ${r.system.name}: ${r.seconds.toFixed(1)} s for ${allCases.length} texts; detect() threw on ${r.failures}${r.firstFailure ? ` (first: ${r.firstFailure})` : ''}${stats ? `; ${stats}` : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------- failures

/** Invisible and look-alike characters spelled out, so listings show what the text really holds. */
const SHOWN: Readonly<Record<string, string>> = {
  '\u200b': '⟨ZWSP⟩',
  '\u00ad': '⟨SHY⟩',
  '\u2011': '⟨NBH⟩',
  '\u2013': '⟨EN⟩',
};
const visible = (s: string): string => s.replace(/[\u200b\u00ad\u2011\u2013]/g, (c) => SHOWN[c] ?? c);
const cleanOf = new Map(cases.clean.map((c) => [c.slot, c]));

if (examples > 0) {
  out();
  out(`## Veilgate failures (up to ${examples} per kind and entity)`);
  out();
  for (const [label, cs, failed] of [
    ['Missed obfuscated positives (no exact span)', cases.positives, (o: Outcome) => !o.exact],
    ['False positives on hard negatives', cases.negatives, (o: Outcome) => o.overlap],
  ] as const) {
    const groups = new Map<string, Case[]>();
    for (const c of cs) {
      const o = ours.outcomes.get(c);
      if (o === undefined || !failed(o)) continue;
      const key = `${c.kind} ${c.entity}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    out(`### ${label}: ${[...groups.values()].reduce((a, g) => a + g.length, 0)}`);
    out();
    for (const [key, group] of groups) {
      const total = cs.filter((c) => `${c.kind} ${c.entity}` === key).length;
      // A positive whose clean record was found is a robustness loss; otherwise the system misses it anyway.
      const losses = group.filter((c) => {
        const clean = cleanOf.get(c.slot);
        return c.set === 'positive' && clean !== undefined && ours.outcomes.get(clean)?.exact === true;
      }).length;
      out(
        `- ${key}: ${group.length} of ${total}${group[0]?.set === 'positive' ? ` (clean record found for ${losses})` : ''}`,
      );
      for (const c of group.slice(0, examples)) {
        const o = ours.outcomes.get(c) as Outcome;
        const instead = o.near.map(
          (p) => `${p.entity} ${JSON.stringify(visible(c.text.slice(p.start, p.end)))}`,
        );
        const cleanCase = cleanOf.get(c.slot);
        const cleanFound =
          cleanCase === undefined
            ? ''
            : ours.outcomes.get(cleanCase)?.exact
              ? 'clean: found'
              : 'clean: missed';
        out(
          `  - ${c.slot.id} ${visible(inContext(c.text, c.target.start, c.target.end, 30))}${instead.length ? ` — predicted: ${instead.join(', ')}` : ''}${c.set === 'positive' ? ` (${cleanFound})` : ''}`,
        );
      }
    }
    out();
  }
}

console.log(lines.join('\n'));

if (jsonFile !== undefined) {
  const perSystem = (r: SystemRun): Record<string, unknown> => ({
    name: r.system.name,
    version: r.system.version,
    config: r.system.config,
    seconds: r.seconds,
    failures: r.failures,
    entities: Object.fromEntries(
      TARGET_ENTITIES.map((e) => [
        e,
        supported(r, e)
          ? {
              clean: tally(r, byEntity(cases.clean, e)),
              positives: tally(r, byEntity(cases.positives, e)),
              negatives: tally(r, byEntity(cases.negatives, e)),
              combined: { ...combined(r, e), ...prf(combined(r, e)) },
            }
          : null,
      ]),
    ),
    transformations: Object.fromEntries(
      TRANSFORMATIONS.map((t) => [t.name, tally(r, byKind(cases.positives, t.name))]),
    ),
    negatives: Object.fromEntries(
      NEGATIVE_KINDS.map((k) => [k.name, tally(r, byKind(cases.negatives, k.name))]),
    ),
  });
  writeFileSync(
    jsonFile,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        seed,
        command: `npx tsx bench/detect-robustness.ts ${args.join(' ')}`.trim(),
        counts: {
          clean: cases.clean.length,
          positives: cases.positives.length,
          negatives: cases.negatives.length,
        },
        systems: runs.map(perSystem),
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwrote ${jsonFile}`);
}
process.exitCode = 0;
