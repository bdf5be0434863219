import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VeilgateError } from '../../src/errors.js';
import { createDeterministicCipher, decryptValue, encryptValue } from '../../src/protect/encrypt.js';
import { hashValue } from '../../src/protect/hash.js';
import { mask } from '../../src/protect/mask.js';
import { redact } from '../../src/protect/redact.js';

const key = randomBytes(32);
const entity = fc.constantFrom('CREDIT_CARD', 'EMAIL_ADDRESS', 'PERSON', 'US_SSN');
const value = fc.string({ unit: 'grapheme', minLength: 0, maxLength: 80 });

function expectDecryptError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(VeilgateError);
    expect((e as VeilgateError).code).toBe('VG_PROTECT_DECRYPT');
    expect((e as VeilgateError).message).toBe('the protected value could not be decrypted');
    return;
  }
  throw new Error('expected a decryption error');
}

/** Flip one bit of the base64url payload's bytes and re-encode. */
function tamper(token: string, at: number): string {
  const parts = token.split('.');
  const payload = Buffer.from(parts[3] as string, 'base64url');
  const i = at % payload.length;
  payload[i] = (payload[i] as number) ^ 1;
  return [...parts.slice(0, 3), payload.toString('base64url')].join('.');
}

describe('redact and mask', () => {
  it('redact names only the type', () => {
    expect(redact({ entity: 'EMAIL_ADDRESS', value: 'jane@example.com' })).toBe('[EMAIL_ADDRESS]');
  });

  it('mask keeps separators and the requested ends, and never reveals most of a short value', () => {
    expect(mask({ entity: 'CREDIT_CARD', value: '4111 1111 1111 1234' })).toBe('**** **** **** 1234');
    expect(mask({ entity: 'US_SSN', value: '536-22-1234' }, { keepLast: 4, char: '#' })).toBe('###-##-1234');
    expect(mask({ entity: 'PERSON', value: 'Ann' }, { keepFirst: 1, keepLast: 1 })).toBe('***');
    expect(() => mask({ entity: 'X', value: 'abc' }, { keepLast: -1 })).toThrow(/mask.keepLast/);
  });
});

describe('hash', () => {
  it('is keyed, bound to the entity type, and stable', () => {
    const a = hashValue(key, { entity: 'US_SSN', value: '536-22-1234' });
    expect(a).toMatch(/^\[US_SSN:[0-9a-f]{32}\]$/);
    expect(hashValue(key, { entity: 'US_SSN', value: '536-22-1234' })).toBe(a);
    expect(hashValue(randomBytes(32), { entity: 'US_SSN', value: '536-22-1234' })).not.toBe(a);
    expect(hashValue(key, { entity: 'PHONE_NUMBER', value: '536-22-1234' }).slice(-33)).not.toBe(
      a.slice(-33),
    );
    expect(() => hashValue(randomBytes(8), { entity: 'US_SSN', value: 'x' })).toThrow(VeilgateError);
  });
});

describe('encrypt (AES-256-GCM)', () => {
  it('round-trips any value and is randomised (property)', () => {
    fc.assert(
      fc.property(entity, value, (e, v) => {
        const t1 = encryptValue(key, { entity: e, value: v });
        const t2 = encryptValue(key, { entity: e, value: v });
        expect(t1).not.toBe(t2);
        expect(decryptValue(key, t1)).toEqual({ entity: e, value: v });
      }),
    );
  });

  it('fails loudly on any tampering, another key, or another entity (property)', () => {
    fc.assert(
      fc.property(entity, value, fc.nat(), (e, v, at) => {
        const token = encryptValue(key, { entity: e, value: v });
        expectDecryptError(() => decryptValue(key, tamper(token, at)));
        expectDecryptError(() => decryptValue(randomBytes(32), token));
        expectDecryptError(() => decryptValue(key, token.replace(`.${e}.`, '.OTHER_TYPE.')));
      }),
      { numRuns: 100 },
    );
    expectDecryptError(() => decryptValue(key, 'enc.v1.PERSON.short'));
    expectDecryptError(() => decryptValue(key, 'not a token'));
  });
});

describe('deterministic encryption (HMAC-SIV)', () => {
  const det = createDeterministicCipher(key);

  it('round-trips, and equal values give equal tokens only under the same key and entity (property)', () => {
    fc.assert(
      fc.property(entity, value, (e, v) => {
        const token = det.encrypt({ entity: e, value: v });
        expect(det.encrypt({ entity: e, value: v })).toBe(token);
        expect(det.decrypt(token)).toEqual({ entity: e, value: v });
        expect(createDeterministicCipher(randomBytes(32)).encrypt({ entity: e, value: v })).not.toBe(token);
      }),
    );
    expect(det.encrypt({ entity: 'US_SSN', value: '1' })).not.toBe(
      det.encrypt({ entity: 'PERSON', value: '1' }),
    );
  });

  it('detects any tampering and foreign keys (property)', () => {
    fc.assert(
      fc.property(entity, value, fc.nat(), (e, v, at) => {
        const token = det.encrypt({ entity: e, value: v });
        expectDecryptError(() => det.decrypt(tamper(token, at)));
        expectDecryptError(() => createDeterministicCipher(randomBytes(32)).decrypt(token));
        expectDecryptError(() => det.decrypt(token.replace(`.${e}.`, '.OTHER_TYPE.')));
      }),
      { numRuns: 100 },
    );
  });

  it('is the documented construction: IV = HMAC-SHA-256(HKDF mac key, …)[0..16], body = AES-256-CTR', () => {
    const macKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'veilgate/det/mac/v1', 32));
    const encKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'veilgate/det/enc/v1', 32));
    fc.assert(
      fc.property(entity, value, (e, v) => {
        const plain = Buffer.from(v, 'utf8');
        const iv = createHmac('sha256', macKey)
          .update(`det.v1.${e}\0`)
          .update(plain)
          .digest()
          .subarray(0, 16);
        const c = createCipheriv('aes-256-ctr', encKey, iv);
        const body = Buffer.concat([c.update(plain), c.final()]);
        expect(det.encrypt({ entity: e, value: v })).toBe(
          `det.v1.${e}.${Buffer.concat([iv, body]).toString('base64url')}`,
        );
      }),
    );
  });

  it('never puts the key or the value in an error', () => {
    try {
      createDeterministicCipher(Buffer.from('short'));
    } catch (e) {
      expect((e as Error).message).not.toContain('short');
    }
  });
});
