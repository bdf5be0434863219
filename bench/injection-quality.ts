/**
 * Prompt-injection and jailbreak detection quality: ROC AUC, TPR and FPR at each system's own default flag,
 * and TPR at 1% and 2% FPR, for Veilgate's injection detector and two npm peers (vard, llm_guardrail), all
 * run locally, on:
 *   - the held-out part of the shared corpora (train/injection/datasets.ts says how each source is split:
 *     deepset's dev file whole; JailbreakBench behaviours with index % 5 = 0; BIPIA held-out contexts with
 *     held-out attacks; a hash-chosen fifth of self-instruct, Presidio sentences and tweets), per source and
 *     pooled (all, deepset alone, user-role texts, document-role texts);
 *   - bench/injection/handwritten.jsonl, 80 attacks and 80 benign texts written for this benchmark and never
 *     trained on (override wording, extraction, chat-template markers, personas, indirect injections in
 *     documents and tool output, markdown-image exfiltration, obfuscation, German/French/Spanish; benign
 *     prompts and documents full of trigger words), per kind.
 * Data is read from ../shared/datasets (or $VEILGATE_DATASETS), never copied into the repository.
 *
 *   npx tsx bench/injection-quality.ts [--only veilgate,vard,llm_guardrail] [--json FILE] [--errors N]
 *
 * --only LIST  comma-separated systems: veilgate, vard (rows vard and vard-strict), llm_guardrail (rows
 *              llm_guardrail = checkAll and llm_guardrail-injection = checkInjection), or single row ids
 * --json FILE  also write the numbers as JSON
 * --errors N   list the N highest-scoring flagged benign texts and the N lowest-scoring missed attacks of
 *              the first system (held-out and handwritten)
 *
 * Metrics (bench/injection/metrics.ts): a threshold t flags score >= t. TPR @ x% FPR is the largest TPR
 * whose FPR on the same pool's benign texts is at most x%, with ties at the boundary left unflagged; the
 * achieved FPR and the threshold are printed beside it. "At the pooled 1% threshold" applies the threshold
 * chosen on all held-out benign texts to each source. AUC counts ties as one half; "—" = not defined
 * (a class is missing). A system's default flag is its own verdict (see each system's config line).
 * Latency is measured by bench/injection-speed.ts, not here. The report always exits 0: it measures, it
 * does not gate.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectionRole } from '../src/detect/injection/types.js';
import { datasetsDir, loadInjectionData } from '../train/injection/datasets.js';
import { args, positiveOption, stringOption } from './args.js';
import { benchPrompts, chatRequestBody } from './gateway/prompts.js';
import {
  formatMetric,
  fractionTrue,
  nextUp,
  rateAt,
  rocAuc,
  tprAtFpr,
  type OperatingPoint,
} from './injection/metrics.js';
import {
  createInjectionSystems,
  parseOnlyOption,
  type InjectionScore,
  type InjectionSystem,
} from './injection/peers.js';

const FPR_TARGETS = [0.01, 0.02] as const;
const SOURCE_ORDER = [
  'deepset',
  'jbb-DSN',
  'jbb-GCG',
  'jbb-JBC',
  'jbb-PAIR',
  'jbb-random-search',
  'bipia-email',
  'bipia-code',
  'bipia-table',
  'self-instruct',
  'presidio-text',
  'tweets',
  'handwritten-attacks',
  'handwritten-benign',
  'gateway-prompts',
];
const HANDWRITTEN_FILE = path.join(import.meta.dirname, 'injection', 'handwritten.jsonl');
const SNIPPET = 160;

// ---------------------------------------------------------------------------------------------- arguments

const jsonFile = stringOption('--json');
const errorsToShow = args.includes('--errors') ? Math.floor(positiveOption('--errors', 20)) : 0;
const only = parseOnlyOption(stringOption('--only'));

// ---------------------------------------------------------------------------------------------- data

interface Example {
  readonly text: string;
  readonly injection: 0 | 1;
  readonly jailbreak: 0 | 1 | undefined;
  readonly source: string;
  readonly role: InjectionRole;
  /** Handwritten fixture only: the technique (attacks) or kind of benign text. */
  readonly kind?: string;
  readonly heldout: boolean;
}

function loadHandwritten(): Example[] {
  const lines = readFileSync(HANDWRITTEN_FILE, 'utf8').split('\n');
  const out: Example[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = JSON.parse(line) as Record<string, unknown>;
    const { text, injection, jailbreak, role, kind } = r;
    if (
      typeof text !== 'string' ||
      (injection !== 0 && injection !== 1) ||
      (jailbreak !== 0 && jailbreak !== 1) ||
      (role !== 'user' && role !== 'document') ||
      typeof kind !== 'string'
    ) {
      throw new Error(`${path.relative(process.cwd(), HANDWRITTEN_FILE)}:${i + 1}: malformed record`);
    }
    out.push({
      text,
      injection,
      jailbreak,
      role,
      kind,
      source: injection === 1 ? 'handwritten-attacks' : 'handwritten-benign',
      heldout: false,
    });
  });
  return out;
}

const split = loadInjectionData();
const heldout: Example[] = split.heldout.map((e) => ({
  text: e.text,
  injection: e.injection,
  jailbreak: e.jailbreak,
  source: e.source,
  role: e.role,
  heldout: true,
}));
const handwritten = loadHandwritten();
// The gateway benchmark's prompts (bench/gateway/prompts.ts): tickets, clinical notes, claims and e-mails
// full of personal data and of words like "previous", "above", "conversation"; benign, in no training set.
const gatewayPrompts: Example[] = benchPrompts(200).map((p) => ({
  text: userText(chatRequestBody(p, 'bench', false)),
  injection: 0,
  jailbreak: 0,
  source: 'gateway-prompts',
  role: 'user',
  heldout: false,
}));
const examples: Example[] = [...heldout, ...handwritten, ...gatewayPrompts];

/** The last user message of an OpenAI chat request body. */
function userText(body: string): string {
  const messages = (JSON.parse(body) as { messages: { role: string; content: string }[] }).messages;
  return messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
}

const sources = [
  ...SOURCE_ORDER.filter((s) => examples.some((e) => e.source === s)),
  ...[...new Set(examples.map((e) => e.source))].filter((s) => !SOURCE_ORDER.includes(s)).sort(),
];

interface Pool {
  readonly id: string;
  readonly title: string;
  readonly members: (e: Example) => boolean;
}
const POOLS: readonly Pool[] = [
  { id: 'heldout', title: 'all held-out (shared corpora)', members: (e) => e.heldout },
  { id: 'deepset', title: 'deepset dev alone', members: (e) => e.heldout && e.source === 'deepset' },
  { id: 'user', title: 'held-out, user role', members: (e) => e.heldout && e.role === 'user' },
  { id: 'document', title: 'held-out, document role', members: (e) => e.heldout && e.role === 'document' },
  {
    id: 'handwritten',
    title: 'handwritten fixture (not in any corpus)',
    members: (e) => e.source.startsWith('handwritten'),
  },
];

interface JailbreakPool {
  readonly id: string;
  readonly title: string;
  readonly positive: (e: Example) => boolean;
  readonly negative: (e: Example) => boolean;
}
const JAILBREAK_POOLS: readonly JailbreakPool[] = [
  {
    id: 'jbb',
    title: 'held-out jbb-* vs all held-out benign',
    positive: (e) => e.heldout && e.source.startsWith('jbb-'),
    negative: (e) => e.heldout && e.injection === 0,
  },
  {
    id: 'handwritten',
    title: 'handwritten jailbreaks vs handwritten benign',
    positive: (e) => e.source.startsWith('handwritten') && e.jailbreak === 1,
    negative: (e) => e.source.startsWith('handwritten') && e.injection === 0,
  },
];

// ---------------------------------------------------------------------------------------------- systems

const { systems, setupFailures } = await createInjectionSystems(only);

interface Run {
  readonly system: InjectionSystem;
  /** Parallel to `examples`. */
  readonly scores: InjectionScore[];
  errors: number;
  firstError?: string;
  /** Reason → count, separately for flagged attacks and flagged benign texts. */
  readonly reasons: { attacks: Map<string, number>; benign: Map<string, number> };
}

const NOT_SCORED: InjectionScore = { injection: 0, flagged: false };

async function evaluate(system: InjectionSystem): Promise<Run> {
  const run: Run = { system, scores: [], errors: 0, reasons: { attacks: new Map(), benign: new Map() } };
  for (const e of examples) {
    let s: InjectionScore;
    try {
      s = await system.score(e.text, e.role);
      if (!Number.isFinite(s.injection) || (s.jailbreak !== undefined && !Number.isFinite(s.jailbreak)))
        throw new Error(`non-finite score ${s.injection} / ${s.jailbreak}`);
    } catch (err) {
      run.errors++;
      run.firstError ??= `${e.source}: ${(err as Error).message.split('\n')[0]}`;
      s = NOT_SCORED;
    }
    run.scores.push(s);
    if (s.flagged) {
      const tally = e.injection === 1 ? run.reasons.attacks : run.reasons.benign;
      for (const r of s.reasons?.length ? s.reasons : ['(none given)']) tally.set(r, (tally.get(r) ?? 0) + 1);
    }
  }
  return run;
}

const runs: Run[] = [];
for (const s of systems) runs.push(await evaluate(s));

// ---------------------------------------------------------------------------------------------- metrics

interface Metrics {
  readonly attacks: number;
  readonly benign: number;
  readonly auc: number;
  readonly tpr: number;
  readonly fpr: number;
  readonly atFpr: Readonly<Record<string, OperatingPoint>>;
}

function metrics(pos: readonly InjectionScore[], neg: readonly InjectionScore[], jailbreak = false): Metrics {
  const score = (s: InjectionScore): number => (jailbreak ? (s.jailbreak ?? 0) : s.injection);
  const flag = (s: InjectionScore): boolean => (jailbreak ? (s.jailbreakFlagged ?? false) : s.flagged);
  const p = pos.map(score);
  const n = neg.map(score);
  return {
    attacks: pos.length,
    benign: neg.length,
    auc: rocAuc(p, n),
    tpr: fractionTrue(pos.map(flag)),
    fpr: fractionTrue(neg.map(flag)),
    atFpr: Object.fromEntries(FPR_TARGETS.map((t) => [String(t), tprAtFpr(p, n, t)])),
  };
}

const pick = (run: Run, keep: (e: Example) => boolean): InjectionScore[] =>
  run.scores.filter((_, i) => keep(examples[i] as Example));

function poolMetrics(run: Run, pool: Pool): Metrics {
  return metrics(
    pick(run, (e) => pool.members(e) && e.injection === 1),
    pick(run, (e) => pool.members(e) && e.injection === 0),
  );
}

function jailbreakMetrics(run: Run, pool: JailbreakPool): Metrics {
  return metrics(pick(run, pool.positive), pick(run, pool.negative), true);
}

const heldoutPool = POOLS[0] as Pool;
/** Each system's threshold at 1% FPR on all held-out benign texts. */
const pooledThreshold = new Map(
  runs.map((r) => [r, (poolMetrics(r, heldoutPool).atFpr['0.01'] as OperatingPoint).threshold]),
);

interface SourceMetrics extends Metrics {
  readonly role: string;
  /** TPR and FPR at the system's pooled 1%-FPR threshold. */
  readonly pooledTpr: number;
  readonly pooledFpr: number;
}

function sourceMetrics(run: Run, source: string): SourceMetrics {
  const inSource = (e: Example): boolean => e.source === source;
  const pos = pick(run, (e) => inSource(e) && e.injection === 1);
  const neg = pick(run, (e) => inSource(e) && e.injection === 0);
  const t = pooledThreshold.get(run) ?? NaN;
  const roles = [...new Set(examples.filter(inSource).map((e) => e.role))].join(', ');
  return {
    ...metrics(pos, neg),
    role: roles,
    pooledTpr: Number.isNaN(t)
      ? NaN
      : rateAt(
          pos.map((s) => s.injection),
          t,
        ),
    pooledFpr: Number.isNaN(t)
      ? NaN
      : rateAt(
          neg.map((s) => s.injection),
          t,
        ),
  };
}

// ---------------------------------------------------------------------------------------------- report

const lines: string[] = [];
const out = (s = ''): void => {
  lines.push(s);
};
const f3 = (x: number): string => formatMetric(x, 3);
/**
 * A threshold as a condition on the score. The lowest admissible threshold is often the double just above a
 * benign score (metrics.ts `thresholdAtFpr`): that prints as "> x" rather than as a misleading "≥ x".
 */
const fmtThreshold = (t: number): string => {
  if (Number.isNaN(t)) return '—';
  if (t === -Infinity) return 'flag all';
  if (t === Infinity) return 'flag none';
  const below = -nextUp(-t);
  return Number(below.toFixed(4)) === below && Number(t.toFixed(4)) !== t
    ? `> ${below.toFixed(4)}`
    : `≥ ${t.toFixed(4)}`;
};
const opCell = (p: OperatingPoint | undefined): string =>
  p === undefined || Number.isNaN(p.tpr)
    ? '—'
    : `${f3(p.tpr)} (FPR ${f3(p.fpr)}, score ${fmtThreshold(p.threshold)})`;
const escapeCell = (s: string): string => s.replace(/\|/g, '\\|');
/** One line of at most SNIPPET characters; line breaks as ⏎, invisible characters as \u{…}. */
const snippet = (s: string): string => {
  const flat = s
    .replace(/\r?\n/g, ' ⏎ ')
    .replace(/\t/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
  return escapeCell(flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}…` : flat);
};
const count = (keep: (e: Example) => boolean, from: readonly Example[] = examples): number =>
  from.filter(keep).length;

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
out('# Veilgate prompt-injection and jailbreak detection quality');
out();
out(`- command: \`npx tsx bench/injection-quality.ts${args.length ? ` ${args.join(' ')}` : ''}\``);
out(`- date: ${new Date().toISOString()}; node ${process.version}; ${os.platform()} ${os.arch()}; ${cpu}`);
out(
  `- data: ${path.relative(process.cwd(), path.join(datasetsDir(), 'injection')) || '.'} (deepset prompt-injections, JailbreakBench artifacts, BIPIA email/code/table with planted attacks, self-instruct) and benign text from pii/presidio-synth-v2.json and toxicity/davidson-labeled.csv beside it, split by train/injection/datasets.ts; plus ${path.relative(process.cwd(), HANDWRITTEN_FILE)} (${count((e) => !e.heldout && e.injection === 1)} attacks, ${count((e) => !e.heldout && e.injection === 0)} benign, written for this benchmark)`,
);
out(
  `- split: ${split.train.length} train / ${split.heldout.length} held-out examples from the shared corpora; only held-out examples, the handwritten fixture and the gateway benchmark's 200 prompts (benign workplace texts, gateway-prompts) are scored`,
);
out(
  '- JailbreakBench held-out rows are unseen behaviours (harmful goals) in wrappings that training has seen (JBC/AIM and random-search templates recur across behaviours): they do not measure new jailbreak templates',
);
out(
  "- handwritten fixture: attacks avoid the stock phrasings on purpose; it was written after reading vard's rule list (some benign prompts hit those rules) and without reading Veilgate's rules or model or llm_guardrail's vocabulary; 80 + 80 texts, so one text moves a rate by 0.0125",
);
for (const r of runs) out(`- ${r.system.name} ${r.system.version}: ${r.system.config}`);
for (const f of setupFailures) out(`- system failed to start: ${f}`);
out(
  '- cells: TPR / FPR at flag = the system\'s own verdict; TPR @ x% FPR (achieved FPR, score threshold): the largest TPR whose FPR on the same pool\'s benign texts is ≤ x%, benign scores tied at the boundary left unflagged; AUC counts ties as ½; "—" = undefined (a class is missing)',
);
out();

out('## Data: examples per source');
out();
out('| source | role | train attacks | train benign | held-out attacks | held-out benign |');
out('|---|---|---:|---:|---:|---:|');
for (const s of sources) {
  const role = [...new Set(examples.filter((e) => e.source === s).map((e) => e.role))].join(', ');
  const trainN = (inj: 0 | 1): string =>
    s.startsWith('handwritten')
      ? '—'
      : String(split.train.filter((e) => e.source === s && e.injection === inj).length);
  out(
    `| ${s} | ${role} | ${trainN(1)} | ${trainN(0)} | ${count((e) => e.source === s && e.injection === 1)} | ${count((e) => e.source === s && e.injection === 0)} |`,
  );
}
out(
  `| *held-out total* | | ${split.train.filter((e) => e.injection === 1).length} | ${split.train.filter((e) => e.injection === 0).length} | ${count((e) => e.heldout && e.injection === 1)} | ${count((e) => e.heldout && e.injection === 0)} |`,
);
out();

out('## Summary');
out();
out(
  '| system | held-out AUC | held-out TPR / FPR at flag | held-out TPR @ 1% FPR | deepset AUC | handwritten AUC | handwritten TPR / FPR at flag | jailbreak AUC (jbb) | errors |',
);
out('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of runs) {
  const all = poolMetrics(r, heldoutPool);
  const deepset = poolMetrics(r, POOLS[1] as Pool);
  const hand = poolMetrics(r, POOLS[4] as Pool);
  const jb = r.system.hasJailbreak ? f3(jailbreakMetrics(r, JAILBREAK_POOLS[0] as JailbreakPool).auc) : '—';
  out(
    `| ${r.system.name} | ${f3(all.auc)} | ${f3(all.tpr)} / ${f3(all.fpr)} | ${f3((all.atFpr['0.01'] as OperatingPoint).tpr)} | ${f3(deepset.auc)} | ${f3(hand.auc)} | ${f3(hand.tpr)} / ${f3(hand.fpr)} | ${jb} | ${r.errors} |`,
  );
}

out();
out('## Injection verdict, pooled');
for (const pool of POOLS) {
  out();
  const any = runs[0];
  const m0 = any ? poolMetrics(any, pool) : undefined;
  out(`### ${pool.title}${m0 ? `: ${m0.attacks} attacks, ${m0.benign} benign` : ''}`);
  out();
  out(
    `| system | AUC | TPR at flag | FPR at flag | ${FPR_TARGETS.map((t) => `TPR @ ${t * 100}% FPR`).join(' | ')} |`,
  );
  out(`|---|---:|---:|---:|${FPR_TARGETS.map(() => '---:|').join('')}`);
  for (const r of runs) {
    const m = poolMetrics(r, pool);
    out(
      `| ${r.system.name} | ${f3(m.auc)} | ${f3(m.tpr)} | ${f3(m.fpr)} | ${FPR_TARGETS.map((t) => opCell(m.atFpr[String(t)])).join(' | ')} |`,
    );
  }
}

out();
out('## Injection verdict per source');
for (const r of runs) {
  out();
  out(`### ${r.system.name} (pooled 1%-FPR threshold: score ${fmtThreshold(pooledThreshold.get(r) ?? NaN)})`);
  out();
  out(
    '| source | role | attacks | benign | TPR at flag | FPR at flag | AUC | TPR at pooled 1% thr | FPR at pooled 1% thr |',
  );
  out('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of sources) {
    const m = sourceMetrics(r, s);
    out(
      `| ${s} | ${m.role} | ${m.attacks} | ${m.benign} | ${f3(m.tpr)} | ${f3(m.fpr)} | ${f3(m.auc)} | ${f3(m.pooledTpr)} | ${f3(m.pooledFpr)} |`,
    );
  }
}

out();
out('## Handwritten fixture by kind: flagged / n at the default flag');
out();
const kinds = [...new Set(handwritten.map((e) => `${e.injection}:${e.kind ?? ''}`))];
out(`| class | kind | n | ${runs.map((r) => r.system.name).join(' | ')} |`);
out(`|---|---|---:|${runs.map(() => '---:|').join('')}`);
for (const key of kinds) {
  const [inj, kind] = key.split(':') as [string, string];
  const keep = (e: Example): boolean => !e.heldout && String(e.injection) === inj && e.kind === kind;
  const n = count(keep);
  const cells = runs.map((r) => `${pick(r, keep).filter((s) => s.flagged).length}`);
  out(`| ${inj === '1' ? 'attack' : 'benign'} | ${kind} | ${n} | ${cells.join(' | ')} |`);
}

out();
out('## Jailbreak verdict');
out();
out(
  '`verdicts.jailbreak` (Veilgate) and `checkJailbreak` (llm_guardrail); systems without a jailbreak score are left out.',
);
const jbRuns = runs.filter((r) => r.system.hasJailbreak);
for (const pool of JAILBREAK_POOLS) {
  out();
  const m0 = jbRuns[0] ? jailbreakMetrics(jbRuns[0], pool) : undefined;
  out(`### ${pool.title}${m0 ? `: ${m0.attacks} jailbreaks, ${m0.benign} benign` : ''}`);
  out();
  out(
    `| system | AUC | TPR at flag | FPR at flag | ${FPR_TARGETS.map((t) => `TPR @ ${t * 100}% FPR`).join(' | ')} |`,
  );
  out(`|---|---:|---:|---:|${FPR_TARGETS.map(() => '---:|').join('')}`);
  for (const r of jbRuns) {
    const m = jailbreakMetrics(r, pool);
    out(
      `| ${r.system.name} | ${f3(m.auc)} | ${f3(m.tpr)} | ${f3(m.fpr)} | ${FPR_TARGETS.map((t) => opCell(m.atFpr[String(t)])).join(' | ')} |`,
    );
  }
}

out();
out('## Notes');
out();
const tally = (m: ReadonlyMap<string, number>): string =>
  [...m]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';
for (const r of runs) {
  const stats = Object.entries(r.system.stats?.() ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  out(
    `- ${r.system.name}: score() failed on ${r.errors} of ${examples.length} texts${r.firstError ? ` (first: ${r.firstError})` : ''} (scored 0, not flagged)${stats ? `; ${stats}` : ''}`,
  );
  out(`  - flag reasons on attacks: ${tally(r.reasons.attacks)}`);
  out(`  - flag reasons on benign texts: ${tally(r.reasons.benign)}`);
  // what a gateway guarding with this system's defaults would refuse: either verdict flagged
  const workplace = examples.flatMap((e, i) =>
    e.source === 'gateway-prompts' ? [r.scores[i] as InjectionScore] : [],
  );
  const refused = workplace.filter((s) => s.flagged || s.jailbreakFlagged === true).length;
  out(
    `  - gateway-prompts flagged by either verdict (what a default profile would refuse): ${refused} of ${workplace.length}`,
  );
}

// ---------------------------------------------------------------------------------------------- errors

const first = runs[0];
if (errorsToShow > 0 && first !== undefined) {
  const indexed = examples.map((e, i) => ({ e, s: first.scores[i] as InjectionScore }));
  const falsePositives = indexed
    .filter(({ e, s }) => e.injection === 0 && s.flagged)
    .sort((a, b) => b.s.injection - a.s.injection);
  const falseNegatives = indexed
    .filter(({ e, s }) => e.injection === 1 && !s.flagged)
    .sort((a, b) => a.s.injection - b.s.injection);
  for (const [title, list] of [
    ['flagged benign texts, highest score first', falsePositives],
    ['missed attacks, lowest score first', falseNegatives],
  ] as const) {
    out();
    out(`## ${first.system.name}: ${title} (${Math.min(errorsToShow, list.length)} of ${list.length})`);
    out();
    out('| score | source | role | text |');
    out('|---:|---|---|---|');
    for (const { e, s } of list.slice(0, errorsToShow)) {
      out(
        `| ${s.injection.toFixed(3)} | ${e.source}${e.kind ? ` (${e.kind})` : ''} | ${e.role} | ${snippet(e.text)} |`,
      );
    }
  }
}

console.log(lines.join('\n'));

// ---------------------------------------------------------------------------------------------- JSON

if (jsonFile !== undefined) {
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    cpu,
    command: `npx tsx bench/injection-quality.ts ${args.join(' ')}`.trim(),
    data: {
      trainExamples: split.train.length,
      heldoutExamples: split.heldout.length,
      handwritten: handwritten.length,
      sources: sources.map((s) => ({
        source: s,
        attacks: count((e) => e.source === s && e.injection === 1),
        benign: count((e) => e.source === s && e.injection === 0),
      })),
    },
    setupFailures,
    systems: runs.map((r) => ({
      name: r.system.name,
      id: r.system.id,
      version: r.system.version,
      config: r.system.config,
      errors: r.errors,
      firstError: r.firstError ?? null,
      stats: r.system.stats?.() ?? {},
      pooledThreshold1pct: pooledThreshold.get(r) ?? null,
      pools: Object.fromEntries(POOLS.map((p) => [p.id, poolMetrics(r, p)])),
      sources: Object.fromEntries(sources.map((s) => [s, sourceMetrics(r, s)])),
      jailbreak: r.system.hasJailbreak
        ? Object.fromEntries(JAILBREAK_POOLS.map((p) => [p.id, jailbreakMetrics(r, p)]))
        : null,
      flagReasons: {
        attacks: Object.fromEntries(r.reasons.attacks),
        benign: Object.fromEntries(r.reasons.benign),
      },
    })),
  };
  // NaN and ±Infinity are not JSON: write them as null.
  const replacer = (_k: string, v: unknown): unknown =>
    typeof v === 'number' && !Number.isFinite(v) ? null : v;
  writeFileSync(jsonFile, JSON.stringify(json, replacer, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), path.resolve(jsonFile))}`);
}
process.exitCode = 0;
