import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';

it('documents every error code in docs/errors.md, and nothing else', () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../docs/errors.md'), 'utf8');
  const documented = [...doc.matchAll(/^\|\s*`(VG_[A-Z_]+)`\s*\|/gm)].map((m) => m[1]).sort();
  expect(documented).toEqual(Object.keys(ERROR_CODES).sort());
});
