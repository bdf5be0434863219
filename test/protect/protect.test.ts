import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createScanner } from '../../src/index.js';
import { digitsOf, luhnValid } from '../../src/detect/validators/checksums.js';
import { createDeterministicCipher, decryptValue } from '../../src/protect/encrypt.js';
import {
  fpeDecrypt,
  protectText,
  type AppliedProtection,
  type OperatorSpec,
} from '../../src/protect/protect.js';

const keys = {
  hash: randomBytes(32),
  encrypt: randomBytes(32),
  deterministic: randomBytes(32),
  fpe: randomBytes(32),
  synthesize: randomBytes(32),
};
const scanner = createScanner();
const text = 'Patient Jane Roe, SSN 536-22-1234, card 4111 1111 1111 1111, mail jane.roe@example.org.';
const findings = scanner.scan(text, { entities: ['US_SSN', 'CREDIT_CARD', 'EMAIL_ADDRESS'] });

const policyOf =
  (map: Record<string, OperatorSpec>) =>
  (entity: string): OperatorSpec =>
    map[entity] ?? { type: 'keep' };

describe('protectText', () => {
  it('replaces each finding with its operator and reports where the replacements are', () => {
    const out = protectText(
      text,
      findings,
      policyOf({
        US_SSN: { type: 'redact' },
        CREDIT_CARD: { type: 'mask', keepLast: 4 },
        EMAIL_ADDRESS: { type: 'hash' },
      }),
      keys,
    );
    expect(out.text).toMatch(
      /^Patient Jane Roe, SSN \[US_SSN\], card \*\*\*\* \*\*\*\* \*\*\*\* 1111, mail \[EMAIL_ADDRESS:[0-9a-f]{32}\]\.$/,
    );
    for (const a of out.applied) expect(out.text.slice(a.start, a.end)).not.toBe('');
    expect(out.applied.map((a) => [a.entity, a.operator])).toEqual([
      ['US_SSN', 'redact'],
      ['CREDIT_CARD', 'mask'],
      ['EMAIL_ADDRESS', 'hash'],
    ]);
  });

  it('reversible operators give back the original values', () => {
    const out = protectText(
      text,
      findings,
      policyOf({
        US_SSN: { type: 'fpe' },
        CREDIT_CARD: { type: 'encrypt' },
        EMAIL_ADDRESS: { type: 'deterministic' },
      }),
      keys,
    );
    const [ssn, card, mail] = out.applied as [AppliedProtection, AppliedProtection, AppliedProtection];
    const ssnOut = out.text.slice(ssn.start, ssn.end);
    expect(ssnOut).toMatch(/^\d\d\d-\d\d-\d\d\d\d$/);
    expect(ssnOut).not.toBe('536-22-1234');
    expect(fpeDecrypt(keys.fpe, { entity: 'US_SSN', value: ssnOut })).toBe('536-22-1234');
    expect(decryptValue(keys.encrypt, out.text.slice(card.start, card.end)).value).toBe(
      '4111 1111 1111 1111',
    );
    const det = createDeterministicCipher(keys.deterministic);
    expect(det.decrypt(out.text.slice(mail.start, mail.end)).value).toBe('jane.roe@example.org');
  });

  it('refuses an operator without its key, and findings out of order', () => {
    expect(() => protectText(text, findings, () => ({ type: 'hash' }), {})).toThrow(/hash: no key/);
    expect(() => protectText(text, [...findings].reverse(), () => ({ type: 'redact' }), keys)).toThrow(
      /sorted/,
    );
  });

  it('synthesize gives the same valid fake for the same value, and differs by scope key', () => {
    const twice = `${text} Again: 4111-1111-1111-1111.`;
    const found = scanner.scan(twice, { entities: ['CREDIT_CARD'] });
    expect(found).toHaveLength(2);
    const out = protectText(twice, found, () => ({ type: 'synthesize' }), keys);
    const fakes = out.applied.map((a) => out.text.slice(a.start, a.end));
    expect(fakes[0]).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(fakes[1]).toMatch(/^\d{4}-\d{4}-\d{4}-\d{4}$/);
    expect(fakes[0]?.replace(/\D/g, '')).toBe(fakes[1]?.replace(/\D/g, ''));
    expect(fakes[0]?.replace(/\D/g, '')).not.toBe('4111111111111111');
    expect(luhnValid(digitsOf(fakes[0] ?? ''))).toBe(true);
    const other = protectText(twice, found, () => ({ type: 'synthesize' }), {
      synthesize: randomBytes(32),
    });
    expect(other.text).not.toBe(out.text);
  });

  it('tokenize takes its placeholders from the resolver, and refuses without one', () => {
    const out = protectText(text, findings, () => ({ type: 'tokenize' }), keys, {
      tokenize: (input) => `<${input.entity}_1>`,
    });
    expect(out.text).toBe('Patient Jane Roe, SSN <US_SSN_1>, card <CREDIT_CARD_1>, mail <EMAIL_ADDRESS_1>.');
    expect(() => protectText(text, findings, () => ({ type: 'tokenize' }), keys)).toThrow(/vault/);
  });
});

describe('fpe through protectText (property)', () => {
  const protectAll = (value: string, entity: string, spec: OperatorSpec) =>
    protectText(value, [{ entity, start: 0, end: value.length }], () => spec, keys);

  it('keeps the layout and round-trips digits, and letters with the alphanumeric alphabet', () => {
    const digitsWithSeparators = fc
      .array(fc.oneof(fc.constantFrom(...'0123456789'.split('')), fc.constantFrom('-', ' ', '/')), {
        minLength: 6,
        maxLength: 40,
      })
      .map((cs) => cs.join(''))
      .filter((v) => v.replace(/\D/g, '').length >= 6);
    const lowerAlnum = fc
      .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split('')), {
        minLength: 4,
        maxLength: 30,
      })
      .map((cs) => cs.join(''))
      .filter((v) => v.replace(/[^a-z0-9]/g, '').length >= 4);
    fc.assert(
      fc.property(digitsWithSeparators, (value) => {
        const out = protectAll(value, 'ACCOUNT', { type: 'fpe' });
        expect(out.text.replace(/\d/g, '#')).toBe(value.replace(/\d/g, '#'));
        expect(fpeDecrypt(keys.fpe, { entity: 'ACCOUNT', value: out.text })).toBe(value);
      }),
      { numRuns: 200 },
    );
    // The alphabet comes from the policy, not the value: a ciphertext with no letters left still
    // decrypts. Letters come back upper-case.
    fc.assert(
      fc.property(
        fc.oneof(
          lowerAlnum,
          lowerAlnum.map((v) => v.toUpperCase()),
        ),
        (value) => {
          const out = protectAll(value, 'PASSPORT', { type: 'fpe', alphabet: 'alphanumeric' });
          expect(out.text.replace(/[0-9A-Z]/g, '#')).toBe(value.replace(/[0-9a-zA-Z]/g, '#'));
          expect(out.applied[0]?.alphabet).toBe('alphanumeric');
          const back = fpeDecrypt(
            keys.fpe,
            { entity: 'PASSPORT', value: out.text },
            { alphabet: 'alphanumeric' },
          );
          expect(back).toBe(value.toUpperCase());
        },
      ),
      { numRuns: 200 },
    );
    // Digits mode leaves letters alone.
    expect(protectAll('AB-123456', 'ID', { type: 'fpe' }).text).toMatch(/^AB-\d{6}$/);
  });
});
