/**
 * The SSE parser against the WHATWG HTML event-stream rules (§9.2.6), property tests for chunking and UTF-8,
 * and the bounded reader of upstream streams (size and idle limits).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VeilgateError } from '../../../src/errors.js';
import { formatSseEvent, readSseEvents, SseParser } from '../../../src/gateway/providers/sse.js';
import type { SseEvent } from '../../../src/gateway/providers/types.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function parseAll(chunks: readonly Uint8Array[]): SseEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.push(c));
}

/** Cuts `bytes` at the given (sorted, deduplicated) offsets. */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, p));
    start = p;
  }
  return chunks;
}

async function* fromChunks(chunks: readonly (Uint8Array | 'hang')[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    if (chunk === 'hang') await new Promise(() => undefined);
    else yield chunk;
  }
}

async function collect(events: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('SseParser (WHATWG event stream interpretation)', () => {
  it('joins data lines with LF, as in the spec example "YHOO +2 10"', () => {
    expect(parseAll([utf8('data: YHOO\ndata: +2\ndata: 10\n\n')])).toEqual([{ data: 'YHOO\n+2\n10' }]);
  });

  it('ignores comments, reads event names, and strips exactly one space after the colon', () => {
    const text = ': keep-alive\nevent: add\ndata:no-space\ndata:  two\n\n:\ndata\n\n';
    expect(parseAll([utf8(text)])).toEqual([{ event: 'add', data: 'no-space\n two' }, { data: '' }]);
  });

  it('treats CRLF, LF and CR line ends alike, including CRLF split across chunks', () => {
    const expected = [{ event: 'x', data: 'a\nb' }, { data: 'c' }];
    for (const eol of ['\n', '\r', '\r\n']) {
      const text = `event: x${eol}data: a${eol}data: b${eol}${eol}data: c${eol}${eol}`;
      expect(parseAll([utf8(text)])).toEqual(expected);
    }
    expect(parseAll([utf8('data: a\r'), utf8('\n\r'), utf8('\n')])).toEqual([{ data: 'a' }]);
  });

  it('drops a BOM only at the start of the stream', () => {
    expect(parseAll([new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf]), utf8('data: a\n\n')])).toEqual([
      { data: 'a' },
    ]);
    // Later, U+FEFF is an ordinary character: here it makes the field name unknown, so the event is empty.
    expect(parseAll([utf8('data: a\n\n\ufeffdata: b\n\n')])).toEqual([{ data: 'a' }]);
  });

  it('does not dispatch an event without data, and forgets its name', () => {
    expect(parseAll([utf8('event: lonely\n\ndata: x\n\n')])).toEqual([{ data: 'x' }]);
  });

  it('ignores id, retry and unknown fields', () => {
    expect(parseAll([utf8('id: 7\nretry: 1000\nfoo: bar\ndata: x\n\n')])).toEqual([{ data: 'x' }]);
  });

  it('discards an event the stream ends in the middle of', () => {
    const parser = new SseParser();
    expect(parser.push(utf8('data: done\n\ndata: half'))).toEqual([{ data: 'done' }]);
    expect(parser.hasUnfinishedEvent).toBe(true);
  });

  it('refuses an event larger than maxEventBytes, counting bytes even before a line ends', () => {
    // Each line counts with its line end: 'data: 0123456789' + LF is 17 bytes.
    const parser = new SseParser({ maxEventBytes: 20 });
    expect(parser.push(utf8('data: 0123456789\n\n'))).toEqual([{ data: '0123456789' }]);
    expect(() => parser.push(utf8('data: 0123456789abcde'))).toThrow(
      expect.objectContaining({ code: 'VG_UPSTREAM_TOO_LARGE' }) as Error,
    );
    const lines = new SseParser({ maxEventBytes: 20 });
    expect(() => lines.push(utf8('data: 12345\ndata: 12345\n'))).toThrow(VeilgateError);
  });

  const eventArb = fc.record(
    {
      event: fc.string({ unit: 'binary', minLength: 1 }).filter((s) => !/[\r\n]/.test(s)),
      data: fc.string({ unit: 'binary' }),
    },
    { requiredKeys: ['data'] },
  );

  it('property: any chunking of formatted events (any line ends, any UTF-8) yields the same events', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 8 }),
        fc.constantFrom('\n', '\r', '\r\n'),
        fc.array(fc.nat(), { maxLength: 12 }),
        (events, eol, cuts) => {
          const text = events
            .map((e) => formatSseEvent(e))
            .join('')
            .replaceAll('\n', eol);
          const expected = events.map((e) => ({ ...e, data: e.data.replace(/\r\n|\r/g, '\n') }));
          const bytes = utf8(text);
          expect(parseAll([bytes])).toEqual(expected);
          expect(parseAll(split(bytes, cuts))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: multi-byte characters split byte by byte decode intact', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (data) => {
        const bytes = utf8(formatSseEvent({ data }));
        const oneByteChunks = Array.from(bytes, (b) => new Uint8Array([b]));
        expect(parseAll(oneByteChunks)).toEqual([{ data: data.replace(/\r\n|\r/g, '\n') }]);
      }),
      { numRuns: 300 },
    );
    const emoji = utf8('data: 🦊 ü €\n\n');
    expect(parseAll(split(emoji, [7, 8, 9, 12, 15]))).toEqual([{ data: '🦊 ü €' }]);
  });
});

describe('formatSseEvent', () => {
  it('writes an event name, one data line per line, and a blank line', () => {
    expect(formatSseEvent({ event: 'ping', data: '{}' })).toBe('event: ping\ndata: {}\n\n');
    expect(formatSseEvent({ data: 'a\r\nb\rc' })).toBe('data: a\ndata: b\ndata: c\n\n');
    expect(formatSseEvent({ data: '' })).toBe('data: \n\n');
  });

  it('refuses an event name with a line break, which would forge fields', () => {
    expect(() => formatSseEvent({ event: 'x\ndata: forged', data: '' })).toThrow(VeilgateError);
  });
});

describe('readSseEvents', () => {
  const limits = { maxEventBytes: 1024, maxStreamBytes: 4096, idleTimeoutMs: 1000 };

  it('reads events from a chunked body', async () => {
    const body = fromChunks([utf8('data: a\n'), utf8('\nevent: e\ndata: b\n\n')]);
    expect(await collect(readSseEvents(body, limits))).toEqual([{ data: 'a' }, { event: 'e', data: 'b' }]);
  });

  it('throws VG_UPSTREAM_TOO_LARGE when the stream exceeds its total limit', async () => {
    const chunks = Array.from({ length: 10 }, () => utf8(formatSseEvent({ data: 'x'.repeat(500) })));
    await expect(collect(readSseEvents(fromChunks(chunks), limits))).rejects.toMatchObject({
      code: 'VG_UPSTREAM_TOO_LARGE',
    });
  });

  it('throws VG_UPSTREAM_TIMEOUT when the upstream goes silent, after the events before it', async () => {
    const seen: SseEvent[] = [];
    const started = Date.now();
    const reading = (async () => {
      for await (const e of readSseEvents(fromChunks([utf8('data: a\n\n'), 'hang']), {
        ...limits,
        idleTimeoutMs: 100,
      }))
        seen.push(e);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'VG_UPSTREAM_TIMEOUT' });
    expect(seen).toEqual([{ data: 'a' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('throws VG_UPSTREAM_ERROR when the body breaks off', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield utf8('data: a\n\n');
      throw new Error('socket hang up');
    }
    await expect(collect(readSseEvents(broken(), limits))).rejects.toMatchObject({
      code: 'VG_UPSTREAM_ERROR',
    });
  });

  it('releases the body when the consumer stops early', async () => {
    let released = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        yield utf8('data: a\n\ndata: b\n\n');
        yield utf8('data: c\n\n');
      } finally {
        released = true;
      }
    }
    for await (const e of readSseEvents(body(), limits)) {
      expect(e).toEqual({ data: 'a' });
      break;
    }
    expect(released).toBe(true);
  });
});
