/**
 * The systems the injection benchmarks compare, behind one interface: Veilgate's injection detector and two
 * npm peers, each run locally with its documented default configuration (plus one documented alternative
 * each, reported as its own row).
 *
 * - `@andersmyrmel/vard`: regex rules, no score. `vard(text)` returns the text or throws
 *   PromptInjectionError (moderate preset: threshold 0.7; blocks instructionOverride, roleManipulation,
 *   systemPromptLeak; sanitises delimiterInjection and encoding, then re-checks; input over maxLength
 *   10,000 characters throws too). Flag = it throws PromptInjectionError. The error lists the matched
 *   threats with a fixed severity per pattern, so the score is the highest severity among the threats the
 *   same preset blocks at `.threshold(0)`: the lowest documented `.threshold()` at which that preset would
 *   block this text, 0 when none would. `vard.strict()` (threshold 0.5, every threat type blocks) is the
 *   documented stricter preset.
 * - `llm_guardrail`: three TF-IDF + logistic-regression models (prompt injection, jailbreak, malicious
 *   content), each returning `confidence` = P(threat) and `detected` = confidence >= 0.5 (the threshold
 *   stored in each model file). The README recommends `checkAll`, which is allowed only when all three
 *   allow: injection score = max of the three confidences, flag = !allowed. `checkInjection` alone is the
 *   second row. The jailbreak verdict is `checkJailbreak` (via checkAll).
 *
 * Errors: a peer that throws anything other than its documented verdict is counted by the caller and scored
 * 0, not flagged.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vard, { PromptInjectionError, type Threat } from '@andersmyrmel/vard';
import type { InjectionDetector, InjectionRole } from '../../src/detect/injection/types.js';
import { installedVersion } from '../peers/types.js';

export interface InjectionScore {
  /** Injection score, higher = more suspicious; compared across texts, never across systems. */
  readonly injection: number;
  /** The system's own verdict at its default configuration. */
  readonly flagged: boolean;
  /** Jailbreak score, for systems that have one. */
  readonly jailbreak?: number;
  readonly jailbreakFlagged?: boolean;
  /** Why it flagged (vard threat types, guardrail models that fired), tallied in the report's notes. */
  readonly reasons?: readonly string[];
}

export interface InjectionSystem {
  /** Key for `--only`, shared by the rows of one package (`veilgate`, `vard`, `llm_guardrail`). */
  readonly group: string;
  /** Key for `--only` naming this row alone, e.g. `vard-strict`. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  /** One line: entry point, configuration, how score and flag are derived. */
  readonly config: string;
  readonly hasJailbreak: boolean;
  score(text: string, role: InjectionRole): Promise<InjectionScore>;
  /** The package's own entry point as an application would call it, for latency (no score derivation). */
  readonly native: (text: string, role: InjectionRole) => unknown;
  /** Adapter counters worth reporting; keys are human-readable. */
  stats?(): Readonly<Record<string, number>>;
}

export const SYSTEM_GROUPS = ['veilgate', 'vard', 'llm_guardrail'] as const;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------- Veilgate

/** Where `loadInjectionDetector` lives, relative to the source or build root. */
const LOADER_MODULES = ['models/shipped.js'];

export interface VeilgateLoader {
  /** Absolute path of the module that exports `loadInjectionDetector`. */
  readonly module: string;
  readonly load: () => InjectionDetector;
}

/**
 * Find `loadInjectionDetector` in `src` (run through tsx) or in the build output `dist`, so the speed
 * benchmark can time the build as it ships; a missing build is reported, not fatal.
 */
export async function findVeilgateLoader(from: 'src' | 'dist'): Promise<VeilgateLoader> {
  const problems: string[] = [];
  for (const rel of LOADER_MODULES) {
    const file = path.join(ROOT, from, rel);
    const source = from === 'src' ? file.replace(/\.js$/, '.ts') : file;
    try {
      statSync(source);
    } catch {
      problems.push(`${path.relative(ROOT, source)}: missing`);
      continue;
    }
    try {
      const mod = (await import(pathToFileURL(file).href)) as { loadInjectionDetector?: unknown };
      if (typeof mod.loadInjectionDetector === 'function') {
        const load = mod.loadInjectionDetector as () => InjectionDetector;
        return { module: source, load: () => load() };
      }
      problems.push(`${path.relative(ROOT, source)}: no loadInjectionDetector export`);
    } catch (e) {
      problems.push(`${path.relative(ROOT, source)}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`cannot load Veilgate's injection detector (${problems.join('; ')})`);
}

const packageVersion = (): string =>
  String(
    (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version?: unknown }).version ??
      '?',
  );

export async function createVeilgateSystem(from: 'src' | 'dist' = 'src'): Promise<InjectionSystem> {
  const loader = await findVeilgateLoader(from);
  const detector = loader.load();
  return {
    group: 'veilgate',
    id: 'veilgate',
    name: 'Veilgate',
    version: `${packageVersion()} (detector ${detector.version})`,
    config: `loadInjectionDetector() from ${path.relative(ROOT, loader.module)}, defaults; detect(text, { role }) with the example's role; score and flag = verdicts.injection, jailbreak = verdicts.jailbreak`,
    hasJailbreak: true,
    score: (text, role) =>
      Promise.resolve().then(() => {
        const r = detector.detect(text, { role });
        const { injection, jailbreak } = r.verdicts;
        return {
          injection: injection.score,
          flagged: injection.flagged,
          jailbreak: jailbreak.score,
          jailbreakFlagged: jailbreak.flagged,
          reasons: [...new Set(r.findings.map((f) => f.explanation.pattern ?? f.entity))],
        };
      }),
    native: (text, role) => detector.detect(text, { role }),
  };
}

// ---------------------------------------------------------------------------------------------- vard

type VardGuard = ReturnType<typeof vard.strict>;

const LENGTH_REASON = 'maxLength';

/** The threat types in a PromptInjectionError, with the length limit named apart (it has no pattern). */
const threatReasons = (threats: readonly Threat[]): string[] => [
  ...new Set(threats.map((t) => (t.match.startsWith('Input exceeds ') ? LENGTH_REASON : t.type))),
];

function vardSystem(preset: 'moderate' | 'strict'): InjectionSystem {
  const guard: VardGuard = preset === 'moderate' ? vard() : vard.strict();
  const threshold = preset === 'moderate' ? 0.7 : 0.5;
  // Same preset, every threat kept: its blocking threats' highest severity is the lowest threshold that blocks.
  const sweep = guard.threshold(0);
  let inconsistent = 0;
  return {
    group: 'vard',
    id: preset === 'moderate' ? 'vard' : 'vard-strict',
    name: preset === 'moderate' ? 'vard' : 'vard strict',
    version: installedVersion('@andersmyrmel/vard'),
    config:
      preset === 'moderate'
        ? 'vard(text) (moderate preset, the default: threshold 0.7, blocks instructionOverride/roleManipulation/systemPromptLeak, sanitises delimiters and encodings, maxLength 10,000); flag = throws PromptInjectionError; score = highest severity blocked by vard().threshold(0), 0 if none; no role input, no jailbreak score'
        : 'vard.strict().parse(text) (threshold 0.5, every threat type blocks, maxLength 10,000); flag = throws PromptInjectionError; score = highest severity blocked by vard.strict().threshold(0), 0 if none; no role input, no jailbreak score',
    hasJailbreak: false,
    score: (text) =>
      Promise.resolve().then(() => {
        let flagged = false;
        let reasons: string[] = [];
        try {
          guard.parse(text);
        } catch (e) {
          if (!(e instanceof PromptInjectionError)) throw e;
          flagged = true;
          reasons = threatReasons(e.threats);
        }
        const swept = sweep.safeParse(text);
        let injection = swept.safe ? 0 : Math.max(...swept.threats.map((t) => t.severity));
        // Sanitise-then-recheck can make the two calls disagree at the edges; the flag is the verdict.
        if (flagged !== injection >= threshold) inconsistent++;
        if (flagged && injection < threshold) injection = threshold;
        return { injection, flagged, reasons };
      }),
    native: (text) => {
      try {
        return guard.parse(text);
      } catch (e) {
        if (e instanceof PromptInjectionError) return e;
        throw e;
      }
    },
    stats: () => ({ 'texts where the swept score and the default verdict disagreed': inconsistent }),
  };
}

// ---------------------------------------------------------------------------------------------- llm_guardrail

interface GuardrailCheck {
  readonly allowed: boolean;
  readonly detected: boolean;
  readonly confidence: number;
}

interface GuardrailAll {
  readonly injection: GuardrailCheck;
  readonly jailbreak: GuardrailCheck;
  readonly malicious: GuardrailCheck;
  readonly allowed: boolean;
  readonly threatsDetected: readonly string[];
}

interface GuardrailModule {
  checkAll(prompt: string): Promise<GuardrailAll>;
  checkInjection(prompt: string): Promise<GuardrailCheck>;
}

// The package ships no type declarations; the specifier is a variable so TypeScript does not look for them.
const GUARDRAIL_PACKAGE = 'llm_guardrail';

async function guardrailSystems(): Promise<InjectionSystem[]> {
  const guardrail = (await import(GUARDRAIL_PACKAGE)) as GuardrailModule;
  const version = installedVersion(GUARDRAIL_PACKAGE);
  return [
    {
      group: 'llm_guardrail',
      id: 'llm_guardrail',
      name: 'llm_guardrail checkAll',
      version,
      config:
        'checkAll(text) (README: recommended): score = max(injection, jailbreak, malicious confidence), flag = !allowed (any model ≥ 0.5); jailbreak = checkJailbreak confidence / detected; no role input',
      hasJailbreak: true,
      score: async (text) => {
        const r = await guardrail.checkAll(text);
        return {
          injection: Math.max(r.injection.confidence, r.jailbreak.confidence, r.malicious.confidence),
          flagged: !r.allowed,
          jailbreak: r.jailbreak.confidence,
          jailbreakFlagged: r.jailbreak.detected,
          reasons: r.threatsDetected,
        };
      },
      native: (text) => guardrail.checkAll(text),
    },
    {
      group: 'llm_guardrail',
      id: 'llm_guardrail-injection',
      name: 'llm_guardrail checkInjection',
      version,
      config:
        'checkInjection(text), the prompt-injection model alone: score = confidence, flag = detected (≥ 0.5); no role input',
      hasJailbreak: false,
      score: async (text) => {
        const r = await guardrail.checkInjection(text);
        return { injection: r.confidence, flagged: r.detected, reasons: r.detected ? ['injection'] : [] };
      },
      native: (text) => guardrail.checkInjection(text),
    },
  ];
}

// ---------------------------------------------------------------------------------------------- all

export interface SystemSelection {
  readonly systems: InjectionSystem[];
  /** Systems that could not start, one line each; reported, not fatal. */
  readonly setupFailures: string[];
}

/** Every known `--only` key: the groups and the row ids. */
export const SYSTEM_KEYS = [
  ...SYSTEM_GROUPS,
  'vard-strict',
  'llm_guardrail-injection',
] as const satisfies readonly string[];

/**
 * Veilgate first, then the peers, keeping the rows whose group or id is in `only` (all when undefined).
 */
export async function createInjectionSystems(
  only?: ReadonlySet<string>,
  from: 'src' | 'dist' = 'src',
): Promise<SystemSelection> {
  const systems: InjectionSystem[] = [];
  const setupFailures: string[] = [];
  const factories: [string, () => Promise<InjectionSystem[]>][] = [
    ['veilgate', async () => [await createVeilgateSystem(from)]],
    ['vard', () => Promise.resolve([vardSystem('moderate'), vardSystem('strict')])],
    ['llm_guardrail', guardrailSystems],
  ];
  const wanted = (s: { group: string; id: string }): boolean =>
    only === undefined || only.has(s.group) || only.has(s.id);
  for (const [group, make] of factories) {
    if (only !== undefined && ![...only].some((k) => k === group || k.startsWith(`${group}-`))) continue;
    try {
      systems.push(...(await make()).filter(wanted));
    } catch (e) {
      setupFailures.push(`${group}: ${(e as Error).message}`);
    }
  }
  return { systems, setupFailures };
}

/** The `--only` list as a set of system keys (undefined: all); exits 2 naming an unknown key. */
export function parseOnlyOption(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  const only = new Set(
    value
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== ''),
  );
  const known: readonly string[] = SYSTEM_KEYS;
  const unknown = [...only].filter((k) => !known.includes(k));
  if (unknown.length > 0 || only.size === 0) {
    console.error(
      `--only: unknown ${unknown.map((u) => `'${u}'`).join(', ') || '(empty list)'}; choose from ${known.join(', ')}`,
    );
    process.exit(2);
  }
  return only;
}
