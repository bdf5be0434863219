import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  datasetsDir,
  loadPresidio,
  loadWnut,
  loadWnutWithStats,
  normalizeTemplate,
  parseConll,
  PRESIDIO_FILES,
  PRESIDIO_LABELS,
  presidioSplit,
  presidioStats,
  presidioTemplates,
  type EvalText,
} from '../../train/ner/datasets.js';

const DIR = datasetsDir();
// The shared datasets are part of the development setup: missing, the tests fail with a clear reason
// rather than being skipped.
const haveData = existsSync(path.join(DIR, 'ner')) && existsSync(path.join(DIR, 'pii'));

describe('shared datasets', () => {
  it('are present', () => {
    expect(
      haveData,
      `datasets not found in ${DIR}; set VEILGATE_DATASETS to the shared datasets folder`,
    ).toBe(true);
  });
});

const spanText = (t: EvalText, s: { start: number; end: number }): string => t.text.slice(s.start, s.end);

describe('parseConll', () => {
  it('joins tokens with one space and reads BIO runs', () => {
    const { texts } = parseConll(
      'I\tO\nmet\tO\nBarack\tB-person\nObama\tI-person\nin\tO\nParis\tB-location\n\nApple\tB-corporation\niPhone\tB-product\n',
      'x',
    );
    expect(texts).toHaveLength(2);
    const [a, b] = texts as [EvalText, EvalText];
    expect(a.text).toBe('I met Barack Obama in Paris');
    expect(a.spans.map((s) => [s.entity, spanText(a, s)])).toEqual([
      ['PERSON', 'Barack Obama'],
      ['LOCATION', 'Paris'],
    ]);
    expect(b.spans.map((s) => [s.entity, spanText(b, s)])).toEqual([['ORGANIZATION', 'Apple']]);
    expect(b.ignored.map((s) => [s.label, spanText(b, s)])).toEqual([['product', 'iPhone']]);
    expect(a.source).toBe('x');
  });

  it('reads I- after O or after another type as B-, and skips malformed lines', () => {
    const { texts, stats } = parseConll(
      'Hi\tO\nBob\tI-person\nSmith\tI-person\nat\tO\nBig\tB-group\nCo\tI-corporation\nnotab\n\tO\nend\tX-bad\n',
      'x',
    );
    const t = texts[0] as EvalText;
    expect(t.text).toBe('Hi Bob Smith at Big Co end');
    expect(t.spans.map((s) => [s.entity, spanText(t, s)])).toEqual([
      ['PERSON', 'Bob Smith'],
      ['ORGANIZATION', 'Big'],
      ['ORGANIZATION', 'Co'],
    ]);
    expect(stats.repairedInside).toBe(2);
    expect(stats.malformedLines).toBe(3);
  });

  it('handles CRLF and several blank lines', () => {
    const { texts } = parseConll('a\tO\r\n\r\n\r\nb\tB-location\r\n', 'x');
    expect(texts.map((t) => t.text)).toEqual(['a', 'b']);
  });
});

describe('presidioSplit', () => {
  it('is deterministic and depends only on the normalised template', () => {
    const m = 'My name is {{first_name}}  and I live in {{city}}.';
    expect(presidioSplit(m)).toBe(presidioSplit(m));
    expect(normalizeTemplate(m)).toBe('my name is {{x}} and i live in {{x}}.');
    expect(presidioSplit(' MY NAME is {{PERSON}}\nand I live in {{GPE}}. ')).toBe(presidioSplit(m));
    const splits = Array.from({ length: 400 }, (_, i) => presidioSplit(`template number ${i} {{x}}`));
    const held = splits.filter((s) => s === 'heldout').length;
    expect(held).toBeGreaterThan(140);
    expect(held).toBeLessThan(260);
  });
});

describe('WNUT-17 on the real files', () => {
  for (const split of ['train', 'dev'] as const) {
    const raw = readFileSync(path.join(DIR, 'ner', `wnut17-${split}.conll`), 'utf8');
    const blocks = raw
      .split(/\n\s*\n/)
      .map((b) => b.trim())
      .filter((b) => b !== '')
      .map((b) => b.split('\n').map((l) => l.split('\t') as [string, string]));

    it(`${split}: one text per blank-line-separated block`, () => {
      expect(loadWnut(split)).toHaveLength(blocks.length);
    });

    it(`${split}: every span is the joined tokens of its BIO run`, () => {
      const texts = loadWnut(split);
      texts.forEach((t, i) => {
        const rows = blocks[i] as [string, string][];
        expect(t.text).toBe(rows.map((r) => r[0]).join(' '));
        // Independent reading of the runs (the real files have no I- without a B-).
        const runs: [string, string][] = [];
        for (const [tok, tag] of rows) {
          if (tag.startsWith('B-')) runs.push([tag.slice(2), tok]);
          else if (tag.startsWith('I-')) {
            const last = runs[runs.length - 1] as [string, string];
            last[1] += ` ${tok}`;
          }
        }
        const ours = [
          ...t.spans.map((s) => ({ start: s.start, label: s.entity, text: spanText(t, s) })),
          ...t.ignored.map((s) => ({ start: s.start, label: s.label, text: spanText(t, s) })),
        ]
          .sort((a, b) => a.start - b.start)
          .map((s) => s.text);
        // Spans do not begin or end with invisible format characters (one dev token ends with U+FEFF).
        expect(ours).toEqual(runs.map((r) => r[1].replace(/^[\p{Cf}\s]+|[\p{Cf}\s]+$/gu, '')));
      });
    });

    it(`${split}: label counts match the B- tags`, () => {
      const count = (tag: string): number => raw.split('\n').filter((l) => l.endsWith(`\t${tag}`)).length;
      const texts = loadWnut(split);
      const n = (e: string): number =>
        texts.reduce((a, t) => a + t.spans.filter((s) => s.entity === e).length, 0);
      expect(n('PERSON')).toBe(count('B-person'));
      expect(n('LOCATION')).toBe(count('B-location'));
      expect(n('ORGANIZATION')).toBe(count('B-corporation') + count('B-group'));
      expect(texts.reduce((a, t) => a + t.ignored.length, 0)).toBe(
        count('B-product') + count('B-creative-work'),
      );
      expect(loadWnutWithStats(split).stats.malformedLines).toBe(0);
    });
  }

  it('dev: checked examples', () => {
    const t = loadWnut('dev')[1] as EvalText;
    expect(t.text).toBe(
      "You should ' ve stayed on Redondo Beach Blvd . you were in the borderlines of Gardena / Compton",
    );
    expect(t.spans.map((s) => [s.entity, spanText(t, s)])).toEqual([
      ['LOCATION', 'Redondo Beach Blvd'],
      ['LOCATION', 'Gardena'],
      ['LOCATION', 'Compton'],
    ]);
    expect(t.source).toBe('wnut17-dev');
  });
});

describe('Presidio on the real files', () => {
  interface Raw {
    full_text: string;
    masked: string;
    spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
  }
  const raw = new Map(
    PRESIDIO_FILES.map((f) => [
      f,
      JSON.parse(readFileSync(path.join(DIR, 'pii', `${f}.json`), 'utf8')) as Raw[],
    ]),
  );

  for (const file of PRESIDIO_FILES) {
    const records = raw.get(file) as Raw[];

    it(`${file}: every kept span slices to its entity_value; mismatches are the only ones dropped`, () => {
      const all = loadPresidio(file, 'all');
      expect(all).toHaveLength(records.length);
      let mismatches = 0;
      all.forEach((t, i) => {
        const r = records[i] as Raw;
        expect(t.text).toBe(r.full_text);
        const valid = new Set<string>();
        for (const s of r.spans) {
          if (r.full_text.slice(s.start_position, s.end_position) === s.entity_value)
            valid.add(`${s.start_position}:${s.end_position}:${s.entity_value}`);
          else mismatches++;
        }
        for (const s of t.spans) expect(valid).toContain(`${s.start}:${s.end}:${spanText(t, s)}`);
        const nerValid = r.spans.filter(
          (s) =>
            PRESIDIO_LABELS[s.entity_type] !== undefined &&
            valid.has(`${s.start_position}:${s.end_position}:${s.entity_value}`),
        );
        // PERSON spans that are only an honorific are moved to `ignored` as PREFIX.
        const moved = t.ignored.filter(
          (s) =>
            s.label === 'PREFIX' &&
            r.spans.some(
              (x) => x.entity_type === 'PERSON' && x.start_position === s.start && x.end_position === s.end,
            ),
        );
        for (const s of moved) expect(spanText(t, s)).toMatch(/^[a-z]{2,6}\.?$/i);
        expect(t.spans.length + moved.length).toBe(nerValid.length);
        for (let k = 1; k < t.spans.length; k++)
          expect((t.spans[k] as { start: number }).start).toBeGreaterThanOrEqual(
            (t.spans[k - 1] as { end: number }).end,
          );
      });
      expect(presidioStats(file).offsetMismatches).toHaveLength(mismatches);
    });

    it(`${file}: train and heldout partition the file by template`, () => {
      const train = loadPresidio(file, 'train');
      const heldout = loadPresidio(file, 'heldout');
      expect(train.length + heldout.length).toBe(records.length);
      expect(train.map((t) => t.text)).toEqual(
        records.filter((r) => presidioSplit(r.masked) === 'train').map((r) => r.full_text),
      );
      expect(heldout.map((t) => t.text)).toEqual(
        records.filter((r) => presidioSplit(r.masked) === 'heldout').map((r) => r.full_text),
      );
    });
  }

  it('holds out 35–65% of the distinct templates, per file and overall', () => {
    for (const file of PRESIDIO_FILES) {
      const { templates } = presidioStats(file);
      const share = templates.heldout / (templates.heldout + templates.train);
      expect(share, file).toBeGreaterThanOrEqual(0.35);
      expect(share, file).toBeLessThanOrEqual(0.65);
    }
    const train = presidioTemplates(PRESIDIO_FILES, 'train');
    const heldout = presidioTemplates(PRESIDIO_FILES, 'heldout');
    const share = heldout.size / (heldout.size + train.size);
    expect(share).toBeGreaterThanOrEqual(0.35);
    expect(share).toBeLessThanOrEqual(0.65);
  });

  it('train and heldout share no normalised template, across all three files', () => {
    const train = presidioTemplates(PRESIDIO_FILES, 'train');
    const heldout = presidioTemplates(PRESIDIO_FILES, 'heldout');
    expect([...train].filter((t) => heldout.has(t))).toEqual([]);
    const all = new Set([...raw.values()].flat().map((r) => normalizeTemplate(r.masked)));
    expect(train.size + heldout.size).toBe(all.size);
    // The split really is by template: no heldout text's template occurs among train records of any file.
    for (const r of [...raw.values()].flat()) {
      const key = normalizeTemplate(r.masked);
      expect(presidioSplit(r.masked) === 'heldout' ? heldout.has(key) : train.has(key)).toBe(true);
    }
  });
});
