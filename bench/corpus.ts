/**
 * Text corpora for benchmarks, read from ../shared/datasets (never copied into the repository).
 * `proseCorpus` is English prose and chat text: real e-mails from BIPIA, human-written
 * instructions (self-instruct), prompts (deepset), tweets (WNUT-17) and Presidio's synthetic sentences.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const DATASETS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/datasets');

function jsonl(file: string): Record<string, unknown>[] {
  return readFileSync(path.join(DATASETS, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export interface PresidioSpan {
  entity_type: string;
  entity_value: string;
  start_position: number;
  end_position: number;
}
export interface PresidioRecord {
  full_text: string;
  spans: PresidioSpan[];
  template_id?: number;
}

export function loadPresidio(name: string): PresidioRecord[] {
  return JSON.parse(readFileSync(path.join(DATASETS, 'pii', name), 'utf8')) as PresidioRecord[];
}

function wnutSentences(file: string): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  for (const line of readFileSync(path.join(DATASETS, 'ner', file), 'utf8').split('\n')) {
    const tok = line.split('\t')[0]?.trim();
    if (!tok) {
      if (cur.length) out.push(cur.join(' '));
      cur = [];
    } else cur.push(tok);
  }
  if (cur.length) out.push(cur.join(' '));
  return out;
}

/** About 1.5 MB of mixed English prose, deterministic order. */
export function proseCorpus(): string {
  const parts: string[] = [];
  for (const r of jsonl('injection/bipia/email-train.jsonl')) parts.push(String(r['context']));
  for (const f of [
    'injection/benign-self-instruct-user.jsonl',
    'injection/benign-self-instruct-seed.jsonl',
  ]) {
    for (const r of jsonl(f))
      parts.push(
        Object.values(r)
          .filter((v) => typeof v === 'string')
          .join('\n'),
      );
  }
  for (const r of jsonl('injection/deepset-train.jsonl')) if (r['label'] === 0) parts.push(String(r['text']));
  parts.push(...wnutSentences('wnut17-train.conll'));
  for (const r of loadPresidio('presidio-synth-v2.json')) parts.push(r.full_text);
  return parts.join('\n');
}

/** Repeat `text` until it is at least `bytes` UTF-8 bytes long. */
export function repeatToSize(text: string, bytes: number): string {
  const unit = Buffer.byteLength(text);
  return text.repeat(Math.max(1, Math.ceil(bytes / unit)));
}
