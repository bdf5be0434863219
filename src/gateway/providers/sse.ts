/**
 * Server-Sent Events: parsing an upstream byte stream into events, and serialising events for the client.
 *
 * The parser follows the WHATWG HTML "event stream interpretation" rules (§9.2.6): lines end in CRLF, LF or CR;
 * a leading BOM is dropped; lines starting with `:` are comments; `data` lines are joined with LF; `event` names
 * the event; an empty line dispatches; an event left unfinished when the stream ends is discarded. `id` and
 * `retry` are read and ignored (the gateway does not reconnect upstream streams).
 *
 * Lines are split on the raw bytes, before UTF-8 decoding: CR and LF never occur inside a multi-byte UTF-8
 * sequence, so a character split across network chunks is always decoded whole, and event sizes are counted
 * in bytes exactly.
 */
import { VeilgateError } from '../../errors.js';
import type { SseEvent } from './types.js';

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;

export interface SseParserOptions {
  /** Largest event, in bytes of its lines (comments included), before it is dispatched. Default: unlimited. */
  readonly maxEventBytes?: number;
}

/** Incremental parser: feed it chunks as they arrive, collect the events each chunk completes. */
export class SseParser {
  readonly #maxEventBytes: number;
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  #partial: Uint8Array[] = [];
  #partialBytes = 0;
  /** The previous chunk ended in CR: an LF starting the next one belongs to the same line break. */
  #skipLf = false;
  #atStreamStart = true;
  #data = '';
  #eventType = '';
  #eventBytes = 0;

  constructor(options: SseParserOptions = {}) {
    this.#maxEventBytes = options.maxEventBytes ?? Number.POSITIVE_INFINITY;
  }

  /** Parses one chunk; returns the events whose terminating empty line it contains. */
  push(chunk: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    let i = 0;
    if (this.#skipLf && chunk.length > 0) {
      if (chunk[0] === LF) i = 1;
      this.#skipLf = false;
    }
    let lineStart = i;
    for (; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== LF && byte !== CR) continue;
      this.#completeLine(chunk.subarray(lineStart, i), events);
      if (byte === CR) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === LF) i++;
        } else {
          this.#skipLf = true;
        }
      }
      lineStart = i + 1;
    }
    if (lineStart < chunk.length) {
      // Copied: the caller may reuse its buffer.
      this.#partial.push(chunk.slice(lineStart));
      this.#partialBytes += chunk.length - lineStart;
      this.#checkSize();
    }
    return events;
  }

  /** True when the stream stopped in the middle of an event (which the rules say to discard). */
  get hasUnfinishedEvent(): boolean {
    return this.#partialBytes > 0 || this.#data !== '' || this.#eventType !== '';
  }

  #completeLine(tail: Uint8Array, events: SseEvent[]): void {
    let bytes = tail;
    if (this.#partialBytes > 0) {
      bytes = new Uint8Array(this.#partialBytes + tail.length);
      let offset = 0;
      for (const part of this.#partial) {
        bytes.set(part, offset);
        offset += part.length;
      }
      bytes.set(tail, offset);
      this.#partial = [];
      this.#partialBytes = 0;
    }
    if (this.#atStreamStart) {
      this.#atStreamStart = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    if (bytes.length === 0) {
      this.#dispatch(events);
      return;
    }
    this.#eventBytes += bytes.length + 1;
    this.#checkSize();
    if (bytes[0] === COLON) return; // a comment, e.g. a keep-alive
    const colon = bytes.indexOf(COLON);
    const field = this.#decoder.decode(colon === -1 ? bytes : bytes.subarray(0, colon));
    let value = '';
    if (colon !== -1) {
      const valueStart = bytes[colon + 1] === SPACE ? colon + 2 : colon + 1;
      value = this.#decoder.decode(bytes.subarray(valueStart));
    }
    if (field === 'data') this.#data += `${value}\n`;
    else if (field === 'event') this.#eventType = value;
    // `id`, `retry` and unknown fields are ignored.
  }

  #dispatch(events: SseEvent[]): void {
    const data = this.#data;
    const eventType = this.#eventType;
    this.#data = '';
    this.#eventType = '';
    this.#eventBytes = 0;
    if (data === '') return;
    const payload = data.slice(0, -1);
    events.push(eventType === '' ? { data: payload } : { event: eventType, data: payload });
  }

  #checkSize(): void {
    if (this.#eventBytes + this.#partialBytes > this.#maxEventBytes) {
      throw new VeilgateError(
        'VG_UPSTREAM_TOO_LARGE',
        `upstream stream event exceeds the limit of ${this.#maxEventBytes} bytes`,
      );
    }
  }
}

export interface SseStreamLimits {
  /** Largest single event in bytes. */
  readonly maxEventBytes: number;
  /** Largest whole stream in bytes. */
  readonly maxStreamBytes: number;
  /** Longest wait for the next bytes of the stream. */
  readonly idleTimeoutMs: number;
}

/**
 * Reads an upstream SSE body into events under size and idle limits. Throws VeilgateError
 * VG_UPSTREAM_TOO_LARGE, VG_UPSTREAM_TIMEOUT (idle) or VG_UPSTREAM_ERROR (the connection broke off). On an
 * early exit (error, or the consumer stopping) the body is destroyed, which closes its connection.
 */
export async function* readSseEvents(
  body: AsyncIterable<Uint8Array> & { destroy?(): void },
  limits: SseStreamLimits,
): AsyncGenerator<SseEvent, void, undefined> {
  const parser = new SseParser({ maxEventBytes: limits.maxEventBytes });
  const iterator = body[Symbol.asyncIterator]();
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const next = await nextWithin(iterator, limits.idleTimeoutMs);
      if (next.done === true) {
        finished = true;
        return;
      }
      total += next.value.length;
      if (total > limits.maxStreamBytes) {
        throw new VeilgateError(
          'VG_UPSTREAM_TOO_LARGE',
          `upstream stream exceeds the limit of ${limits.maxStreamBytes} bytes`,
        );
      }
      yield* parser.push(next.value);
    }
  } finally {
    // destroy() first: an async iterator's return() waits behind a pending next(), which a silent upstream
    // never settles, and the connection would stay open.
    if (!finished) {
      body.destroy?.();
      iterator.return?.().catch(() => undefined);
    }
  }
}

async function nextWithin(
  iterator: AsyncIterator<Uint8Array>,
  timeoutMs: number,
): Promise<IteratorResult<Uint8Array>> {
  let timer: NodeJS.Timeout | undefined;
  const pending = iterator.next();
  const idle = new Promise<'idle'>((resolve) => {
    timer = setTimeout(() => resolve('idle'), timeoutMs);
  });
  try {
    const winner = await Promise.race([pending, idle]);
    if (winner === 'idle') {
      pending.catch(() => undefined); // settles once the body is destroyed
      throw new VeilgateError('VG_UPSTREAM_TIMEOUT', `upstream stream sent nothing for ${timeoutMs} ms`);
    }
    return winner;
  } catch (err) {
    if (err instanceof VeilgateError) throw err;
    throw new VeilgateError('VG_UPSTREAM_ERROR', 'upstream stream broke off', { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Serialises one event. Data lines are split on any line break, so the receiver's parser rebuilds `data`
 * exactly (line breaks normalised to LF, as the parser would). Event names come from the parser or from the
 * gateway itself, never with line breaks; one would forge fields, so it is refused.
 */
export function formatSseEvent(event: { readonly event?: string; readonly data: string }): string {
  let out = '';
  if (event.event !== undefined) {
    if (/[\r\n]/.test(event.event)) {
      throw new VeilgateError('VG_UPSTREAM_ERROR', 'an SSE event name must not contain a line break');
    }
    out += `event: ${event.event}\n`;
  }
  for (const line of event.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}
