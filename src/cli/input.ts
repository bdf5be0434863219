/**
 * Reading untrusted input for the CLI: streamed, bounded in memory, UTF-8 checked.
 * Invalid UTF-8 is replaced with U+FFFD (so the rest is still scanned) and reported once with its byte
 * offset; binary data (a NUL byte in the first 8000 bytes, git's heuristic) is refused before any output.
 */
import { isUtf8 } from 'node:buffer';
import { VeilgateError } from '../errors.js';

const BINARY_SNIFF_BYTES = 8000;

/** Input as chunks of bytes (or already-decoded strings, for text given on the command line). */
export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Number of trailing bytes that start a UTF-8 sequence the buffer does not complete. */
function incompleteTail(buf: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? back : 0;
  }
  return 0;
}

export function assertNotBinary(head: Uint8Array, name: string): void {
  const nul = head.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul !== -1) {
    throw new VeilgateError(
      'VG_INPUT_BINARY',
      `${name}: looks like binary data (NUL byte at offset ${nul}); veilgate scan reads UTF-8 text`,
    );
  }
}

export interface DecodeReport {
  /** Byte offset of the first invalid UTF-8 sequence, or -1 when the input was valid. */
  firstInvalidByte: number;
}

/**
 * Decode a byte stream to text pieces. Sequences split across chunks are carried over; invalid bytes
 * become U+FFFD and the first one's offset is recorded in `report`.
 */
export async function* decodeUtf8(
  source: ByteSource,
  name: string,
  report: DecodeReport,
): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0; // bytes consumed before `carry`
  let first = true;
  for await (const piece of source) {
    const chunk =
      typeof piece === 'string'
        ? Buffer.from(piece, 'utf8')
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (first) {
      assertNotBinary(chunk, name);
      first = false;
    }
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const tail = incompleteTail(buf);
    const body = buf.subarray(0, buf.length - tail);
    if (report.firstInvalidByte === -1 && !isUtf8(body))
      report.firstInvalidByte = offset + firstInvalidUtf8(body);
    if (body.length > 0) yield body.toString('utf8');
    offset += body.length;
    carry = Buffer.from(buf.subarray(buf.length - tail));
  }
  if (carry.length > 0) {
    if (report.firstInvalidByte === -1) report.firstInvalidByte = offset;
    yield carry.toString('utf8');
  }
}

/** CRLF files: the CR before the line feed is not part of the line. */
function withoutCarriageReturn(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
}

export interface RawLine {
  /** 1-based line number. */
  readonly lineNo: number;
  /** The line's bytes without the line terminator, or null when it exceeded the limit (and was skipped). */
  readonly bytes: Buffer | null;
}

/**
 * Split a byte stream into lines of at most `maxLineBytes`, never holding more than that plus one chunk.
 * A longer line is reported with `bytes: null` and skipped up to its end.
 */
export async function* readLines(source: ByteSource, maxLineBytes: number): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let partLen = 0;
  let lineNo = 1;
  let skipping = false;
  for await (const piece of source) {
    const chunk =
      typeof piece === 'string'
        ? Buffer.from(piece, 'utf8')
        : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(0x0a, pos);
      const end = nl === -1 ? chunk.length : nl;
      if (!skipping) {
        partLen += end - pos;
        if (partLen > maxLineBytes) {
          skipping = true;
          parts = [];
          partLen = 0;
        } else parts.push(chunk.subarray(pos, end));
      }
      if (nl === -1) break;
      if (skipping) {
        yield { lineNo, bytes: null };
        skipping = false;
      } else {
        const line = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
        yield { lineNo, bytes: Buffer.from(withoutCarriageReturn(line)) };
      }
      parts = [];
      partLen = 0;
      lineNo++;
      pos = nl + 1;
    }
  }
  if (skipping) yield { lineNo, bytes: null };
  else if (partLen > 0) yield { lineNo, bytes: withoutCarriageReturn(Buffer.concat(parts)) };
}
