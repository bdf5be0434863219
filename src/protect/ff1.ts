/**
 * FF1 format-preserving encryption (NIST SP 800-38G, Algorithms 7 and 8) with AES-128/192/256 from
 * `node:crypto`: a string of n numerals in a radix encrypts to another string of n numerals in the same
 * radix, so a 16-digit card number stays a 16-digit number.
 *
 * The algorithm is followed step by step: u = ⌊n/2⌋, v = n − u, b = ⌈⌈v·log2(radix)⌉/8⌉,
 * d = 4⌈b/4⌉ + 4, P = [1,2,1] ‖ [radix]³ ‖ [10] ‖ [u mod 256] ‖ [n]⁴ ‖ [t]⁴, ten Feistel rounds whose
 * PRF is AES-CBC-MAC (zero IV) over P ‖ Q with Q = T ‖ 0^((−t−b−1) mod 16) ‖ [i] ‖ [NUM_radix(B)]^b, and
 * S = R ‖ CIPH(R ⊕ [1]¹⁶) ‖ CIPH(R ⊕ [2]¹⁶) ‖ … cut to d bytes. b is computed exactly, as the bit length
 * of radix^v − 1 (no floating-point logarithm).
 *
 * Speed: one long-lived AES-ECB cipher per key does every block (CBC-MAC is chained by hand), so the key
 * schedule is set up once. The blocks of P ‖ Q that do not change between rounds (P, the tweak, the
 * padding) are MAC'ed once per call and the last (tweak, radix, length) is cached. The Feistel halves are
 * carried as integers between rounds (STR_radix then NUM_radix is the identity), so numerals are converted
 * only at the start and the end. Up to radix^v ≤ 2^52 (e.g. 30 decimal digits, 20 base-36 characters) the
 * halves are exact doubles and BigInt is used at most once a round; beyond that, BigInt throughout.
 *
 * Limits: radix 2..65536; 2..10,000 numerals; tweak at most 1 KiB. The domain radix^n must be at least
 * 1,000,000 (the 2025 draft of SP 800-38G Rev. 1) unless `allowSmallDomain` is set, and never below 100
 * (the floor of SP 800-38G itself). Errors are VG_PROTECT_BAD_INPUT and never quote the key or the value.
 */
import { createCipheriv, type Cipher } from 'node:crypto';
import { VeilgateError } from '../errors.js';

/** Numerals of the string helpers: radix r uses the first r characters. */
export const FF1_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
export const FF1_MIN_RADIX = 2;
export const FF1_MAX_RADIX = 65536;
export const FF1_MIN_LENGTH = 2;
/** A practical bound (the standard allows up to 2^32 − 1 numerals). */
export const FF1_MAX_LENGTH = 10_000;
/** A practical bound (the standard allows up to 2^32 − 1 bytes). */
export const FF1_MAX_TWEAK_BYTES = 1024;
/** Smallest radix^length accepted by default (SP 800-38G Rev. 1, 2025 draft). */
export const FF1_MIN_DOMAIN = 1_000_000;
/** Smallest radix^length accepted even with `allowSmallDomain` (SP 800-38G, 2016). */
export const FF1_HARD_MIN_DOMAIN = 100;

export interface Ff1Options {
  /** Accept domains with fewer than 1,000,000 values (still at least 100). Small domains can be enumerated. */
  readonly allowSmallDomain?: boolean;
}

/** FF1 for one key: the AES key schedule is set up once. */
export interface Ff1Cipher {
  encrypt(tweak: Uint8Array, radix: number, numerals: readonly number[], options?: Ff1Options): number[];
  decrypt(tweak: Uint8Array, radix: number, numerals: readonly number[], options?: Ff1Options): number[];
}

const bad = (message: string): VeilgateError => new VeilgateError('VG_PROTECT_BAD_INPUT', `ff1: ${message}`);

/**
 * How the Feistel values are held, by the size of radix^v (the larger modulus):
 * - `small` (≤ 2^45): doubles throughout; y mod radix^m byte by byte (r·256 + 255 stays below 2^53).
 * - `medium` (≤ 2^52): doubles for the halves (their sum stays below 2^53); y mod radix^m with BigInt.
 * - `big`: BigInt throughout.
 */
type Mode = 'small' | 'medium' | 'big';

/** Everything that depends on radix and length only. */
interface Geometry {
  readonly n: number;
  readonly u: number;
  readonly v: number;
  readonly b: number;
  readonly d: number;
  readonly mode: Mode;
  /** radix^u and radix^v as doubles (exact in modes small and medium). */
  readonly mu: number;
  readonly mv: number;
  readonly bigMu: bigint;
  readonly bigMv: bigint;
}

const geometries = new Map<number, Geometry>();

function geometry(radix: number, n: number): Geometry {
  const id = radix * (FF1_MAX_LENGTH + 1) + n;
  const cached = geometries.get(id);
  if (cached !== undefined) return cached;
  const u = n >> 1;
  const v = n - u;
  const bigMu = BigInt(radix) ** BigInt(u);
  const bigMv = BigInt(radix) ** BigInt(v);
  // b = ⌈⌈v·log2(radix)⌉ / 8⌉, exactly: ⌈log2(radix^v)⌉ is the bit length of radix^v − 1.
  const b = Math.ceil((bigMv - 1n).toString(2).length / 8);
  const mode: Mode = bigMv <= 2n ** 45n ? 'small' : bigMv <= 2n ** 52n ? 'medium' : 'big';
  const g: Geometry = {
    n,
    u,
    v,
    b,
    d: 4 * Math.ceil(b / 4) + 4,
    mode,
    mu: Number(bigMu),
    mv: Number(bigMv),
    bigMu,
    bigMv,
  };
  if (geometries.size >= 512) geometries.clear();
  geometries.set(id, g);
  return g;
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || (key.length !== 16 && key.length !== 24 && key.length !== 32)) {
    throw bad('the key must be 16, 24 or 32 bytes (AES-128, AES-192 or AES-256)');
  }
}

function checkRadix(radix: number, max: number): void {
  if (!Number.isInteger(radix) || radix < FF1_MIN_RADIX || radix > max) {
    throw bad(`the radix must be an integer from ${FF1_MIN_RADIX} to ${max}`);
  }
}

function checkArguments(
  tweak: Uint8Array,
  radix: number,
  numerals: readonly number[],
  options: Ff1Options | undefined,
): void {
  if (!(tweak instanceof Uint8Array)) throw bad('the tweak must be a Uint8Array');
  if (tweak.length > FF1_MAX_TWEAK_BYTES) throw bad(`the tweak must be at most ${FF1_MAX_TWEAK_BYTES} bytes`);
  checkRadix(radix, FF1_MAX_RADIX);
  if (!Array.isArray(numerals)) throw bad('the input must be an array of numerals');
  const n = numerals.length;
  if (n < FF1_MIN_LENGTH || n > FF1_MAX_LENGTH) {
    throw bad(`the input must have ${FF1_MIN_LENGTH} to ${FF1_MAX_LENGTH.toLocaleString('en-US')} numerals`);
  }
  for (let k = 0; k < n; k++) {
    const x = numerals[k];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= radix) {
      throw bad(`every numeral must be an integer from 0 to ${radix - 1} (radix ${radix})`);
    }
  }
  // radix^n, exactly, capped just above the largest threshold.
  let domain = 1;
  for (let k = 0; k < n && domain < FF1_MIN_DOMAIN; k++) domain *= radix;
  if (domain < FF1_HARD_MIN_DOMAIN) {
    throw bad(
      `the domain ${radix}^${n} has fewer than ${FF1_HARD_MIN_DOMAIN} values, below the SP 800-38G minimum; use longer values`,
    );
  }
  if (domain < FF1_MIN_DOMAIN && options?.allowSmallDomain !== true) {
    throw bad(
      `the domain ${radix}^${n} has fewer than 1,000,000 values (SP 800-38G Rev. 1 minimum) and can be enumerated; use longer values, or pass allowSmallDomain: true to accept it`,
    );
  }
}

/** Digits per chunk so that radix^k ≤ 2^53, for BigInt conversions. */
function chunkDigits(radix: number): { k: number; pow: number } {
  let k = 0;
  let pow = 1;
  while (pow * radix <= 2 ** 53) {
    pow *= radix;
    k++;
  }
  return { k, pow };
}

/** NUM_radix(X[start..end)) as a BigInt, a chunk of exact doubles at a time. */
function numBig(x: readonly number[], start: number, end: number, radix: number): bigint {
  const { k } = chunkDigits(radix);
  let acc = 0n;
  for (let at = start; at < end; at += k) {
    const stop = Math.min(end, at + k);
    let chunk = 0;
    let pow = 1;
    for (let j = at; j < stop; j++) {
      chunk = chunk * radix + (x[j] as number);
      pow *= radix;
    }
    acc = acc * BigInt(pow) + BigInt(chunk);
  }
  return acc;
}

/** STR^m_radix(value) written into out[at..at+m). */
function strBig(value: bigint, radix: number, m: number, out: number[], at: number): void {
  const { k, pow } = chunkDigits(radix);
  const bigPow = BigInt(pow);
  let rest = value;
  let j = at + m;
  while (j > at) {
    let chunk = Number(rest % bigPow);
    rest /= bigPow;
    for (let c = 0; c < k && j > at; c++) {
      const next = Math.floor(chunk / radix);
      out[--j] = chunk - next * radix;
      chunk = next;
    }
  }
}

/** NUM_radix(X[start..end)) as an exact double (caller guarantees radix^(end−start) ≤ 2^53). */
function numFast(x: readonly number[], start: number, end: number, radix: number): number {
  let acc = 0;
  for (let j = start; j < end; j++) acc = acc * radix + (x[j] as number);
  return acc;
}

function strFast(value: number, radix: number, m: number, out: number[], at: number): void {
  let rest = value;
  for (let j = at + m - 1; j >= at; j--) {
    const next = Math.floor(rest / radix);
    out[j] = rest - next * radix;
    rest = next;
  }
}

/**
 * x mod m for integers 0 ≤ x < 256·m ≤ 2^53 without `%` on doubles (a slow fmod call in V8): the rounded
 * quotient ⌊x / m⌋ is exact or off by one, q·m ≤ 2^53 is exact, and the two checks correct the off-by-one.
 */
function modFast(x: number, m: number): number {
  const r = x - Math.floor(x / m) * m;
  return r < 0 ? r + m : r >= m ? r - m : r;
}

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

/** P ‖ Q for one call, with the CBC-MAC state after its constant leading blocks. */
interface Frame {
  readonly radix: number;
  readonly n: number;
  readonly tweak: Uint8Array;
  /** P ‖ Q; bytes iAt (round number) and iAt+1.. iAt+b (NUM_radix(B)) are rewritten every round. */
  readonly pq: Buffer;
  readonly iAt: number;
  /** First byte of the blocks that change between rounds. */
  readonly tailAt: number;
  /** CBC-MAC state after pq[0..tailAt). */
  readonly state: Buffer;
}

export function createFf1(key: Uint8Array): Ff1Cipher {
  checkKey(key);
  const ecb: Cipher = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  ecb.setAutoPadding(false);
  const block = Buffer.alloc(16);
  let last: Frame | undefined;

  /** CBC-MAC continuation: state ← CIPH(state ⊕ data[at..at+16)) for each block up to `end`. */
  const mac = (state: Buffer, data: Buffer, at: number, end: number): Buffer => {
    let s = state;
    for (let o = at; o < end; o += 16) {
      for (let j = 0; j < 16; j++) block[j] = (s[j] as number) ^ (data[o + j] as number);
      s = ecb.update(block);
    }
    return s;
  };

  const frame = (tweak: Uint8Array, radix: number, g: Geometry): Frame => {
    const t = tweak.length;
    if (last !== undefined && last.radix === radix && last.n === g.n && sameBytes(last.tweak, tweak))
      return last;
    const pad = (((-t - g.b - 1) % 16) + 16) % 16;
    const pq = Buffer.alloc(16 + t + pad + 1 + g.b);
    pq[0] = 1;
    pq[1] = 2;
    pq[2] = 1;
    pq.writeUIntBE(radix, 3, 3);
    pq[6] = 10;
    pq[7] = g.u & 0xff;
    pq.writeUInt32BE(g.n, 8);
    pq.writeUInt32BE(t, 12);
    pq.set(tweak, 16);
    const iAt = 16 + t + pad;
    const tailAt = iAt - (iAt % 16);
    last = {
      radix,
      n: g.n,
      tweak: Uint8Array.from(tweak),
      pq,
      iAt,
      tailAt,
      state: mac(Buffer.alloc(16), pq, 0, tailAt),
    };
    return last;
  };

  /** S of round i, given P ‖ Q already holds NUM_radix(B). Returns a buffer of at least d bytes. */
  const roundS = (f: Frame, i: number, d: number): Buffer => {
    f.pq[f.iAt] = i;
    const r = mac(f.state, f.pq, f.tailAt, f.pq.length);
    if (d <= 16) return r;
    const extra = Math.ceil(d / 16) - 1;
    const xs = Buffer.allocUnsafe(extra * 16);
    for (let j = 1; j <= extra; j++) {
      const o = (j - 1) * 16;
      r.copy(xs, o);
      xs.writeUInt32BE((r.readUInt32BE(12) ^ j) >>> 0, o + 12);
    }
    return Buffer.concat([r, ecb.update(xs)]);
  };

  const run = (
    decrypt: boolean,
    tweak: Uint8Array,
    radix: number,
    x: readonly number[],
    options: Ff1Options | undefined,
  ): number[] => {
    checkArguments(tweak, radix, x, options);
    const n = x.length;
    const g = geometry(radix, n);
    const f = frame(tweak, radix, g);
    const { u, b, d } = g;
    const numAt = f.iAt + 1;
    const out = new Array<number>(n);

    if (g.mode !== 'big') {
      // Doubles: every value is below radix^v ≤ 2^52, so b ≤ 7 and d ∈ {8, 12}.
      const small = g.mode === 'small';
      let a = numFast(x, 0, u, radix);
      let bb = numFast(x, u, n, radix);
      for (let step = 0; step < 10; step++) {
        const i = decrypt ? 9 - step : step;
        // Q carries NUM(B) when encrypting and NUM(A) when decrypting.
        const q = decrypt ? a : bb;
        // Big-endian b bytes of q < 2^52, from two integer halves (no floating-point modulo).
        const hi = Math.floor(q / 0x1000000);
        const lo = q - hi * 0x1000000;
        for (let e = 0; e < b; e++) {
          f.pq[numAt + b - 1 - e] = e < 3 ? (lo >>> (8 * e)) & 255 : (hi >>> (8 * (e - 3))) & 255;
        }
        const s = roundS(f, i, d);
        const even = i % 2 === 0;
        const m = even ? g.mu : g.mv;
        let y = 0;
        if (small) {
          for (let j = 0; j < d; j++) y = modFast(y * 256 + (s[j] as number), m);
        } else {
          let big = s.readBigUInt64BE(0);
          if (d === 12) big = (big << 32n) | BigInt(s.readUInt32BE(8));
          y = Number(big % (even ? g.bigMu : g.bigMv));
        }
        if (decrypt) {
          let c = bb - y;
          if (c < 0) c += m;
          bb = a;
          a = c;
        } else {
          let c = a + y;
          if (c >= m) c -= m;
          a = bb;
          bb = c;
        }
      }
      strFast(a, radix, u, out, 0);
      strFast(bb, radix, n - u, out, u);
      return out;
    }

    let a = numBig(x, 0, u, radix);
    let bb = numBig(x, u, n, radix);
    for (let step = 0; step < 10; step++) {
      const i = decrypt ? 9 - step : step;
      const q = decrypt ? a : bb;
      f.pq.write(q.toString(16).padStart(2 * b, '0'), numAt, b, 'hex');
      const s = roundS(f, i, d);
      const m = i % 2 === 0 ? g.bigMu : g.bigMv;
      const y = BigInt(`0x${s.toString('hex', 0, d)}`) % m;
      // Both operands are below m, so one correction replaces the general modulo.
      if (decrypt) {
        const c = bb >= y ? bb - y : bb - y + m;
        bb = a;
        a = c;
      } else {
        const c = a + y;
        a = bb;
        bb = c >= m ? c - m : c;
      }
    }
    strBig(a, radix, u, out, 0);
    strBig(bb, radix, n - u, out, u);
    return out;
  };

  return {
    encrypt: (tweak, radix, numerals, options) => run(false, tweak, radix, numerals, options),
    decrypt: (tweak, radix, numerals, options) => run(true, tweak, radix, numerals, options),
  };
}

export function ff1Encrypt(
  key: Uint8Array,
  tweak: Uint8Array,
  radix: number,
  numerals: readonly number[],
  options?: Ff1Options,
): number[] {
  return createFf1(key).encrypt(tweak, radix, numerals, options);
}

export function ff1Decrypt(
  key: Uint8Array,
  tweak: Uint8Array,
  radix: number,
  numerals: readonly number[],
  options?: Ff1Options,
): number[] {
  return createFf1(key).decrypt(tweak, radix, numerals, options);
}

/** The numerals of `text` over FF1_ALPHABET.slice(0, radix). */
function textToNumerals(text: string, radix: number): number[] {
  if (typeof text !== 'string') throw bad('the text must be a string');
  checkRadix(radix, FF1_ALPHABET.length);
  const out = new Array<number>(text.length);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    const x = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
    if (x < 0 || x >= radix) {
      const range = radix <= 10 ? `0-${radix - 1}` : `0-9 and a-${FF1_ALPHABET[radix - 1] as string}`;
      throw bad(`the text must use only the characters ${range} (radix ${radix})`);
    }
    out[k] = x;
  }
  return out;
}

const numeralsToText = (x: readonly number[]): string => {
  let s = '';
  for (const d of x) s += FF1_ALPHABET[d] as string;
  return s;
};

/** FF1 over the characters FF1_ALPHABET.slice(0, radix) (radix 2..36, lower-case letters). */
export function ff1EncryptString(
  key: Uint8Array,
  tweak: Uint8Array,
  radix: number,
  text: string,
  options?: Ff1Options,
): string {
  checkKey(key);
  return numeralsToText(ff1Encrypt(key, tweak, radix, textToNumerals(text, radix), options));
}

export function ff1DecryptString(
  key: Uint8Array,
  tweak: Uint8Array,
  radix: number,
  text: string,
  options?: Ff1Options,
): string {
  checkKey(key);
  return numeralsToText(ff1Decrypt(key, tweak, radix, textToNumerals(text, radix), options));
}
