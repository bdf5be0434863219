/**
 * Scanning text that arrives in pieces (a 100 MB stdin stream) in bounded memory, with the same findings
 * as scanning it whole for every entity shorter than the overlap.
 *
 * Text is buffered until `chunkSize` new characters are available, then the buffer is scanned. Findings
 * that start before `end - overlap` are final and emitted with absolute offsets; the rest of the buffer is
 * kept (plus `lookback` characters of already-emitted text, so context words before a value still count,
 * extended back to the start of their line when that is at most `lineLookback` further: the entity tagger
 * reads whole lines) and scanned again with the next piece. A finding that overlaps one already emitted
 * is dropped. The tagger's findings equal a whole-text scan when lines are shorter than the overlap.
 */
import type { Scanner } from './scanner.js';
import type { Finding, ScanOptions } from './types.js';

export interface StreamScanOptions {
  /** New characters collected before a scan (default 128 Ki characters; smaller chunks keep less garbage alive per step). */
  readonly chunkSize?: number;
  /** Characters rescanned with the next chunk; bounds the longest entity found across a boundary (default 8 Ki characters, twice a 4096-bit RSA PEM key). */
  readonly overlap?: number;
  /** Already-emitted characters kept as context for the next chunk (default 256). */
  readonly lookback?: number;
  /** How much further back the kept context may reach to start at a line start (default 4 Ki characters). */
  readonly lineLookback?: number;
}

export interface StreamSegment {
  /** Absolute offset of `text` in the whole stream. */
  readonly offset: number;
  /** The text finalised by this step (consecutive segments concatenate to the whole input). */
  readonly text: string;
  /** Findings inside this segment, with absolute offsets (they may end past the segment's end). */
  readonly findings: readonly Finding[];
}

export interface StreamScanner {
  push(text: string): StreamSegment[];
  end(): StreamSegment[];
}

export function createStreamScanner(
  scanner: Scanner,
  scanOptions: ScanOptions = {},
  options: StreamScanOptions = {},
): StreamScanner {
  const chunkSize = options.chunkSize ?? 128 * 1024;
  const overlap = options.overlap ?? 8 * 1024;
  const lookback = options.lookback ?? 256;
  const lineLookback = options.lineLookback ?? 4 * 1024;
  let buffer = '';
  let bufferStart = 0; // absolute offset of buffer[0]
  let committed = 0; // absolute offset up to which text has been emitted
  let emittedUntil = 0; // absolute end of the last emitted finding

  function step(final: boolean): StreamSegment {
    const bufferEnd = bufferStart + buffer.length;
    let cut = final ? bufferEnd : bufferEnd - overlap;
    // Never split a surrogate pair between two segments.
    if (!final && cut > committed) {
      const code = buffer.charCodeAt(cut - bufferStart - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    const found: Finding[] = [];
    for (const f of scanner.scan(buffer, scanOptions)) {
      const start = f.start + bufferStart;
      if (start < committed || start >= cut || start < emittedUntil) continue;
      const end = f.end + bufferStart;
      found.push({ ...f, start, end });
      emittedUntil = Math.max(emittedUntil, end);
    }
    const segment: StreamSegment = {
      offset: committed,
      text: buffer.slice(committed - bufferStart, cut - bufferStart),
      findings: found,
    };
    committed = cut;
    let keepFrom = Math.max(bufferStart, cut - lookback);
    const lineStart = buffer.lastIndexOf('\n', keepFrom - bufferStart - 1) + 1 + bufferStart;
    if (lineStart > bufferStart && keepFrom - lineStart <= lineLookback) keepFrom = lineStart;
    buffer = buffer.slice(keepFrom - bufferStart);
    bufferStart = keepFrom;
    return segment;
  }

  return {
    push(text: string): StreamSegment[] {
      buffer += text;
      const out: StreamSegment[] = [];
      while (bufferStart + buffer.length - committed >= chunkSize + overlap) out.push(step(false));
      return out;
    },
    end(): StreamSegment[] {
      if (bufferStart + buffer.length === committed) return [];
      return [step(true)];
    },
  };
}
