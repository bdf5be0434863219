import { describe, expect, it } from 'vitest';
import { parseProtectionPolicy } from '../../src/policy/protection-policy.js';

describe('protection policies', () => {
  it('maps each entity to its operator, with options, and redacts the rest by default', () => {
    const p = parseProtectionPolicy(
      [
        'version: 1',
        'threshold: 0.6',
        'entities:',
        '  PERSON: tokenize',
        '  CREDIT_CARD: { operator: mask, keepLast: 4, char: "#" }',
        '  US_SSN: { operator: fpe, allowSmallDomain: false }',
        '  PHONE_NUMBER: { operator: synthesize, locale: de }',
      ].join('\n'),
      'p.yaml',
    );
    expect(p.threshold).toBe(0.6);
    expect(p.operatorFor('PERSON')).toEqual({ type: 'tokenize' });
    expect(p.operatorFor('CREDIT_CARD')).toEqual({ type: 'mask', keepLast: 4, char: '#' });
    expect(p.operatorFor('PHONE_NUMBER')).toEqual({ type: 'synthesize', locale: 'de' });
    expect(p.operatorFor('IBAN_CODE')).toEqual({ type: 'redact' });
    expect(p.usesVault).toBe(true);
    expect(p.entities).toEqual(['PERSON', 'CREDIT_CARD', 'US_SSN', 'PHONE_NUMBER']);
  });

  it('honours an explicit default', () => {
    const p = parseProtectionPolicy('version: 1\ndefault: keep\nentities: { US_SSN: hash }\n', 'p.yaml');
    expect(p.operatorFor('EMAIL_ADDRESS')).toEqual({ type: 'keep' });
    expect(p.usesVault).toBe(false);
  });

  it.each([
    ['version: 2\n', /p\.yaml:1:10: version: /],
    ['entities: {}\n', /version: required key missing/],
    ['version: 1\nentities:\n  PERSON: scramble\n', /p\.yaml:3:11: entities\.PERSON/],
    ['version: 1\nentities:\n  person: redact\n', /UPPER_SNAKE_CASE/],
    ['version: 1\nentities:\n  CREDIT_CARD: { operator: mask, keepLast: -1 }\n', /entities\.CREDIT_CARD/],
    ['version: 1\nentities:\n  CREDIT_CARD: { operator: hash, keepLast: 4 }\n', /entities\.CREDIT_CARD/],
    ['version: 1\nextra: true\n', /p\.yaml:2:1: \(top level\): unknown key 'extra'/],
    ['version: 1\n  bad: [\n', /p\.yaml:\d+:\d+: invalid YAML/],
    ['- a list\n', /expected a mapping/],
  ])('rejects %j with a located one-line reason', (text, message) => {
    let err: unknown;
    try {
      parseProtectionPolicy(text, 'p.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'VG_POLICY_INVALID' });
    expect((err as Error).message).toMatch(message);
  });
});
