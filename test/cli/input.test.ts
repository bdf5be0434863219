import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidUtf8, readLines, type DecodeReport } from '../../src/cli/input.js';

/** Split `bytes` into pieces at the given cut points, as a stream would deliver them. */
function pieces(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  out.push(bytes.subarray(last));
  return out;
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 identically however the bytes are split (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (text, cuts) => {
          const clean = text.replace(/\0/g, ' ');
          const report: DecodeReport = { firstInvalidByte: -1 };
          const out = (await collect(decodeUtf8(pieces(Buffer.from(clean, 'utf8'), cuts), 'x', report))).join(
            '',
          );
          expect(out).toBe(clean);
          expect(report.firstInvalidByte).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports the first invalid byte exactly when Node finds the bytes invalid (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (raw, cuts) => {
          const bytes = Buffer.from(raw.map((b) => (b === 0 ? 1 : b)));
          const report: DecodeReport = { firstInvalidByte: -1 };
          await collect(decodeUtf8(pieces(bytes, cuts), 'x', report));
          expect(report.firstInvalidByte).toBe(firstInvalidUtf8(bytes));
          expect(report.firstInvalidByte === -1).toBe(isUtf8(bytes));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses binary data', async () => {
    await expect(
      collect(decodeUtf8([Buffer.from([0x41, 0x00, 0x42])], 'stdin', { firstInvalidByte: -1 })),
    ).rejects.toThrow(/binary data \(NUL byte at offset 1\)/);
  });
});

describe('readLines', () => {
  it('splits lines identically however the bytes are split, and enforces the length limit (property)', async () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'é', '{', '"', ' ', '\r'), maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (lines, cuts) => {
          const text = lines.join('\n');
          const limit = 16;
          const got = await collect(readLines(pieces(Buffer.from(text, 'utf8'), cuts), limit));
          const expected = text === '' ? [] : text.split('\n');
          // A trailing empty line after the last newline is not a line.
          if (expected.length > 0 && expected[expected.length - 1] === '' && text.endsWith('\n'))
            expected.pop();
          expect(got.map((l) => l.lineNo)).toEqual(expected.map((_, i) => i + 1));
          got.forEach((l, i) => {
            const want = (expected[i] as string).replace(/\r$/, '');
            if (Buffer.byteLength(expected[i] as string) > limit) expect(l.bytes).toBeNull();
            else expect(l.bytes?.toString('utf8')).toBe(want);
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
