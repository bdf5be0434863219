import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The shipped weights are generated files: training again from the committed code and the shared datasets
 * must give exactly the committed bytes.
 */
function expectReproduced(name: string, script: string, shipped: string): void {
  const dir = mkdtempSync(path.join(tmpdir(), `veilgate-${name}-`));
  try {
    const out = path.join(dir, path.basename(shipped));
    execFileSync(process.execPath, ['--import', 'tsx', script, '--out', out], { cwd: ROOT, stdio: 'pipe' });
    expect(
      readFileSync(out).equals(readFileSync(path.join(ROOT, shipped))),
      `${shipped} differs from a fresh training run: run npm run train:${name}`,
    ).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run train:ner', () => {
  it('reproduces models/ner/ner.bin byte for byte', () => {
    expectReproduced('ner', 'train/ner/train.ts', 'models/ner/ner.bin');
  }, 240_000);
});

describe('npm run train:injection', () => {
  it('reproduces models/injection/injection.bin byte for byte', () => {
    expectReproduced('injection', 'train/injection/train.ts', 'models/injection/injection.bin');
  }, 240_000);
});
