import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScanner } from '../../src/index.js';
import { createScanner as createPatternScanner } from '../../src/detect/scanner.js';
import { createStreamScanner } from '../../src/detect/stream.js';

const scanner = createScanner();
// Pattern recognizers only: their findings do not depend on text beyond the overlap.
const patterns = createPatternScanner();
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
          const stream = createStreamScanner(patterns, {}, { chunkSize: 64, overlap: 48, lookback: 24 });
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
          expect(strip(segments.flatMap((s) => s.findings))).toEqual(strip(patterns.scan(text)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds the same names as a whole-text scan when lines are shorter than the overlap (property)', () => {
    const line = fc.constantFrom(
      'Patient: Margaret Okafor, seen at Riverside General Hospital in Toronto.',
      'Dear Mr. Hutchinson, your appointment is confirmed.',
      'can u ask priya to call me back',
      'The results were normal.',
      'Contact: John Smith <jane.doe@example.com>',
    );
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 10 }),
        (lines, cuts) => {
          const text = ['Dear Mrs. Oyelaran,', ...lines].join('\n');
          const stream = createStreamScanner(scanner, {}, { chunkSize: 256, overlap: 128, lookback: 32 });
          const found = [];
          let pos = 0;
          let k = 0;
          while (pos < text.length) {
            const n = cuts[k++ % cuts.length] as number;
            found.push(...stream.push(text.slice(pos, pos + n)).flatMap((s) => s.findings));
            pos += n;
          }
          found.push(...stream.end().flatMap((s) => s.findings));
          const whole = scanner.scan(text);
          expect(whole.some((f) => f.entity === 'PERSON')).toBe(true);
          expect(strip(found)).toEqual(strip(whole));
        },
      ),
      { numRuns: 60 },
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
