import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VeilgateError } from '../../src/errors.js';
import {
  createFf1,
  FF1_ALPHABET,
  ff1Decrypt,
  ff1DecryptString,
  ff1Encrypt,
  ff1EncryptString,
} from '../../src/protect/ff1.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VECTOR_FILE = path.resolve(ROOT, '../shared/testvectors/nist-sp800-38g-ff1.json');

interface Vector {
  sample: number;
  key: string;
  radix: number;
  tweak: string;
  plaintext: string;
  ciphertext: string;
}

/** The NIST samples, or the one-line reason they could not be read. */
function loadVectors(): Vector[] | string {
  if (!existsSync(VECTOR_FILE)) return `NIST FF1 test vectors not found at ${VECTOR_FILE}`;
  try {
    const vectors = (JSON.parse(readFileSync(VECTOR_FILE, 'utf8')) as { vectors?: Vector[] }).vectors;
    return Array.isArray(vectors) ? vectors : `${VECTOR_FILE} has no "vectors" array`;
  } catch (e) {
    return `${VECTOR_FILE} could not be parsed: ${(e as Error).message.split('\n')[0] ?? ''}`;
  }
}

const loaded = loadVectors();
const vectors = typeof loaded === 'string' ? [] : loaded;
const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const NO_TWEAK = new Uint8Array(0);

/** The VeilgateError `f` throws (fails the test when it throws nothing or something else). */
function thrown(f: () => unknown): VeilgateError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(VeilgateError);
    expect((e as VeilgateError).code).toBe('VG_PROTECT_BAD_INPUT');
    expect((e as VeilgateError).message).not.toContain('\n');
    return e as VeilgateError;
  }
  throw new Error('expected a VG_PROTECT_BAD_INPUT error');
}

/**
 * FF1 written literally from SP 800-38G Algorithms 7 and 8: BigInt everywhere, a fresh AES-CBC (zero IV)
 * for every PRF call. Slow, but shares nothing with the optimised code beyond node's AES.
 */
function referenceFf1(
  decrypt: boolean,
  key: Buffer,
  tweak: Uint8Array,
  radix: number,
  x: number[],
): number[] {
  const R = BigInt(radix);
  const num = (xs: number[]): bigint => xs.reduce((acc, d) => acc * R + BigInt(d), 0n);
  const str = (value: bigint, m: number): number[] => {
    const out: number[] = [];
    for (let k = 0; k < m; k++) {
      out.unshift(Number(value % R));
      value /= R;
    }
    return out;
  };
  const bytes = (value: bigint, len: number): Buffer => hex(value.toString(16).padStart(2 * len, '0'));
  const cbcLast = (data: Buffer): Buffer => {
    const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.alloc(16));
    c.setAutoPadding(false);
    const out = Buffer.concat([c.update(data), c.final()]);
    return out.subarray(out.length - 16);
  };
  const n = x.length;
  const t = tweak.length;
  const u = Math.floor(n / 2);
  const v = n - u;
  const b = Math.ceil((R ** BigInt(v) - 1n).toString(2).length / 8);
  const d = 4 * Math.ceil(b / 4) + 4;
  const P = Buffer.concat([
    Buffer.from([1, 2, 1]),
    bytes(R, 3),
    Buffer.from([10, u % 256]),
    bytes(BigInt(n), 4),
  ]);
  const PT = Buffer.concat([P, bytes(BigInt(t), 4)]);
  const pad = (((-t - b - 1) % 16) + 16) % 16;
  const roundY = (i: number, half: number[]): bigint => {
    const Q = Buffer.concat([tweak, Buffer.alloc(pad), Buffer.from([i]), bytes(num(half), b)]);
    const r = cbcLast(Buffer.concat([PT, Q]));
    const blocks = [r];
    for (let j = 1; j < Math.ceil(d / 16); j++) {
      blocks.push(
        cbcLast(Buffer.from(r.map((byte, k) => byte ^ Number((BigInt(j) >> BigInt(8 * (15 - k))) & 255n)))),
      );
    }
    return BigInt(`0x${Buffer.concat(blocks).subarray(0, d).toString('hex')}`);
  };
  let A = x.slice(0, u);
  let B = x.slice(u);
  for (let step = 0; step < 10; step++) {
    const i = decrypt ? 9 - step : step;
    const m = i % 2 === 0 ? u : v;
    const M = R ** BigInt(m);
    if (decrypt) {
      const y = roundY(i, A);
      const C = str((((num(B) - y) % M) + M) % M, m);
      B = A;
      A = C;
    } else {
      const y = roundY(i, B);
      const C = str((num(A) + y) % M, m);
      A = B;
      B = C;
    }
  }
  return [...A, ...B];
}

describe('FF1: NIST SP 800-38G samples', () => {
  it('the vector file is present and holds the nine samples', () => {
    if (typeof loaded === 'string') expect.fail(loaded);
    expect(vectors.map((v) => v.sample)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  for (const v of vectors) {
    it(`sample ${v.sample}: AES-${v.key.length * 4}, radix ${v.radix}, ${v.tweak ? 'with' : 'no'} tweak`, () => {
      const key = hex(v.key);
      const tweak = hex(v.tweak);
      expect(ff1EncryptString(key, tweak, v.radix, v.plaintext)).toBe(v.ciphertext);
      expect(ff1DecryptString(key, tweak, v.radix, v.ciphertext)).toBe(v.plaintext);
      const cipher = createFf1(key);
      const digits = (s: string): number[] => [...s].map((c) => FF1_ALPHABET.indexOf(c));
      expect(cipher.encrypt(tweak, v.radix, digits(v.plaintext))).toEqual(digits(v.ciphertext));
      expect(cipher.decrypt(tweak, v.radix, digits(v.ciphertext))).toEqual(digits(v.plaintext));
    });
  }
});

describe('FF1: other published vectors (long inputs, d > 16, long tweak)', () => {
  const key = hex('2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94');

  it('128 radix-36 numerals (b = 42, d = 48: the S extension), from capitalone/fpe', () => {
    const pt = 'xs8a0azh2avyalyzuwd'.repeat(7).slice(0, 128);
    const ct =
      'lwulibfp1ju3ksztumqomwenpv7duy9q7pg7zf3eg3rjlfy46gmgkqjfwvromfjjktmbey8meqk9zkcmgvkv4s9ll5ctozme1hf15w7xo6zsylqcr0nbx9jbf10umzok';
    expect(ff1EncryptString(key, NO_TWEAK, 36, pt)).toBe(ct);
    expect(ff1DecryptString(key, NO_TWEAK, 36, ct)).toBe(pt);
  });

  // zcash-test-vectors ff1.py: 88 bits, least significant bit of each byte first.
  const bits = (h: string): number[] =>
    [...hex(h)].flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> i) & 1));
  const longTweak = Uint8Array.from({ length: 255 }, (_, i) => i);
  it.each([
    ['no tweak, zero input', NO_TWEAK, '0000000000000000000000', '90acee3f83cde7ae5622f3'],
    ['no tweak', NO_TWEAK, '90acee3f83cde7ae5622f3', '5b8bf120f39bab8527ea1b'],
    ['no tweak, alternating bits', NO_TWEAK, 'aaaaaaaaaaaaaaaaaaaaaa', 'f082b7ee8f29c07691ce64'],
    ['255-byte tweak', longTweak, 'aaaaaaaaaaaaaaaaaaaaaa', 'be11b886a8059c27517bc5'],
  ])('radix 2, 88 numerals, %s (zcash)', (_name, tweak, pt, ct) => {
    expect(ff1Encrypt(key, tweak, 2, bits(pt))).toEqual(bits(ct));
    expect(ff1Decrypt(key, tweak, 2, bits(ct))).toEqual(bits(pt));
  });
});

describe('FF1: properties', () => {
  /** Smallest length with radix^length ≥ 10^6. */
  const minLength = (radix: number): number => {
    let n = 0;
    for (let domain = 1; domain < 1_000_000; domain *= radix) n++;
    return Math.max(2, n);
  };
  const key = fc.constantFrom(16, 24, 32).chain((len) => fc.uint8Array({ minLength: len, maxLength: len }));
  const tweak = fc.uint8Array({ minLength: 0, maxLength: 32 });
  const input = fc
    .integer({ min: 2, max: 36 })
    .chain((radix) =>
      fc.tuple(
        fc.constant(radix),
        fc.array(fc.integer({ min: 0, max: radix - 1 }), { minLength: minLength(radix), maxLength: 64 }),
      ),
    );

  it('decrypt(encrypt(x)) = x, and the ciphertext has the same length and radix', () => {
    fc.assert(
      fc.property(key, tweak, input, (k, t, [radix, x]) => {
        const cipher = createFf1(k);
        const y = cipher.encrypt(t, radix, x);
        expect(y).toHaveLength(x.length);
        for (const d of y) expect(Number.isInteger(d) && d >= 0 && d < radix).toBe(true);
        expect(cipher.decrypt(t, radix, y)).toEqual(x);
        expect(ff1Decrypt(k, t, radix, y)).toEqual(x);
      }),
      { numRuns: 500 },
    );
  });

  it('matches a literal implementation of the standard (both arithmetic paths, S extension, tweaks)', () => {
    const radix = fc.oneof(
      fc.integer({ min: 2, max: 36 }),
      fc.constantFrom(100, 255, 256, 1000, 4096, 65535, 65536),
    );
    const anyInput = radix.chain((r) =>
      fc.tuple(
        fc.constant(r),
        fc.array(fc.integer({ min: 0, max: r - 1 }), { minLength: minLength(r), maxLength: 80 }),
      ),
    );
    fc.assert(
      fc.property(key, fc.array(tweak, { minLength: 1, maxLength: 3 }), anyInput, (k, tweaks, [r, x]) => {
        // One cipher across several tweaks also exercises its cache of the per-tweak MAC prefix.
        const cipher = createFf1(k);
        for (const t of [...tweaks, ...tweaks]) {
          const y = cipher.encrypt(t, r, x);
          expect(y).toEqual(referenceFf1(false, Buffer.from(k), t, r, x));
          expect(cipher.decrypt(t, r, y)).toEqual(x);
          expect(referenceFf1(true, Buffer.from(k), t, r, y)).toEqual(x);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with the literal implementation around the 2^45 and 2^52 switches of arithmetic', () => {
    const k = randomBytes(16);
    const cipher = createFf1(k);
    // radix^v (v = ⌈n/2⌉) just below and above 2^45 and 2^52.
    for (const [radix, n] of [
      [1024, 8],
      [1024, 9],
      [181, 12],
      [182, 12],
      [2, 90],
      [2, 91],
      [65536, 4],
      [65536, 6],
      [2, 104],
      [2, 105],
      [16, 26],
      [16, 27],
      [36, 20],
      [36, 21],
      [10, 30],
      [10, 31],
    ] as const) {
      const x = Array.from({ length: n }, (_, i) => (i * 7919 + radix - 1) % radix);
      const y = cipher.encrypt(NO_TWEAK, radix, x);
      expect(y).toEqual(referenceFf1(false, k, NO_TWEAK, radix, x));
      expect(cipher.decrypt(NO_TWEAK, radix, y)).toEqual(x);
    }
  });

  it('a different tweak gives a different ciphertext; a wrong key a different plaintext', () => {
    const k = randomBytes(32);
    const x = '4111111111111111';
    const a = ff1EncryptString(k, Buffer.from('tenant-a'), 10, x);
    const b = ff1EncryptString(k, Buffer.from('tenant-b'), 10, x);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^\d{16}$/);
    expect(ff1DecryptString(k, Buffer.from('tenant-a'), 10, a)).toBe(x);
    expect(ff1DecryptString(randomBytes(32), Buffer.from('tenant-a'), 10, a)).not.toBe(x);
    expect(ff1DecryptString(k, Buffer.from('tenant-b'), 10, a)).not.toBe(x);
  });

  it('does not keep a reference to a tweak the caller later changes', () => {
    const k = randomBytes(16);
    const cipher = createFf1(k);
    const t = Buffer.from('abc');
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0];
    const first = cipher.encrypt(t, 10, x);
    t[0] = 0x7a;
    expect(cipher.encrypt(t, 10, x)).toEqual(referenceFf1(false, k, t, 10, x));
    expect(cipher.encrypt(Buffer.from('abc'), 10, x)).toEqual(first);
  });

  it('handles the largest radix and the longest input', () => {
    const k = randomBytes(24);
    const big = Array.from({ length: 10_000 }, (_, i) => (i * 31) % 10);
    expect(ff1Decrypt(k, NO_TWEAK, 10, ff1Encrypt(k, NO_TWEAK, 10, big))).toEqual(big);
    const wide = [65535, 0, 12345, 65535];
    expect(ff1Decrypt(k, NO_TWEAK, 65536, ff1Encrypt(k, NO_TWEAK, 65536, wide))).toEqual(wide);
  });
});

describe('FF1: domain size', () => {
  const k = randomBytes(16);

  it('refuses fewer than 1,000,000 values unless allowSmallDomain is set', () => {
    const e = thrown(() => ff1EncryptString(k, NO_TWEAK, 10, '12345'));
    expect(e.message).toMatch(/1,000,000/);
    expect(e.message).toMatch(/allowSmallDomain/);
    thrown(() => ff1DecryptString(k, NO_TWEAK, 10, '12345'));
    const y = ff1EncryptString(k, NO_TWEAK, 10, '12345', { allowSmallDomain: true });
    expect(y).toMatch(/^\d{5}$/);
    expect(ff1DecryptString(k, NO_TWEAK, 10, y, { allowSmallDomain: true })).toBe('12345');
    // Exactly 10^6 values is enough; 1000^2 too (no floating-point logarithm at the boundary).
    expect(ff1EncryptString(k, NO_TWEAK, 10, '123456')).toHaveLength(6);
    expect(ff1Encrypt(k, NO_TWEAK, 1000, [999, 0])).toHaveLength(2);
  });

  it('refuses fewer than 100 values even with allowSmallDomain (the SP 800-38G floor)', () => {
    thrown(() => ff1Encrypt(k, NO_TWEAK, 2, [0, 1, 0, 1, 0, 1], { allowSmallDomain: true }));
    expect(ff1Encrypt(k, NO_TWEAK, 10, [4, 2], { allowSmallDomain: true })).toHaveLength(2);
  });
});

describe('FF1: input validation', () => {
  const k = randomBytes(16);
  const x = [1, 2, 3, 4, 5, 6, 7, 8];

  it.each<[string, () => unknown, RegExp]>([
    ['a 15-byte key', () => ff1Encrypt(randomBytes(15), NO_TWEAK, 10, x), /16, 24 or 32 bytes/],
    ['a 64-byte key', () => createFf1(randomBytes(64)), /16, 24 or 32 bytes/],
    ['radix 1', () => ff1Encrypt(k, NO_TWEAK, 1, x), /radix/],
    ['radix 65537', () => ff1Encrypt(k, NO_TWEAK, 65537, x), /radix/],
    ['a fractional radix', () => ff1Encrypt(k, NO_TWEAK, 10.5, x), /radix/],
    ['a numeral equal to the radix', () => ff1Encrypt(k, NO_TWEAK, 8, x), /numeral/],
    ['a negative numeral', () => ff1Encrypt(k, NO_TWEAK, 10, [...x, -1]), /numeral/],
    ['a fractional numeral', () => ff1Encrypt(k, NO_TWEAK, 10, [...x, 1.5]), /numeral/],
    ['one numeral', () => ff1Encrypt(k, NO_TWEAK, 65536, [7]), /2 to 10,000 numerals/],
    ['10,001 numerals', () => ff1Encrypt(k, NO_TWEAK, 10, new Array<number>(10_001).fill(0)), /numerals/],
    ['a 1,025-byte tweak', () => ff1Encrypt(k, new Uint8Array(1025), 10, x), /1024 bytes/],
    ['text radix 37', () => ff1EncryptString(k, NO_TWEAK, 37, '12345678'), /2 to 36/],
    ['an upper-case letter', () => ff1EncryptString(k, NO_TWEAK, 36, 'ABCDEFGH'), /0-9 and a-z/],
    ['a separator', () => ff1DecryptString(k, NO_TWEAK, 10, '123-45-6789'), /characters 0-9 \(radix 10\)/],
  ])('refuses %s', (_name, f, message) => {
    expect(thrown(f).message).toMatch(message);
  });

  it('never quotes the key or the value in an error', () => {
    const secretKey = randomBytes(16);
    const cases = [
      () => ff1EncryptString(secretKey, NO_TWEAK, 10, '31415'),
      () => ff1EncryptString(secretKey, NO_TWEAK, 10, '31415-92653'),
      () => ff1EncryptString(secretKey, NO_TWEAK, 8, '3141592653'),
      () => ff1Encrypt(secretKey.subarray(0, 15), NO_TWEAK, 10, [3, 1, 4, 1, 5, 9, 2, 6]),
    ];
    for (const f of cases) {
      const { message } = thrown(f);
      expect(message).not.toMatch(/31415|3141592653|314159/);
      expect(message.toLowerCase()).not.toContain(secretKey.toString('hex'));
      expect(message.toLowerCase()).not.toContain(secretKey.subarray(0, 15).toString('hex'));
    }
  });
});
