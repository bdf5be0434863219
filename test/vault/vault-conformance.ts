/**
 * The token vault and keyring end to end, run against each storage driver with the local master key
 * provider: stable placeholders, restore only within tenant, scope and permission, streaming restore,
 * expiry, crypto-shredding, rotation and rewrap, tampering.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, type Keyring } from '../../src/crypto/keyring.js';
import { createLocalProvider } from '../../src/crypto/local-provider.js';
import { createTokenVault, type TokenVault } from '../../src/vault/vault.js';
import type { TestStore } from '../store/databases.js';

export function runVaultSuite(name: string, open: () => Promise<TestStore>): void {
  describe(`token vault on ${name}`, () => {
    let t: TestStore;
    let dir: string;
    let keyring: Keyring;
    let vault: TokenVault;
    let clock = 1_800_000_000_000;
    const now = (): number => clock;

    beforeAll(async () => {
      t = await open();
      dir = mkdtempSync(path.join(os.tmpdir(), 'veilgate-vault-'));
      keyring = createKeyring({
        provider: createLocalProvider({ file: path.join(dir, 'master.key') }),
        store: t.store.keys,
        now,
      });
      vault = createTokenVault({ keyring, store: t.store.tokens, now, ttlMs: 3_600_000 });
    });
    afterAll(async () => {
      await t?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const conv = { tenant: 'clinic', scope: 'conv-1' };

    it('gives the same placeholder to the same value in a scope, and restores it', async () => {
      const first = await vault.tokenize(conv, [
        { entity: 'PERSON', value: 'Jane Roe' },
        { entity: 'PERSON', value: 'John Doe' },
        { entity: 'EMAIL_ADDRESS', value: 'jane@example.org' },
      ]);
      expect(first).toEqual(['<PERSON_1>', '<PERSON_2>', '<EMAIL_ADDRESS_1>']);
      const again = await vault.tokenize(conv, [
        { entity: 'PERSON', value: 'JANE  ROE' },
        { entity: 'PERSON', value: 'Mary Major' },
      ]);
      expect(again).toEqual(['<PERSON_1>', '<PERSON_3>']);
      const answer = 'Dear <PERSON_1>, **<person_2>** wrote to &lt;EMAIL_ADDRESS_1&gt; about PERSON_3.';
      const out = await vault.restore(answer, conv);
      expect(out.text).toBe('Dear Jane Roe, **John Doe** wrote to jane@example.org about Mary Major.');
      expect(out).toMatchObject({ restored: 4, leftAlone: 0 });
    });

    it('leaves unknown, foreign and unpermitted placeholders untouched', async () => {
      const text = 'Ask <PERSON_1> and <PERSON_9> about <EMAIL_ADDRESS_1>.';
      expect((await vault.restore(text, { tenant: 'other-clinic', scope: 'conv-1' })).text).toBe(text);
      expect((await vault.restore(text, { tenant: 'clinic', scope: 'conv-2' })).text).toBe(text);
      const onlyNames = await vault.restore(text, { ...conv, entities: new Set(['PERSON']) });
      expect(onlyNames.text).toBe('Ask Jane Roe and <PERSON_9> about <EMAIL_ADDRESS_1>.');
      expect(onlyNames).toMatchObject({ restored: 1, leftAlone: 1 });
    });

    it('numbers values per scope and per tenant', async () => {
      expect(
        await vault.tokenize({ tenant: 'clinic', scope: 'conv-2' }, [
          { entity: 'PERSON', value: 'John Doe' },
        ]),
      ).toEqual(['<PERSON_1>']);
      expect(
        await vault.tokenize({ tenant: 'bank', scope: 'conv-1' }, [{ entity: 'PERSON', value: 'Jane Roe' }]),
      ).toEqual(['<PERSON_1>']);
      expect((await vault.restore('<PERSON_1>', { tenant: 'bank', scope: 'conv-1' })).text).toBe('Jane Roe');
      expect((await vault.restore('<PERSON_1>', { tenant: 'clinic', scope: 'conv-2' })).text).toBe(
        'John Doe',
      );
    });

    it('round-trips any text through tokenize and restore (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), {
            minLength: 1,
            maxLength: 8,
          }),
          fc.string({ maxLength: 20 }),
          async (values, glue) => {
            const scope = { tenant: 'prop', scope: `s-${Math.random().toString(36).slice(2)}` };
            const inputs = values.map((value) => ({ entity: 'ORGANIZATION', value }));
            const placeholders = await vault.tokenize(scope, inputs);
            const out = await vault.restore(
              placeholders.join(` ${glue.replace(/[<>&\\_A-Za-z0-9]/g, '')} `),
              scope,
            );
            // Values that normalise alike share a placeholder and restore to the first one seen.
            const firstOf = new Map<string, string>();
            for (const v of values)
              if (!firstOf.has(v.trim().replace(/\s+/g, ' ').toLowerCase()))
                firstOf.set(v.trim().replace(/\s+/g, ' ').toLowerCase(), v);
            const expected = values.map((v) => firstOf.get(v.trim().replace(/\s+/g, ' ').toLowerCase()));
            expect(out.text).toBe(expected.join(` ${glue.replace(/[<>&\\_A-Za-z0-9]/g, '')} `));
          },
        ),
        { numRuns: 40 },
      );
    });

    it('restores a stream without ever emitting part of a placeholder', async () => {
      const answer = 'Hello <PERSON_1>, your address <EMAIL_ADDRESS_1> and <PERSON_2> are on file.';
      for (const size of [1, 2, 3, 5, 7, 11]) {
        const restorer = vault.createStreamRestorer(conv);
        const emitted: string[] = [];
        for (let i = 0; i < answer.length; i += size)
          emitted.push(await restorer.push(answer.slice(i, i + size)));
        emitted.push(await restorer.end());
        expect(emitted.join('')).toBe(
          'Hello Jane Roe, your address jane@example.org and John Doe are on file.',
        );
        for (const piece of emitted) expect(piece).not.toMatch(/<|PERSON|EMAIL/);
      }
    });

    it('expires entries after the TTL', async () => {
      const scope = { tenant: 'clinic', scope: 'ttl' };
      await vault.tokenize(scope, [{ entity: 'PERSON', value: 'Short Lived' }]);
      clock += 3_600_000;
      expect((await vault.restore('<PERSON_1>', scope)).text).toBe('<PERSON_1>');
      expect(await vault.purgeExpired()).toBeGreaterThanOrEqual(1);
    });

    it('keeps everything readable across data key rotation, master rotation and rewrap', async () => {
      const scope = { tenant: 'rot', scope: 'c' };
      await vault.tokenize(scope, [{ entity: 'PERSON', value: 'Before Rotation' }]);
      expect(await keyring.rotateDataKeys('rot')).toBe(1); // vault key; the index key keeps its version
      const masterVersion = await keyring.rotateMaster();
      expect(masterVersion).toBe('2');
      const [p2] = await vault.tokenize(scope, [{ entity: 'PERSON', value: 'After Rotation' }]);
      expect(p2).toBe('<PERSON_2>');
      // The same value still finds its placeholder after rotation.
      expect(await vault.tokenize(scope, [{ entity: 'PERSON', value: 'before rotation' }])).toEqual([
        '<PERSON_1>',
      ]);
      const listed = await keyring.list({ tenant: 'rot' });
      expect(listed.map((k) => [k.purpose, k.version, k.masterVersion])).toEqual([
        ['index', 1, '1'],
        ['vault', 1, '1'],
        ['vault', 2, '1'], // rotated before the master key was
      ]);
      const r = await keyring.rewrap();
      expect(r.rewrapped).toBeGreaterThanOrEqual(2);
      expect((await keyring.list({ tenant: 'rot' })).every((k) => k.masterVersion === '2')).toBe(true);
      keyring.clearCache();
      expect((await vault.restore('<PERSON_1> <PERSON_2>', scope)).text).toBe(
        'Before Rotation After Rotation',
      );
      expect((await keyring.rewrap()).rewrapped).toBe(0);
    });

    it('forgetting a subject makes only their entries unrecoverable', async () => {
      const scope = { tenant: 'gdpr', scope: 'case-1' };
      await vault.tokenize({ ...scope, subject: 'patient-1' }, [{ entity: 'PERSON', value: 'Ann Forget' }]);
      await vault.tokenize({ ...scope, subject: 'patient-2' }, [{ entity: 'PERSON', value: 'Bob Keep' }]);
      expect((await vault.restore('<PERSON_1>/<PERSON_2>', scope)).text).toBe('Ann Forget/Bob Keep');
      const gone = await vault.forget('gdpr', 'patient-1');
      expect(gone).toEqual({ keys: 1, entries: 1 });
      keyring.clearCache();
      expect((await vault.restore('<PERSON_1>/<PERSON_2>', scope)).text).toBe('<PERSON_1>/Bob Keep');
    });

    it('crypto-shredding: rows restored from a backup cannot be read once the key is forgotten', async () => {
      const scope = { tenant: 'shred', scope: 's', subject: 'p9' };
      await vault.tokenize(scope, [{ entity: 'PERSON', value: 'Backed Up' }]);
      const backup = await t.store.tokens.findEntries('shred', 's', [{ entity: 'PERSON', n: 1 }], clock);
      expect(backup).toHaveLength(1);
      await keyring.forget('shred', 'p9'); // keys only: the rows are still there, as in a backup
      keyring.clearCache();
      // Another process (no cached values) reads the surviving rows: nothing comes back.
      const replica = createTokenVault({ keyring, store: t.store.tokens, now, cacheTtlMs: 0 });
      expect((await replica.restore('<PERSON_1>', scope)).text).toBe('<PERSON_1>');
      await expect(keyring.keyById(backup[0]?.keyId ?? '')).rejects.toMatchObject({
        code: 'VG_KEY_NOT_FOUND',
      });
    });

    it('forgetting a tenant destroys all of its keys and entries', async () => {
      await vault.tokenize({ tenant: 'gone', scope: 'x' }, [{ entity: 'PERSON', value: 'Tenant Person' }]);
      const r = await vault.forget('gone');
      expect(r.keys).toBe(2);
      expect(r.entries).toBe(1);
      expect(await keyring.list({ tenant: 'gone' })).toEqual([]);
    });

    it('forgets one value in every scope of a tenant', async () => {
      await vault.tokenize({ tenant: 'fv', scope: 'a' }, [
        { entity: 'EMAIL_ADDRESS', value: 'x@example.com' },
      ]);
      await vault.tokenize({ tenant: 'fv', scope: 'b' }, [
        { entity: 'EMAIL_ADDRESS', value: 'X@example.com ' },
      ]);
      expect(await vault.forgetValue('fv', { entity: 'EMAIL_ADDRESS', value: 'x@example.com' })).toBe(2);
      expect(await vault.forgetValue('nobody', { entity: 'EMAIL_ADDRESS', value: 'x@example.com' })).toBe(0);
    });

    it('fails loudly on a tampered or moved ciphertext', async () => {
      const a = { tenant: 'tamper', scope: 'a' };
      const reader = createTokenVault({ keyring, store: t.store.tokens, now, cacheTtlMs: 0 });
      await vault.tokenize(a, [
        { entity: 'PERSON', value: 'Victim One' },
        { entity: 'PERSON', value: 'Victim Two' },
      ]);
      const [one, two] = await t.store.tokens.findEntries(
        'tamper',
        'a',
        [
          { entity: 'PERSON', n: 1 },
          { entity: 'PERSON', n: 2 },
        ],
        clock,
      );
      // Move entry 2's ciphertext into a new row that claims to be another value: AAD binds it to its row.
      await t.store.tokens.deleteEntries({ tenant: 'tamper' });
      await t.store.tokens.tokenizeEntries(
        'tamper',
        'a',
        [{ ...(one as NonNullable<typeof one>), ciphertext: (two as NonNullable<typeof two>).ciphertext }],
        clock,
        null,
      );
      await expect(reader.restore('<PERSON_1>', a)).rejects.toMatchObject({ code: 'VG_PROTECT_DECRYPT' });
      const flipped = Buffer.from((one as NonNullable<typeof one>).ciphertext);
      flipped[20] = (flipped[20] as number) ^ 1;
      await t.store.tokens.deleteEntries({ tenant: 'tamper' });
      await t.store.tokens.tokenizeEntries(
        'tamper',
        'a',
        [{ ...(one as NonNullable<typeof one>), ciphertext: flipped }],
        clock,
        null,
      );
      const err = (await reader.restore('<PERSON_1>', a).catch((e: unknown) => e)) as Error;
      expect(err).toMatchObject({ code: 'VG_PROTECT_DECRYPT' });
      expect(err.message).not.toContain('Victim');
    });

    it('remembers a scope for the cache lifetime only, and forgets it with the tenant', async () => {
      const cached = createTokenVault({ keyring, store: t.store.tokens, now, cacheTtlMs: 60_000 });
      const scope = { tenant: 'cache', scope: 'c' };
      const [p] = await cached.tokenize(scope, [{ entity: 'PERSON', value: 'Cached Person' }]);
      await t.store.tokens.deleteEntries({ tenant: 'cache' }); // behind the vault's back
      expect((await cached.restore(p as string, scope)).text).toBe('Cached Person'); // from memory
      expect(await cached.tokenize(scope, [{ entity: 'PERSON', value: 'cached  person' }])).toEqual([p]);
      clock += 60_000;
      expect((await cached.restore(p as string, scope)).text).toBe(p); // the cache has expired
      const [q] = await cached.tokenize(scope, [{ entity: 'PERSON', value: 'Second Person' }]);
      await cached.forget('cache');
      expect((await cached.restore(q as string, scope)).text).toBe(q);
    });

    it('refuses bad tenants, scopes, entities and values with VG_VAULT_BAD_INPUT', async () => {
      const bad = [
        () => vault.tokenize({ tenant: '', scope: 's' }, [{ entity: 'PERSON', value: 'x' }]),
        () => vault.tokenize({ tenant: 't', scope: 'a\nb' }, [{ entity: 'PERSON', value: 'x' }]),
        () => vault.tokenize({ tenant: 't', scope: 's' }, [{ entity: 'person', value: 'x' }]),
        () => vault.tokenize({ tenant: 't', scope: 's' }, [{ entity: 'PERSON', value: '' }]),
        () => vault.restore('x', { tenant: 't'.repeat(200), scope: 's' }),
      ];
      for (const call of bad) await expect(call()).rejects.toMatchObject({ code: 'VG_VAULT_BAD_INPUT' });
    });

    it('two replicas tokenizing the same conversation agree on every placeholder', async () => {
      const other = await t.reopen();
      const replica = createTokenVault({ keyring, store: other.tokens, now });
      const scope = { tenant: 'replicas', scope: 'conv' };
      const names = Array.from({ length: 30 }, (_, i) => `Person Number${i}`);
      const results = await Promise.all(
        names.map((value, i) =>
          (i % 2 === 0 ? vault : replica).tokenize(scope, [{ entity: 'PERSON', value }]),
        ),
      );
      const numbers = results.map((r) => Number(/_(\d+)>/.exec(r[0] ?? '')?.[1]));
      expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      const restored = await replica.restore(results.map((r) => r[0]).join('|'), scope);
      expect(restored.text).toBe(names.join('|'));
    });
  });
}
