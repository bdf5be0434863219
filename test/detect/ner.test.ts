import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScanner, loadShippedModel, VeilgateError } from '../../src/index.js';
import { fnv, FNV_OFFSET, Lexicon } from '../../src/detect/ner/lexicon.js';
import { NerTagger } from '../../src/detect/ner/model.js';
import { tokenize } from '../../src/detect/ner/tokenize.js';

const MODEL_FILE = new URL('../../models/ner/ner.bin', import.meta.url);
const scanner = createScanner();
const names = (text: string, entities = ['PERSON', 'LOCATION', 'ORGANIZATION']): string[][] =>
  scanner.scan(text, { entities }).map((f) => [text.slice(f.start, f.end), f.entity]);

describe('tokenize', () => {
  it('keeps apostrophes and hyphens inside names and splits the possessive', () => {
    const text = "O'Brien met Jean-Luc at Smith's, Dr. Ng, ex-Zombie Voss.";
    const t = tokenize(text);
    const words = Array.from({ length: t.count }, (_, i) => text.slice(t.starts[i], t.ends[i]));
    expect(words).toEqual([
      "O'Brien",
      'met',
      'Jean-Luc',
      'at',
      'Smith',
      "'",
      's',
      ',',
      'Dr',
      '.',
      'Ng',
      ',',
      'ex',
      '-',
      'Zombie',
      'Voss',
      '.',
    ]);
  });

  it('covers every non-space character once, in order, on any input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const t = tokenize(text);
        let covered = '';
        let prevEnd = 0;
        for (let i = 0; i < t.count; i++) {
          const s = t.starts[i] as number;
          const e = t.ends[i] as number;
          expect(s).toBeGreaterThanOrEqual(prevEnd);
          expect(e).toBeGreaterThan(s);
          expect(text.slice(prevEnd, s).trim()).toBe('');
          covered += text.slice(s, e);
          prevEnd = e;
        }
        expect(text.slice(prevEnd).trim()).toBe('');
        expect(covered).toBe(text.replace(/\s/gu, ''));
        expect(t.sentences[0]).toBe(0);
        expect(t.sentences[t.sentences.length - 1]).toBe(t.count);
      }),
      { numRuns: 300 },
    );
  });
});

describe('lexicon', () => {
  it('finds words and multi-word phrases, and nothing else', () => {
    const lex = Lexicon.build(
      new Map([
        ['smith', 1 << 3],
        ['new', 1 << 21],
        ['new york', 1 << 13],
      ]),
    );
    expect(lex.get('smith')).toBe(1 << 3);
    expect(lex.get('smyth')).toBe(0);
    const words = ['in', 'new', 'york', 'today'];
    const hashes = Int32Array.from(words.map((w) => fnv(FNV_OFFSET, w)));
    const out = new Int32Array(words.length);
    lex.annotate(words, hashes, out);
    expect((out[1] as number) & (1 << 13)).not.toBe(0);
    expect((out[2] as number) & (1 << 13)).not.toBe(0);
    expect(out[0]).toBe(0);
  });
});

describe('entity tagger', () => {
  it('finds names, places and organisations in ordinary, lowercase and upper-case text', () => {
    expect(names('Patient: Margaret Okafor, seen at Riverside General Hospital in Toronto.')).toEqual([
      ['Margaret Okafor', 'PERSON'],
      ['Riverside General Hospital', 'ORGANIZATION'],
      ['Toronto', 'LOCATION'],
    ]);
    expect(names('hey can u ask jessica to call me', ['PERSON'])).toEqual([['jessica', 'PERSON']]);
    expect(names('NAME: ROBERT JOHNSON\nCITY: CHICAGO')).toEqual([
      ['ROBERT JOHNSON', 'PERSON'],
      ['CHICAGO', 'LOCATION'],
    ]);
  });

  it('keeps titles out of names and non-Latin letters intact', () => {
    expect(names('Dear Dr. Ramírez,', ['PERSON'])).toEqual([['Ramírez', 'PERSON']]);
    expect(names('Контактное лицо: Анна Смирнова', ['PERSON'])).toEqual([['Анна Смирнова', 'PERSON']]);
  });

  it('lets a pattern match win over a name inside it', () => {
    const text = 'write to maria.gonzalez@example.com today';
    expect(scanner.scan(text).map((f) => f.entity)).toEqual(['EMAIL_ADDRESS']);
  });

  it('never throws and keeps spans inside the text on any input (property)', () => {
    const tagger = loadShippedModel('ner');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        for (const s of tagger.find(text)) {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeLessThanOrEqual(text.length);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a corrupt or truncated model file with VG_MODEL_INVALID', () => {
    const good = readFileSync(MODEL_FILE);
    const raw = NerTagger.fromBytes(good); // the shipped file decodes
    expect(raw.version).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = [
      Buffer.from('not a model'),
      good.subarray(0, good.length >> 1),
      gzipSync(Buffer.from('VGNER\n{}\n')),
    ];
    for (const bytes of bad) {
      expect(() => NerTagger.fromBytes(bytes)).toThrow(VeilgateError);
      try {
        NerTagger.fromBytes(bytes);
      } catch (e) {
        expect((e as VeilgateError).code).toBe('VG_MODEL_INVALID');
      }
    }
  });

  it('fails closed with VG_MODEL_MISSING when the model file is absent', () => {
    expect(() => loadShippedModel('ner', '/nonexistent-veilgate-models')).toThrow(
      /cannot read the ner model/,
    );
    const s = createScanner({
      models: (name) => loadShippedModel(name, '/nonexistent-veilgate-models'),
    });
    expect(() => s.scan('Dear Mr. Smith')).toThrow(VeilgateError);
    // Recognizers that need no model still work when they are the only ones asked for.
    expect(s.scan('mail a@example.com', { entities: ['EMAIL_ADDRESS'] })).toHaveLength(1);
  });
});
