import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm run train:ner', () => {
  // The shipped weights are a generated file: training again from the committed code and the shared
  // datasets must give exactly the committed bytes.
  it('reproduces models/ner/ner.bin byte for byte', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veilgate-ner-'));
    try {
      const out = path.join(dir, 'ner.bin');
      execFileSync(process.execPath, ['--import', 'tsx', 'train/ner/train.ts', '--out', out], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      const rebuilt = readFileSync(out);
      const shipped = readFileSync(path.join(ROOT, 'models/ner/ner.bin'));
      expect(
        rebuilt.equals(shipped),
        'models/ner/ner.bin differs from a fresh training run: run npm run train:ner',
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
