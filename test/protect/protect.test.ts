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
