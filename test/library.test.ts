/**
 * The library as an application uses it: only the public entry point, a SQLite file and a key file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createProtector, createScanner, openVaultRuntime, parseProtectionPolicy } from '../src/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-library-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('protects and restores text, and restores a stream, through the public API', async () => {
  const runtime = await openVaultRuntime({
    vault: { db: `sqlite:${path.join(dir, 'vault.db')}`, ttl: '30d' },
    keys: { provider: 'local', file: path.join(dir, 'master.key'), cacheTtl: '5m' },
    cwd: dir,
    env: {},
  });
  try {
    const policy = parseProtectionPolicy(
      'version: 1\nentities:\n  PERSON: tokenize\n  EMAIL_ADDRESS: tokenize\n  US_SSN: fpe\n',
      'policy.yaml',
    );
    const protector = createProtector({ scanner: createScanner(), policy, runtime });
    const context = { tenant: 'clinic', scope: 'conversation-1' };
    const text = 'Jane Roe (SSN 536-22-1234) wrote from jane.roe@example.org.';
    const out = await protector.protect(text, context);
    expect(out.text).toMatch(/^<PERSON_1> \(SSN \d\d\d-\d\d-\d\d\d\d\) wrote from <EMAIL_ADDRESS_1>\.$/);
    expect(await protector.restore(out.text, context, out.applied)).toBe(text);

    const stream = runtime.vault.createStreamRestorer(context);
    const reply = 'Dear <PERSON_1>, we will write to <EMAIL_ADDRESS_1>.';
    let emitted = '';
    for (const piece of reply.match(/.{1,3}/gs) ?? []) emitted += await stream.push(piece);
    emitted += await stream.end();
    expect(emitted).toBe('Dear Jane Roe, we will write to jane.roe@example.org.');
  } finally {
    await runtime.close();
  }
});
