import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '../../../src/detect/scanner.js';
import { heldTailStart } from '../../../src/gateway/guards/hold-back.js';
import { guardInputTexts } from '../../../src/gateway/guards/input-guard.js';
import { createOutputStreamGuard, guardOutputTexts } from '../../../src/gateway/guards/output-guard.js';
import { builtinProfiles, parseProfiles } from '../../../src/gateway/profiles/profile.js';
import { openVaultRuntime, type VaultRuntime } from '../../../src/vault/runtime.js';

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-guards-'));
let runtime: VaultRuntime;
const scanner = createScanner();

beforeAll(async () => {
  runtime = await openVaultRuntime({
    vault: { db: `sqlite:${path.join(dir, 'vault.db')}`, ttl: '30d' },
    keys: { provider: 'local', file: path.join(dir, 'master.key'), cacheTtl: '5m' },
    cwd: dir,
    env: {},
  });
});
afterAll(async () => {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

const profile = builtinProfiles().profileFor('default', 't') as NonNullable<
  ReturnType<ReturnType<typeof builtinProfiles>['profileFor']>
>;
const env = (scope: string) => ({
  profile,
  scanner,
  vault: runtime.vault,
  keys: () => runtime.operatorKeys('t', true),
  scope: { tenant: 't', scope },
});

describe('hold-back', () => {
  const opts = { holdBack: 64, names: false };
  it('releases plain lower-case prose at once, and holds the last incomplete token', () => {
    expect(heldTailStart('hello there ', opts)).toBe(12);
    expect(heldTailStart('hello the', opts)).toBe(6);
  });
  it('holds digit groups that may continue a number', () => {
    const text = 'my card is 4111 1111 ';
    expect(text.slice(heldTailStart(text, opts))).toBe('4111 1111 ');
  });
  it('holds capitalised words only when names are detected', () => {
    expect(heldTailStart('hello John ', opts)).toBe(11);
    expect(heldTailStart('hello John ', { ...opts, names: true })).toBe(6);
  });
  it('never holds more than the window, except the last token', () => {
    const text = `${'1234 '.repeat(40)}`;
    expect(text.length - heldTailStart(text, opts)).toBeLessThanOrEqual(64);
  });
});

describe('input guard', () => {
  it('tokenizes values consistently across texts, and blocks what the profile blocks', async () => {
    const out = await guardInputTexts(
      ['mail jane.doe@example.com now', 'again: jane.doe@example.com, card 4111 1111 1111 1111'],
      env('conv-1'),
    );
    expect(out.texts[0]).toBe('mail <EMAIL_ADDRESS_1> now');
    expect(out.texts[1]).toBe('again: <EMAIL_ADDRESS_1>, card <CREDIT_CARD_1>');
    expect(out.findings.map((f) => f.entity).sort()).toEqual([
      'CREDIT_CARD',
      'EMAIL_ADDRESS',
      'EMAIL_ADDRESS',
    ]);

    const strict = parseProfiles(
      'version: 1\nprofiles:\n  strict:\n    input: { default: redact, entities: { CREDIT_CARD: block } }\n',
      'p.yaml',
    ).profileFor('strict', 't');
    await expect(
      guardInputTexts(['card 4111 1111 1111 1111'], { ...env('conv-1'), profile: defined(strict) }),
    ).rejects.toThrow(/blocked by guardrail profile 'strict': it contains CREDIT_CARD$/);
  });
});

describe('output guard', () => {
  it("redacts identifiers the model wrote and restores the caller's placeholders", async () => {
    const [placeholder] = await runtime.vault.tokenize({ tenant: 't', scope: 'conv-2' }, [
      { entity: 'EMAIL_ADDRESS', value: 'jane.doe@example.com' },
    ]);
    const out = await guardOutputTexts(
      [`Write to ${placeholder as string}; the SSN 536-90-4399 is not yours.`],
      env('conv-2'),
    );
    expect(out.texts[0]).toBe('Write to jane.doe@example.com; the SSN [US_SSN] is not yours.');
  });

  it('releases a stream so that no part of an identifier gets out unguarded, for any chunking', async () => {
    const [placeholder] = await runtime.vault.tokenize({ tenant: 't', scope: 'conv-3' }, [
      { entity: 'PERSON', value: 'Ada Lovelace' },
    ]);
    const text = `Dear ${placeholder as string}, your card 4111 1111 1111 1111 and mail bob.smith@example.org are on file.`;
    const whole = (await guardOutputTexts([text], env('conv-3'))).texts[0] as string;
    expect(whole).toBe('Dear Ada Lovelace, your card [CREDIT_CARD] and mail [EMAIL_ADDRESS] are on file.');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 30 }),
        async (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const guard = createOutputStreamGuard(env('conv-3'));
          let out = '';
          let prev = 0;
          for (const p of [...points, text.length]) {
            out += await guard.push('c0', text.slice(prev, p));
            prev = p;
            // No released prefix ever holds a fragment of the raw values.
            for (const secret of ['4111', 'bob.smith', '@example.org']) expect(out).not.toContain(secret);
          }
          out += await guard.end('c0');
          expect(out).toBe(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('blocks mid-stream when the profile blocks an entity', async () => {
    const strict = parseProfiles(
      'version: 1\nprofiles:\n  strict:\n    output: { default: redact, entities: { PRIVATE_KEY: block, US_SSN: block } }\n',
      'p.yaml',
    ).profileFor('strict', 't');
    const guard = createOutputStreamGuard({ ...env('conv-4'), profile: defined(strict) });
    const released = await guard.push('c0', 'The number is 536-90-');
    expect(released).toBe('The number is ');
    await expect(guard.push('c0', '4399 is on file, thanks ')).rejects.toThrow(
      /response was blocked .* US_SSN/,
    );
  });
});
