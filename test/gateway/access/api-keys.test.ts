/**
 * The API key format `vg_<id>_<secret>`: generation, strict parsing, hashing and lifetimes.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_LENGTH,
  expiresIn,
  generateApiKey,
  hashApiKey,
  isApiKeyId,
  isApiKeyLabel,
  parseApiKey,
} from '../../../src/gateway/access/api-keys.js';

const KEY_SHAPE = /^vg_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/;

/**
 * A deterministic byte source drawn by fast-check, cycled as long as the generator asks for more. A seed
 * of bytes >= 248 only would be rejected forever (as it would be by any uniform sampler), so it is excluded.
 */
const byteSource = fc
  .uint8Array({ minLength: 1, maxLength: 200 })
  .filter((seed) => seed.some((b) => b < 248))
  .map((seed) => {
    let at = 0;
    return (size: number) => Uint8Array.from({ length: size }, () => seed[at++ % seed.length] as number);
  });

describe('generateApiKey', () => {
  it('makes keys of the documented shape that parse back to their id, with SHA-256 as hash', () => {
    fc.assert(
      fc.property(byteSource, (random) => {
        const k = generateApiKey(random);
        expect(k.key).toMatch(KEY_SHAPE);
        expect(k.key).toHaveLength(API_KEY_LENGTH);
        expect(k.prefix).toBe(`vg_${k.id}`);
        expect(k.key.startsWith(`${k.prefix}_`)).toBe(true);
        expect(parseApiKey(k.key)).toEqual({ id: k.id, prefix: k.prefix });
        expect(Buffer.from(k.hash)).toEqual(createHash('sha256').update(k.key).digest());
      }),
    );
  });

  it('draws id characters uniformly: bytes 248-255 are rejected, not folded onto the alphabet', () => {
    let calls = 0;
    const random = (size: number) => {
      calls += 1;
      // First call: only bytes that would bias `byte % 62` towards A-H; then byte 62 (= 'A') and 63 (= 'B').
      return calls === 1
        ? new Uint8Array(size).fill(250)
        : Uint8Array.from({ length: size }, (_, i) => 62 + (i % 2));
    };
    const k = generateApiKey(random);
    expect(k.id).toBe('ABABABABABAB');
    expect(calls).toBeGreaterThanOrEqual(3); // rejected batch, id batch, secret
  });

  it('gives different keys each time with the real random source', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    const ids = new Set([...keys].map((k) => parseApiKey(k)?.id));
    expect(keys.size).toBe(1000);
    expect(ids.size).toBe(1000);
  });
});

describe('parseApiKey', () => {
  const valid = generateApiKey().key;

  it('rejects every string that is not of the key shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        if (!KEY_SHAPE.test(s)) expect(parseApiKey(s)).toBeNull();
      }),
    );
  });

  it('rejects a key with any one character replaced by one outside its alphabet', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: API_KEY_LENGTH - 1 }),
        fc.constantFrom(' ', '.', '+', '/', '=', 'é', '\n', '\u0000', '$'),
        (at, ch) => {
          expect(parseApiKey(valid.slice(0, at) + ch + valid.slice(at + 1))).toBeNull();
        },
      ),
    );
  });

  it('rejects keys one character too short or too long, and with a wrong prefix or separator', () => {
    expect(parseApiKey(valid.slice(0, -1))).toBeNull();
    expect(parseApiKey(`${valid}A`)).toBeNull();
    expect(parseApiKey(`VG_${valid.slice(3)}`)).toBeNull();
    expect(parseApiKey(`sk_${valid.slice(3)}`)).toBeNull();
    expect(parseApiKey(`${valid.slice(0, 15)}-${valid.slice(16)}`)).toBeNull();
    expect(parseApiKey(` ${valid.slice(1)}`)).toBeNull();
    expect(parseApiKey('')).toBeNull();
  });

  it('accepts only the canonical spelling of each secret (its last character carries 4 bits)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat({ max: 63 }),
        (bytes, lastIndex) => {
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
          const secret = Buffer.from(bytes).toString('base64url');
          const variant = secret.slice(0, -1) + alphabet[lastIndex];
          const parsed = parseApiKey(`vg_AAAAAAAAAAAA_${variant}`);
          // Base64url decoders ignore the 2 spare low bits of the last character; we must not. A last
          // character with those bits clear spells another secret canonically, and is accepted.
          expect(parsed !== null).toBe(lastIndex % 4 === 0);
          if (variant === secret) expect(parsed).not.toBeNull();
        },
      ),
    );
  });

  it('keeps keys that differ only in the secret on the same id (verification compares hashes)', () => {
    const a = generateApiKey();
    const other = `${a.prefix}_${generateApiKey().key.slice(16)}`;
    expect(parseApiKey(other)?.id).toBe(a.id);
    expect(Buffer.from(hashApiKey(other))).not.toEqual(Buffer.from(a.hash));
  });
});

describe('isApiKeyId, isApiKeyLabel', () => {
  it('ids are exactly 12 base62 characters', () => {
    expect(isApiKeyId('Ab3Ab3Ab3Ab3')).toBe(true);
    expect(isApiKeyId('Ab3Ab3Ab3Ab')).toBe(false);
    expect(isApiKeyId('Ab3Ab3Ab3Ab_')).toBe(false);
    expect(isApiKeyId('vg_Ab3Ab3Ab3')).toBe(false);
  });

  it('tenant and profile names are 1-64 characters of A-Z a-z 0-9 . _ -', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/), (s) => {
        expect(isApiKeyLabel(s)).toBe(true);
      }),
    );
    for (const bad of ['', 'a'.repeat(65), 'a b', 'acme/prod', 'é', 'a\n'])
      expect(isApiKeyLabel(bad)).toBe(false);
  });
});

describe('expiresIn', () => {
  it('adds the configuration duration syntax to now; never is null', () => {
    const now = 1_700_000_000_000;
    expect(expiresIn('30d', now)).toBe(now + 30 * 86_400_000);
    expect(expiresIn('12h', now)).toBe(now + 12 * 3_600_000);
    expect(expiresIn('5m', now)).toBe(now + 300_000);
    expect(expiresIn('90s', now)).toBe(now + 90_000);
    expect(expiresIn('never', now)).toBeNull();
  });

  it('is undefined for anything else', () => {
    for (const bad of [
      '',
      '0d',
      '30',
      'd',
      '30 d',
      '-1d',
      '1.5h',
      '30D',
      '1w',
      '12345678d',
      'Never',
      '30d ',
    ]) {
      expect(expiresIn(bad, 0)).toBeUndefined();
    }
    const syntax = /^(?:[1-9][0-9]{0,6}[smhd]|never)$/;
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (s) => {
        if (!syntax.test(s)) expect(expiresIn(s, 0)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{0,6}[smhd]$/), fc.nat(), (d, now) => {
        const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[d.slice(-1) as 's'];
        expect(expiresIn(d, now)).toBe(now + Number(d.slice(0, -1)) * unit);
      }),
    );
  });
});
