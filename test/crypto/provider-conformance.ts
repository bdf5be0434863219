/**
 * One behavioural contract for every MasterKeyProvider (local, Vault Transit, AWS KMS): what the keyring
 * relies on, checked the same way against each. Run it from a provider's test file:
 *
 *   runProviderConformance('vault-transit', async () => ({ provider, close, secrets: [token] }));
 *
 * The suite rotates the provider's master key, so give it a key used by nothing else.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MasterKeyProvider, WrapContext } from '../../src/crypto/master-key.js';
import { isVeilgateError } from '../../src/errors.js';

export interface ConformanceSubject {
  readonly provider: MasterKeyProvider;
  readonly close: () => Promise<void>;
  /** Strings that must never appear in an error message: tokens, secret keys, master keys. */
  readonly secrets?: readonly string[];
}

export interface ConformanceOptions {
  /** fast-check runs per property; 30 by default (each run is a round trip to a server). */
  readonly numRuns?: number;
  /** False for providers that cannot rotate (a master key from an environment variable). */
  readonly canRotate?: boolean;
  /** Whether the provider re-wraps natively (default true); without, the keyring unwraps and wraps. */
  readonly nativeRewrap?: boolean;
}

const dataKey = fc.uint8Array({ minLength: 32, maxLength: 32 });
/**
 * Contexts as the keyring builds them: identifier-like keys, free-text values without line breaks.
 * (`encodeWrapContext` joins `key=value` lines, so a value with "\n" could imitate another context.)
 */
const wrapContext: fc.Arbitrary<WrapContext> = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/),
  fc.string({ unit: 'grapheme', maxLength: 24 }).filter((s) => !/[\r\n]/.test(s)),
  { maxKeys: 4, noNullPrototype: true },
);
const sameContext = (a: WrapContext, b: WrapContext): boolean =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Characters that can appear in any provider's wrapped keys (base64, base64url, separators). */
const WRAPPED_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-:'];

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

export function runProviderConformance(
  name: string,
  setup: () => Promise<ConformanceSubject>,
  options: ConformanceOptions = {},
): void {
  const numRuns = options.numRuns ?? 30;
  const canRotate = options.canRotate ?? true;
  const nativeRewrap = options.nativeRewrap ?? true;

  describe(`MasterKeyProvider conformance: ${name}`, () => {
    let subject: ConformanceSubject | undefined;
    /** Every error the provider raised in this suite, checked for leaks at the end. */
    const errors: unknown[] = [];
    /** Every data key handed to the provider, in the encodings a careless message might use. */
    const keyTexts = new Set<string>();

    const provider = (): MasterKeyProvider => {
      if (subject === undefined) throw new Error('setup did not run');
      return subject.provider;
    };
    const track = (key: Uint8Array): Uint8Array => {
      const b = Buffer.from(key);
      keyTexts.add(b.toString('hex'));
      keyTexts.add(b.toString('base64'));
      keyTexts.add(b.toString('base64url'));
      return key;
    };
    const wrap = (key: Uint8Array, context: WrapContext): Promise<string> =>
      provider().wrap(track(key), context);

    /** The error a promise rejects with (recorded); fails the test when it resolves. */
    async function rejection(promise: Promise<unknown>): Promise<unknown> {
      try {
        await promise;
      } catch (err) {
        errors.push(err);
        return err;
      }
      throw new Error('expected a rejection, but the promise resolved');
    }
    function thrown(fn: () => unknown): unknown {
      try {
        fn();
      } catch (err) {
        errors.push(err);
        return err;
      }
      throw new Error('expected an exception, but none was thrown');
    }
    async function expectUnwrapFailure(promise: Promise<unknown>): Promise<void> {
      const err = await rejection(promise);
      expect(isVeilgateError(err) ? err.code : err).toBe('VG_KEY_UNWRAP');
    }

    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('prefixes every wrapped key with its name', async () => {
      const p = provider();
      expect(p.name).toMatch(/^[a-z][a-z0-9-]*$/);
      const wrapped = await wrap(new Uint8Array(32).fill(1), { tenant: 't1' });
      expect(wrapped.startsWith(`${p.name}:`)).toBe(true);
      expect(wrapped).not.toMatch(/\s/);
    });

    it('unwrap(wrap(key, context), context) returns the key', async () => {
      await fc.assert(
        fc.asyncProperty(dataKey, wrapContext, async (key, context) => {
          const unwrapped = await provider().unwrap(await wrap(key, context), context);
          expect(unwrapped).toBeInstanceOf(Uint8Array);
          expect(Buffer.from(unwrapped).toString('hex')).toBe(Buffer.from(key).toString('hex'));
        }),
        { numRuns },
      );
    });

    it('does not care about the order of context properties', async () => {
      await fc.assert(
        fc.asyncProperty(dataKey, wrapContext, async (key, context) => {
          const reversed: WrapContext = Object.fromEntries(Object.entries(context).reverse());
          const unwrapped = await provider().unwrap(await wrap(key, context), reversed);
          expect(equalBytes(unwrapped, key)).toBe(true);
        }),
        { numRuns },
      );
    });

    it('refuses to unwrap under another context (VG_KEY_UNWRAP)', async () => {
      const key = new Uint8Array(32).fill(7);
      const context = { tenant: 't1', purpose: 'vault' };
      const wrapped = await wrap(key, context);
      const others: WrapContext[] = [
        { tenant: 't2', purpose: 'vault' },
        { tenant: 't1' },
        { tenant: 't1', purpose: 'vault', subject: 's' },
        { tenant: 't1', purpose: 'Vault' },
        {},
      ];
      for (const other of others) {
        await expectUnwrapFailure(provider().unwrap(wrapped, other));
      }
      await fc.assert(
        fc.asyncProperty(
          dataKey,
          fc.tuple(wrapContext, wrapContext).filter(([a, b]) => !sameContext(a, b)),
          async (k, [a, b]) => {
            await expectUnwrapFailure(provider().unwrap(await wrap(k, a), b));
          },
        ),
        { numRuns },
      );
    });

    it('gives a different wrapped string each time (random nonce)', async () => {
      const key = new Uint8Array(32).fill(3);
      const [a, b] = await Promise.all([wrap(key, { t: 'x' }), wrap(key, { t: 'x' })]);
      expect(a).not.toBe(b);
    });

    it('never returns bytes for a tampered wrapped key (VG_KEY_UNWRAP)', async () => {
      const p = provider();
      const key = new Uint8Array(32).map((_, i) => i * 7 + 1);
      const context = { tenant: 't1', purpose: 'tamper' };
      const wrapped = await wrap(key, context);
      const start = p.name.length + 1;
      const variants = [
        wrapped.slice(0, -1),
        wrapped.slice(0, -4),
        wrapped.slice(0, Math.floor(wrapped.length / 2)),
        `${wrapped}A`,
        `${wrapped}AAAA`,
        wrapped.slice(start),
        `other:${wrapped.slice(start)}`,
        `${p.name.toUpperCase()}:${wrapped.slice(start)}`,
        `${p.name === 'local' ? 'vault-transit' : 'local'}:${wrapped.slice(start)}`,
        `${p.name}:`,
        '',
      ];
      for (const variant of variants) await expectUnwrapFailure(p.unwrap(variant, context));
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: start, max: wrapped.length - 1 }),
          fc.constantFrom(...WRAPPED_CHARS),
          async (at, c) => {
            fc.pre(wrapped[at] !== c);
            const variant = `${wrapped.slice(0, at)}${c}${wrapped.slice(at + 1)}`;
            await expectUnwrapFailure(p.unwrap(variant, context));
          },
        ),
        { numRuns: numRuns * 2 },
      );
      // The original still works: the failures above were about the changes.
      expect(equalBytes(await p.unwrap(wrapped, context), key)).toBe(true);
    });

    it('versionOf reads its own wrapped keys and refuses others (VG_KEY_UNWRAP)', async () => {
      const p = provider();
      const wrapped = await wrap(new Uint8Array(32).fill(9), {});
      const version = p.versionOf(wrapped);
      if (version !== undefined) {
        const versions = await p.versions();
        expect(versions.map((v) => v.version)).toContain(version);
      }
      for (const other of ['', 'other:v1:AAAA', `${p.name}`, `x${wrapped}`, wrapped.slice(p.name.length)]) {
        const err = thrown(() => p.versionOf(other));
        expect(isVeilgateError(err) ? err.code : err).toBe('VG_KEY_UNWRAP');
      }
    });

    it('lists versions oldest first, the newest alone marked current', async () => {
      const versions = await provider().versions();
      expect(versions.length).toBeGreaterThanOrEqual(1);
      expect(versions.filter((v) => v.current)).toHaveLength(1);
      expect(versions.at(-1)?.current).toBe(true);
      expect(new Set(versions.map((v) => v.version)).size).toBe(versions.length);
      for (const v of versions) {
        expect(v.version).not.toBe('');
        if (v.createdAt !== undefined) expect(new Date(v.createdAt).toISOString()).toBe(v.createdAt);
      }
    });

    it(
      canRotate
        ? 'rotates: one more version, the new one current and used, old wrapped keys still unwrap'
        : 'refuses to rotate (VG_KEY_ROTATE)',
      async () => {
        const p = provider();
        if (!canRotate) {
          const err = await rejection(p.rotate());
          expect(isVeilgateError(err) ? err.code : err).toBe('VG_KEY_ROTATE');
          return;
        }
        const before = await p.versions();
        const oldKey = new Uint8Array(32).fill(0x42);
        const context = { tenant: 't1', purpose: 'rotation' };
        const old = await wrap(oldKey, context);
        const oldVersion = p.versionOf(old);
        if (oldVersion !== undefined) expect(oldVersion).toBe(before.at(-1)?.version);

        const label = await p.rotate();
        const after = await p.versions();
        expect(after).toHaveLength(before.length + 1);
        expect(after.slice(0, -1).map((v) => v.version)).toEqual(before.map((v) => v.version));
        expect(after.at(-1)).toMatchObject({ version: label, current: true });
        expect(after.filter((v) => v.current)).toHaveLength(1);

        const newKey = new Uint8Array(32).fill(0x24);
        const fresh = await wrap(newKey, context);
        const freshVersion = p.versionOf(fresh);
        if (freshVersion !== undefined) expect(freshVersion).toBe(label);
        expect(equalBytes(await p.unwrap(old, context), oldKey)).toBe(true);
        expect(equalBytes(await p.unwrap(fresh, context), newKey)).toBe(true);
        if (oldVersion !== undefined) expect(p.versionOf(old)).toBe(oldVersion);
      },
    );

    if (!nativeRewrap) {
      it('has no native rewrap, so the keyring falls back to unwrap and wrap', () => {
        expect(provider().rewrap).toBeUndefined();
      });
    } else {
      it('rewraps under the newest version without changing the key', async () => {
        const p = provider();
        const rewrap = p.rewrap?.bind(p);
        if (rewrap === undefined) throw new Error('expected a native rewrap');
        const key = new Uint8Array(32).fill(0x5a);
        const context = { tenant: 't1', purpose: 'rewrap' };
        const old = await wrap(key, context);
        if (canRotate) await p.rotate();
        const newest = (await p.versions()).at(-1)?.version;
        const rewrapped = await rewrap(old, context);
        expect(rewrapped.startsWith(`${p.name}:`)).toBe(true);
        expect(equalBytes(await p.unwrap(rewrapped, context), key)).toBe(true);
        const version = p.versionOf(rewrapped);
        if (version !== undefined) expect(version).toBe(newest);
        await expectUnwrapFailure(p.unwrap(rewrapped, { tenant: 't2', purpose: 'rewrap' }));
        await expectUnwrapFailure(rewrap(old, { tenant: 't2', purpose: 'rewrap' }));
        await expectUnwrapFailure(rewrap(old.slice(0, -2), context));
        await expectUnwrapFailure(rewrap('other:v1:AAAA', context));
      });
    }

    it('serves concurrent wraps and unwraps independently', async () => {
      const keys = Array.from({ length: 16 }, (_, i) => new Uint8Array(32).fill(i + 100));
      const wrapped = await Promise.all(keys.map((k, i) => wrap(k, { n: String(i) })));
      const unwrapped = await Promise.all(wrapped.map((w, i) => provider().unwrap(w, { n: String(i) })));
      unwrapped.forEach((u, i) => expect(equalBytes(u, keys[i] as Uint8Array)).toBe(true));
    });

    // Runs last: looks at every error raised above.
    it('raises one-line errors that never contain a data key or a secret', () => {
      expect(errors.length).toBeGreaterThan(10);
      const secrets = (subject?.secrets ?? []).filter((s) => s.length >= 8);
      for (const err of errors) {
        expect(isVeilgateError(err)).toBe(true);
        const message = err instanceof Error ? err.message : String(err);
        expect(message).not.toMatch(/[\r\n]/);
        expect(message.length).toBeLessThan(200);
        for (const text of keyTexts) expect(message).not.toContain(text);
        for (const secret of secrets) expect(message).not.toContain(secret);
      }
    });
  });
}
