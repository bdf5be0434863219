import { describe, expect, it } from 'vitest';
import { generateTemplateSentences, templateCounts } from '../../train/ner/templates.js';
import { NER_ENTITIES } from '../../train/ner/types.js';
import type { LabeledText, NerEntity } from '../../train/ner/types.js';

const N = 2000;
const SAMPLE = generateTemplateSentences({ seed: 1234, count: N });

function share(pred: (x: LabeledText) => boolean): number {
  return SAMPLE.filter(pred).length / SAMPLE.length;
}

function hasEntity(x: LabeledText, entity: NerEntity): boolean {
  return x.spans.some((s) => s.entity === entity);
}

function spanText(x: LabeledText, i: number): string {
  const s = x.spans[i];
  return s ? x.text.slice(s.start, s.end) : '';
}

describe('generateTemplateSentences', () => {
  it('returns exactly `count` items', () => {
    expect(SAMPLE).toHaveLength(N);
    expect(generateTemplateSentences({ seed: 1, count: 0 })).toEqual([]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateTemplateSentences({ seed: 99, count: 300 });
    const b = generateTemplateSentences({ seed: 99, count: 300 });
    const c = generateTemplateSentences({ seed: 100, count: 300 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(generateTemplateSentences({ seed: 1234, count: N })).toEqual(SAMPLE);
  });

  it('has at least 150 templates across the families', () => {
    const counts = templateCounts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(150);
    for (const family of ['clinical', 'email', 'chat', 'form', 'news', 'legal', 'social', 'negative']) {
      expect(counts[family] ?? 0).toBeGreaterThanOrEqual(15);
    }
  });

  it('produces exact, sorted, non-overlapping, trimmed spans', () => {
    for (const x of SAMPLE) {
      expect(x.source).toMatch(/^template:[a-z]+$/);
      expect(x.text.length).toBeGreaterThan(0);
      let prevEnd = 0;
      for (const s of x.spans) {
        expect(NER_ENTITIES).toContain(s.entity);
        expect(Number.isInteger(s.start) && Number.isInteger(s.end)).toBe(true);
        expect(s.start).toBeGreaterThanOrEqual(prevEnd);
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(x.text.length);
        const t = x.text.slice(s.start, s.end);
        expect(t, JSON.stringify(x)).toBe(t.trim());
        // No leading punctuation, and only an abbreviation period or a closing bracket at the end.
        expect(t, JSON.stringify(x)).toMatch(/^[\p{L}\p{N}]/u);
        expect(t, JSON.stringify(x)).toMatch(/[\p{L}\p{N}\p{M}.)）]$/u);
        expect(t).not.toMatch(/[\n\t]/);
        prevEnd = s.end;
      }
    }
  });

  it('never lets an abbreviation period double as the sentence period', () => {
    for (const x of SAMPLE) {
      for (const s of x.spans) {
        if (x.text[s.end - 1] === '.') expect(x.text[s.end], JSON.stringify(x)).not.toBe('.');
      }
    }
  });

  it('has the intended mix of entities and casings', () => {
    expect(share((x) => hasEntity(x, 'PERSON'))).toBeGreaterThanOrEqual(0.15);
    expect(share((x) => hasEntity(x, 'LOCATION'))).toBeGreaterThanOrEqual(0.15);
    expect(share((x) => hasEntity(x, 'ORGANIZATION'))).toBeGreaterThanOrEqual(0.15);
    expect(share((x) => x.spans.length === 0)).toBeGreaterThanOrEqual(0.1);
    expect(share((x) => x.text === x.text.toLowerCase() && /\p{Ll}/u.test(x.text))).toBeGreaterThanOrEqual(
      0.1,
    );
    expect(share((x) => x.text === x.text.toUpperCase() && /\p{Lu}/u.test(x.text))).toBeGreaterThanOrEqual(
      0.05,
    );
  });

  it('includes non-Latin scripts', () => {
    const nonLatin = SAMPLE.filter((x) =>
      /\p{Script=Cyrillic}|\p{Script=Han}|\p{Script=Arabic}/u.test(x.text),
    );
    expect(nonLatin.length).toBeGreaterThan(20);
    // ...including inside entity spans.
    expect(
      nonLatin.some((x) =>
        x.spans.some((_, i) => /\p{Script=Cyrillic}|\p{Script=Han}|\p{Script=Arabic}/u.test(spanText(x, i))),
      ),
    ).toBe(true);
  });

  it('keeps titles and post-nominals outside PERSON spans', () => {
    let drBefore = 0;
    for (const x of SAMPLE) {
      x.spans.forEach((s, i) => {
        if (s.entity !== 'PERSON') return;
        const t = spanText(x, i);
        expect(t, JSON.stringify(x)).not.toMatch(/^(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?\s/i);
        expect(t, JSON.stringify(x)).not.toMatch(/(?:,|\s)(?:MD|PhD|RN|M\.D\.)$/);
        if (/\bDr\. $/.test(x.text.slice(0, s.start))) drBefore++;
      });
    }
    expect(drBefore).toBeGreaterThan(10);
  });

  it('labels "City, ST" as two LOCATION spans', () => {
    const found = SAMPLE.some((x) =>
      x.spans.some((s, i) => {
        const next = x.spans[i + 1];
        return (
          s.entity === 'LOCATION' &&
          next?.entity === 'LOCATION' &&
          x.text.slice(s.end, next.start) === ', ' &&
          /^[A-Z]{2}$/.test(x.text.slice(next.start, next.end))
        );
      }),
    );
    expect(found).toBe(true);
  });

  it('has no spans in the negative family and uses homonyms as names elsewhere', () => {
    const negatives = SAMPLE.filter((x) => x.source === 'template:negative');
    expect(negatives.length).toBeGreaterThan(100);
    for (const x of negatives) expect(x.spans).toEqual([]);
    const homonymNames = SAMPLE.filter((x) =>
      x.spans.some(
        (s, i) => s.entity === 'PERSON' && /^(?:May|Will|Bill|Mark|Grant|Hope|June)\b/i.test(spanText(x, i)),
      ),
    );
    expect(homonymNames.length).toBeGreaterThan(5);
  });

  it('never labels @handles or the street line of a full address', () => {
    for (const x of SAMPLE) {
      for (const s of x.spans) expect(x.text[s.start - 1]).not.toBe('@');
      const m = /(?:ship to|mailing address|return address): /i.exec(x.text);
      if (m) {
        const streetStart = m.index + m[0].length;
        expect(x.spans.some((s) => s.start <= streetStart && streetStart < s.end)).toBe(false);
      }
    }
  });
});
