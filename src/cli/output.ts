/**
 * Writing CLI output: respects backpressure (so a 100 MB scan piped into a slow consumer stays in bounded
 * memory) and stops quietly when the reader goes away (`veilgate scan ... | head`).
 */
import type { Writable } from 'node:stream';
import pc from 'picocolors';
import type { Finding } from '../detect/types.js';

export class Output {
  private closed = false;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    private readonly stream: Writable,
    /** Output is batched into writes of about this many characters (one system call each). */
    private readonly batch = 64 * 1024,
  ) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') this.closed = true;
      else throw err;
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async write(text: string): Promise<void> {
    if (this.closed || text === '') return;
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= this.batch) await this.flush();
  }

  /** Write everything batched so far, waiting for the stream to drain if it is full. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (this.closed) return;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off('drain', done);
          this.stream.off('close', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('close', done);
        this.stream.on('error', done);
      });
    }
  }
}

/** The finding as the JSONL contract defines it (ARCHITECTURE.md), optionally with its explanation. */
export function findingToJson(f: Finding, explain: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    entity: f.entity,
    start: f.start,
    end: f.end,
    score: f.score,
    detector: f.detector,
  };
  if (explain) out['explanation'] = f.explanation;
  return out;
}

export interface Highlighter {
  /** Render one segment of the input with its findings marked. */
  segment(text: string, offset: number, findings: readonly Finding[]): string;
}

/**
 * Marks findings inside the text: bold red with a dim `[ENTITY]` tag on a colour terminal, or
 * `[[value]]{ENTITY}` when colours are off. A finding that continues into the next segment stays marked.
 */
export function createHighlighter(color: boolean): Highlighter {
  const mark = (value: string): string => (color ? pc.bold(pc.red(value)) : value);
  const open = color ? '' : '[[';
  const tag = (entity: string): string => (color ? pc.dim(`[${entity}]`) : `]]{${entity}}`);
  let pendingEnd = 0; // absolute end of a finding that started in an earlier segment
  let pendingEntity = '';
  return {
    segment(text, offset, findings) {
      const parts: string[] = [];
      let pos = 0; // relative to segment
      const segEnd = offset + text.length;
      if (pendingEnd > offset) {
        const stop = Math.min(pendingEnd, segEnd) - offset;
        parts.push(mark(text.slice(0, stop)));
        pos = stop;
        if (pendingEnd <= segEnd) parts.push(tag(pendingEntity));
      }
      for (const f of findings) {
        const s = f.start - offset;
        if (s < pos) continue;
        parts.push(text.slice(pos, s));
        const e = Math.min(f.end, segEnd) - offset;
        parts.push(open + mark(text.slice(s, e)));
        if (f.end <= segEnd) parts.push(tag(f.entity));
        else {
          pendingEnd = f.end;
          pendingEntity = f.entity;
        }
        pos = e;
      }
      parts.push(text.slice(pos));
      return parts.join('');
    },
  };
}
