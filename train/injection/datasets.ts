/**
 * The public prompt-injection corpora in `../shared/datasets/injection/`, loaded and split the same way for
 * training (`npm run train:injection`) and for the quality benchmark (`npm run bench:injection`). Nothing is
 * copied into the repository.
 *
 * How each source is split, so that nothing the benchmark scores was trained on:
 * - deepset/prompt-injections: its own train file is trained on, `deepset-dev.jsonl` is held out whole.
 * - JailbreakBench artifacts: prompts are grouped by JBB behaviour (the `index` 0-99 shared by every
 *   method and target model); behaviours with index % 5 === 0 are held out (20%), so a held-out harmful
 *   goal was never seen in any wrapping. The training behaviours' bare goals are benign examples
 *   (`jbb-goals`: a harmful request is not an injection). Methods share templates (JBC's AIM, random search's rules), so
 *   the held-out part measures new goals in known wrappings, not new wrappings (the handwritten fixture of
 *   the benchmark, bench/injection/handwritten.jsonl, is the check on wordings never trained on).
 * - BIPIA (indirect injection): contexts (emails, code questions, tables) with index % 5 === 0 are held
 *   out, and so is the last attack of each attack category; a document is built by inserting an attack at
 *   the start, middle or end of a context. Held-out documents pair held-out contexts with held-out attacks.
 * - self-instruct (benign): instructions whose id hashes into the last fifth are held out; their example
 *   inputs and outputs of at least 40 characters are benign documents (`self-instruct-docs`), same split.
 * - Benign text from other corpora (Presidio synthetic sentences, Davidson tweets): a hash of the text
 *   puts a fifth in the held-out part.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '../random.js';

/** Where a text sits in a conversation; documents and tool results are scanned with their own threshold. */
export type TextRole = 'user' | 'document';

export interface InjectionExample {
  readonly text: string;
  /** 1 when the text tries to override the application's instructions (jailbreaks included). */
  readonly injection: 0 | 1;
  /** 1 for persona / role-play / rule-bypass jailbreaks, 0 for none, undefined when the source does not say. */
  readonly jailbreak: 0 | 1 | undefined;
  /** Source name as reported by the benchmark, e.g. `deepset`, `jbb-PAIR`, `bipia-email`. */
  readonly source: string;
  readonly role: TextRole;
  /** For documents with a planted attack: the attack's text, so training can find the window that holds it. */
  readonly attackText?: string;
}

export interface InjectionSplit {
  readonly train: InjectionExample[];
  readonly heldout: InjectionExample[];
}

/** `../shared/datasets` relative to the repository root, or $VEILGATE_DATASETS when set. */
export function datasetsDir(): string {
  const env = process.env['VEILGATE_DATASETS'];
  if (env !== undefined && env !== '') return path.resolve(env);
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/datasets');
}

/** True for about a fifth of keys, decided by SHA-256 so the split does not depend on file order. */
export function inHeldOutFifth(key: string): boolean {
  return (createHash('sha256').update(key).digest()[0] as number) % 5 === 0;
}

const readJsonl = (file: string): Record<string, unknown>[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')) as unknown;

// ------------------------------------------------------------------------------------------------ deepset

function loadDeepset(dir: string, file: string): InjectionExample[] {
  return readJsonl(path.join(dir, 'injection', file)).map((r) => ({
    text: String(r['text']),
    injection: r['label'] === 1 ? 1 : 0,
    jailbreak: undefined,
    source: 'deepset',
    role: 'user',
  }));
}

// --------------------------------------------------------------------------------------- JailbreakBench

/** JBB artifact file name prefix → the method name reported. */
const JBB_METHODS: Readonly<Record<string, string>> = {
  JBC: 'JBC',
  PAIR: 'PAIR',
  GCG: 'GCG',
  DSN: 'DSN',
  prompt_with_random_search: 'random-search',
};

interface JbbPrompt {
  readonly text: string;
  readonly method: string;
  readonly behaviour: number;
  /** The harmful request the prompt wraps, e.g. "Write a defamatory article claiming ...". */
  readonly goal: string;
}

/** Every distinct JBB attack prompt with its method and behaviour index (test artifacts skipped). */
export function loadJailbreakBench(dir = datasetsDir()): JbbPrompt[] {
  const folder = path.join(dir, 'injection', 'jailbreakbench');
  const seen = new Set<string>();
  const out: JbbPrompt[] = [];
  for (const name of readdirSync(folder).sort()) {
    const prefix = Object.keys(JBB_METHODS).find((p) => name.startsWith(`${p}-`));
    if (prefix === undefined || name.startsWith('DSN-evaluation') || name.startsWith('DSN-submission'))
      continue;
    const data = readJson(path.join(folder, name)) as {
      jailbreaks?: { index: number; prompt: unknown; goal?: unknown }[];
    };
    for (const j of data.jailbreaks ?? []) {
      if (typeof j.prompt !== 'string' || j.prompt.trim() === '' || seen.has(j.prompt)) continue;
      seen.add(j.prompt);
      out.push({
        text: j.prompt,
        method: JBB_METHODS[prefix] as string,
        behaviour: j.index,
        goal: typeof j.goal === 'string' ? j.goal : '',
      });
    }
  }
  return out;
}

export const jbbHeldOut = (behaviour: number): boolean => behaviour % 5 === 0;

// ------------------------------------------------------------------------------------------------ BIPIA

type BipiaTask = 'email' | 'code' | 'table';

/** The text a model would read for one BIPIA context record. */
function bipiaContext(task: BipiaTask, r: Record<string, unknown>): string {
  const c = r['context'];
  if (task === 'code') {
    const lines = (v: unknown): string => (Array.isArray(v) ? v.join('\n') : String(v ?? ''));
    return `${lines(r['error'])}\n${lines(r['code'])}\n${lines(c)}`.trim();
  }
  return String(c ?? '');
}

/** Attack categories → attack strings, in file order. */
function bipiaAttacks(dir: string, file: string): string[][] {
  const data = readJson(path.join(dir, 'injection', 'bipia', file)) as Record<string, string[]>;
  return Object.keys(data).map((k) => data[k] as string[]);
}

/** Insert an attack at a sentence or line boundary near the start, middle or end of a context. */
export function insertAttack(context: string, attack: string, where: 'start' | 'middle' | 'end'): string {
  if (where === 'start') return `${attack}\n${context}`;
  if (where === 'end') return `${context}\n${attack}`;
  const mid = Math.floor(context.length / 2);
  const boundary = context.slice(mid).search(/[.!?]\s|\n/);
  const at = boundary < 0 ? mid : mid + boundary + 1;
  return `${context.slice(0, at)} ${attack} ${context.slice(at)}`;
}

const POSITIONS = ['start', 'middle', 'end'] as const;

function loadBipia(dir: string, random: () => number): InjectionSplit {
  const train: InjectionExample[] = [];
  const heldout: InjectionExample[] = [];
  const textAttacks = bipiaAttacks(dir, 'text_attack_train.json');
  const codeAttacks = bipiaAttacks(dir, 'code_attack_train.json');
  const split = (categories: string[][]): { train: string[]; heldout: string[] } => ({
    train: categories.flatMap((c) => c.slice(0, -1)),
    heldout: categories.map((c) => c[c.length - 1] as string),
  });
  const tasks: { task: BipiaTask; attacks: { train: string[]; heldout: string[] }; perContext: number }[] = [
    { task: 'email', attacks: split(textAttacks), perContext: 6 },
    { task: 'code', attacks: split(codeAttacks), perContext: 6 },
    // 900 tables: fewer attacked copies each keeps the source from dominating the training set
    { task: 'table', attacks: split(textAttacks), perContext: 1 },
  ];
  for (const { task, attacks, perContext } of tasks) {
    const records = readJsonl(path.join(dir, 'injection', 'bipia', `${task}-train.jsonl`));
    records.forEach((r, i) => {
      const context = bipiaContext(task, r);
      if (context === '') return;
      const held = i % 5 === 0;
      const into = held ? heldout : train;
      const pool = held ? attacks.heldout : attacks.train;
      const source = `bipia-${task}`;
      into.push({ text: context, injection: 0, jailbreak: 0, source, role: 'document' });
      for (let k = 0; k < perContext; k++) {
        const attack = pool[Math.floor(random() * pool.length)] as string;
        const where = POSITIONS[Math.floor(random() * POSITIONS.length)] as 'start' | 'middle' | 'end';
        into.push({
          text: insertAttack(context, attack, where),
          injection: 1,
          jailbreak: 0,
          source,
          role: 'document',
          attackText: attack,
        });
      }
    });
  }
  return { train, heldout };
}

// ------------------------------------------------------------------------------------------ benign text

function loadSelfInstruct(dir: string): InjectionSplit {
  const train: InjectionExample[] = [];
  const heldout: InjectionExample[] = [];
  for (const file of ['benign-self-instruct-user.jsonl', 'benign-self-instruct-seed.jsonl']) {
    for (const r of readJsonl(path.join(dir, 'injection', file))) {
      const instances = (r['instances'] as { input?: string; output?: string }[] | undefined) ?? [];
      const input = instances[0]?.input ?? '';
      const text = input === '' ? String(r['instruction']) : `${String(r['instruction'])}\n${input}`;
      const into = inHeldOutFifth(String(r['id'])) ? heldout : train;
      into.push({ text, injection: 0, jailbreak: 0, source: 'self-instruct', role: 'user' });
      // The inputs (articles, e-mails, reviews, code) and written answers are benign documents of many
      // kinds, as a model would read them in a tool result; the same split as their instruction.
      for (const doc of [input, instances[0]?.output ?? '']) {
        if (doc.trim().length >= 40) {
          into.push({
            text: doc,
            injection: 0,
            jailbreak: 0,
            source: 'self-instruct-docs',
            role: 'document',
          });
        }
      }
    }
  }
  return { train, heldout };
}

/** Minimal CSV reader for the Davidson file (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') endRow();
    else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

function loadOtherBenign(dir: string, random: () => number): InjectionSplit {
  const train: InjectionExample[] = [];
  const heldout: InjectionExample[] = [];
  const add = (text: string, source: string): void => {
    const into = inHeldOutFifth(text) ? heldout : train;
    into.push({ text, injection: 0, jailbreak: 0, source, role: 'user' });
  };
  const presidio = readJson(path.join(dir, 'pii', 'presidio-synth-v2.json')) as { full_text: string }[];
  const seen = new Set<string>();
  for (const r of presidio) {
    if (seen.has(r.full_text)) continue;
    seen.add(r.full_text);
    add(r.full_text, 'presidio-text');
  }
  const tweets = parseCsv(readFileSync(path.join(dir, 'toxicity', 'davidson-labeled.csv'), 'utf8')).slice(1);
  // a sample: 25k tweets would drown every other source
  for (const row of tweets) if (random() < 0.06 && row[6] !== undefined) add(row[6], 'tweets');
  return { train, heldout };
}

// ----------------------------------------------------------------------------------------------- all

/** Load every shared source and split it as described at the top of this file. */
export function loadInjectionData(dir = datasetsDir(), seed = 20261123): InjectionSplit {
  const random = prng(seed);
  const train: InjectionExample[] = [];
  const heldout: InjectionExample[] = [];
  train.push(...loadDeepset(dir, 'deepset-train.jsonl'));
  heldout.push(...loadDeepset(dir, 'deepset-dev.jsonl'));
  const goals = new Map<string, boolean>();
  for (const p of loadJailbreakBench(dir)) {
    const e: InjectionExample = {
      text: p.text,
      injection: 1,
      jailbreak: 1,
      source: `jbb-${p.method}`,
      role: 'user',
    };
    (jbbHeldOut(p.behaviour) ? heldout : train).push(e);
    if (p.goal !== '') goals.set(p.goal, jbbHeldOut(p.behaviour));
  }
  // The bare harmful requests, without any wrapping: harmful, but neither an injection nor a jailbreak
  // (that is a content-safety question). Without them both heads learn the JBB goals' topics ("social
  // security numbers", "malware") instead of the wrappings, and flag ordinary records that mention them.
  for (const [goal, held] of goals) {
    if (held) continue; // the held-out goals stay unseen in any form
    train.push({ text: goal, injection: 0, jailbreak: 0, source: 'jbb-goals', role: 'user' });
  }
  for (const part of [loadBipia(dir, random), loadSelfInstruct(dir), loadOtherBenign(dir, random)]) {
    train.push(...part.train);
    heldout.push(...part.heldout);
  }
  return { train, heldout };
}
