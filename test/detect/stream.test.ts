import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScanner } from '../../src/index.js';
import { createStreamScanner } from '../../src/detect/stream.js';

const scanner = createScanner();
const strip = (fs: readonly { entity: string; start: number; end: number }[]) =>
  fs.map((f) => [f.entity, f.start, f.end]);

describe('createStreamScanner', () => {
  it('finds the same entities as a whole-text scan, whatever the chunking (property)', () => {
    const piece = fc.constantFrom(
      'Call (212) 555-0143 now. ',
      'mail jane.doe@example.com ',
      'card 4111 1111 1111 1111 ',
      'SSN 536-22-1234. ',
      'Nothing to see here at all. ',
      'é😀 ',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 10 }),
        (pieces, cuts) => {
          const text = pieces.join('');
          const stream = createStreamScanner(scanner, {}, { chunkSize: 64, overlap: 48, lookback: 24 });
          const segments = [];
          let pos = 0;
          let k = 0;
          while (pos < text.length) {
            const n = cuts[k++ % cuts.length] as number;
            segments.push(...stream.push(text.slice(pos, pos + n)));
            pos += n;
          }
          segments.push(...stream.end());
          expect(segments.map((s) => s.text).join('')).toBe(text);
          expect(strip(segments.flatMap((s) => s.findings))).toEqual(strip(scanner.scan(text)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps memory bounded: the buffer never exceeds chunk + overlap + piece', () => {
    const stream = createStreamScanner(scanner, {}, { chunkSize: 1000, overlap: 100 });
    let emitted = 0;
    for (let i = 0; i < 500; i++)
      emitted += stream
        .push('x'.repeat(50) + ' jane@example.com ')
        .reduce((n, s) => n + s.findings.length, 0);
    emitted += stream.end().reduce((n, s) => n + s.findings.length, 0);
    expect(emitted).toBe(500);
  });
});
