import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RECOGNIZERS, createScanner } from '../../src/index.js';
import type { RecognizerVectors } from '../vectors/types.js';

const VECTORS_DIR = path.resolve(import.meta.dirname, '../vectors');
const RECOGNIZERS_DIR = path.resolve(import.meta.dirname, '../../src/detect/recognizers');

function vectorFiles(): string[] {
  return readdirSync(VECTORS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.vectors.ts'))
    .sort();
}

const scanner = createScanner();
const loaded = await Promise.all(
  vectorFiles().map(async (f) => {
    const mod = (await import(path.join(VECTORS_DIR, f))) as { vectors: RecognizerVectors };
    return { file: f, vectors: mod.vectors };
  }),
);

describe('registry', () => {
  it('has unique recognizer ids', () => {
    const ids = BUILTIN_RECOGNIZERS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('registers every recognizer file', () => {
    const files = readdirSync(RECOGNIZERS_DIR, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && f.includes(path.sep),
    );
    const registered = new Set(BUILTIN_RECOGNIZERS.map((r) => r.id));
    for (const f of files)
      expect(registered, `${f} is not in the registry`).toContain(path.basename(f, '.ts'));
    expect(files.length).toBe(BUILTIN_RECOGNIZERS.length);
  });

  it('has a vectors file for every recognizer, named after its id', () => {
    const withVectors = new Set(loaded.map((l) => l.vectors.recognizer));
    for (const r of BUILTIN_RECOGNIZERS) expect(withVectors, `no vectors for ${r.id}`).toContain(r.id);
    for (const l of loaded) expect(path.basename(l.file, '.vectors.ts')).toBe(l.vectors.recognizer);
  });

  it('gives every recognizer a frozen spec with global patterns and scores in range', () => {
    for (const r of BUILTIN_RECOGNIZERS) {
      expect(Object.isFrozen(r), r.id).toBe(true);
      expect(r.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(r.entity).toMatch(/^[A-Z][A-Z0-9_]*$/);
      // A model recognizer finds its spans with a shipped model instead of patterns.
      expect(r.patterns.length > 0 || r.model !== undefined, r.id).toBe(true);
      for (const p of r.patterns) {
        expect(p.regex.global, `${r.id}/${p.name}`).toBe(true);
        expect(p.score).toBeGreaterThanOrEqual(0);
        expect(p.score).toBeLessThanOrEqual(1);
      }
    }
  });
});

for (const { vectors } of loaded) {
  const spec = BUILTIN_RECOGNIZERS.find((r) => r.id === vectors.recognizer);
  describe(`vectors: ${vectors.recognizer}`, () => {
    it('is a registered recognizer with vectors on both sides', () => {
      expect(spec).toBeDefined();
      expect(vectors.positives.length).toBeGreaterThanOrEqual(3);
      expect(vectors.negatives.length).toBeGreaterThanOrEqual(3);
    });
    if (!spec) return;

    it.each(vectors.positives.map((p, i) => [i, p] as const))('positive %i is found', (_i, p) => {
      const findings = scanner.scan(p.text);
      for (const e of p.expect) {
        let start = -1;
        for (let k = 0; k <= (e.occurrence ?? 0); k++) start = p.text.indexOf(e.value, start + 1);
        expect(start, `value ${e.value} not in text`).toBeGreaterThanOrEqual(0);
        const end = start + e.value.length;
        const hit = findings.find((f) => f.start === start && f.end === end);
        expect(
          hit,
          `expected ${e.entity ?? spec.entity} at "${e.value}" in "${p.text}", got ${JSON.stringify(findings.map((f) => [p.text.slice(f.start, f.end), f.entity, f.score]))}`,
        ).toBeDefined();
        expect(hit?.entity).toBe(e.entity ?? spec.entity);
      }
    });

    it.each(vectors.negatives.map((n, i) => [i, n] as const))('negative %i is not reported', (_i, n) => {
      const findings = scanner.scan(n.text).filter((f) => f.detector === spec.id);
      expect(
        findings.map((f) => n.text.slice(f.start, f.end)),
        n.why,
      ).toEqual([]);
    });
  });
}
