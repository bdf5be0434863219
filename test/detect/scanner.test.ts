import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScanner, VeilgateError, type RecognizerSpec } from '../../src/index.js';
import { resolveOverlaps } from '../../src/detect/overlap.js';

const scanner = createScanner();
const values = (text: string, findings: { start: number; end: number }[]): string[] =>
  findings.map((f) => text.slice(f.start, f.end));

describe('createScanner / scan', () => {
  it('reports entity, span, score, detector and an explanation', () => {
    const text = 'Contact jane.doe@example.com, card 4111 1111 1111 1111.';
    const findings = scanner.scan(text);
    expect(findings.map((f) => [f.entity, text.slice(f.start, f.end), f.detector])).toEqual([
      ['EMAIL_ADDRESS', 'jane.doe@example.com', 'email-address'],
      ['CREDIT_CARD', '4111 1111 1111 1111', 'credit-card'],
    ]);
    expect(findings[1]?.score).toBe(1);
    expect(findings[1]?.explanation).toMatchObject({ pattern: 'pan', validation: 'valid' });
  });

  it('does not carry the matched value in findings', () => {
    const [f] = scanner.scan('SSN 536-22-1234');
    expect(JSON.stringify(f)).not.toContain('536-22-1234');
  });

  it('raises scores with context words and says which', () => {
    const text = 'my social security number is 536221234';
    const [f] = scanner.scan(text, { entities: ['US_SSN'] });
    expect(f?.explanation.contextWords).toContain('social security number');
    expect(scanner.scan('reference 536221234', { entities: ['US_SSN'] })).toEqual([]);
  });

  it('filters by entity, detector and threshold', () => {
    const text = 'jane@example.com 4111 1111 1111 1111';
    expect(scanner.scan(text, { entities: ['CREDIT_CARD'] }).map((f) => f.entity)).toEqual(['CREDIT_CARD']);
    expect(scanner.scan(text, { detectors: ['email-address'] }).map((f) => f.entity)).toEqual([
      'EMAIL_ADDRESS',
    ]);
    expect(scanner.scan('ssn 536-22-1234', { threshold: 1, entities: ['US_SSN'] })).toHaveLength(1);
    expect(scanner.scan('id 536-22-1234', { threshold: 0.99, entities: ['US_SSN'] })).toHaveLength(0);
  });

  it('rejects unknown entity types and detectors with a typed error', () => {
    expect(() => scanner.scan('x', { entities: ['NOPE'] })).toThrow(VeilgateError);
    expect(() => scanner.scan('x', { detectors: ['nope'] })).toThrow(/unknown detector 'nope'/);
    expect(() => scanner.scan('x', { threshold: 2 })).toThrow(/between 0 and 1/);
  });

  it('maps offsets back through obfuscation', () => {
    const text = 'card ４１１１\u200B１１１１\u200B１１１１\u200B１１１１ ok';
    const [f] = scanner.scan(text);
    expect(f?.entity).toBe('CREDIT_CARD');
    expect(text.slice(f?.start, f?.end)).toBe('４１１１\u200B１１１１\u200B１１１１\u200B１１１１');
  });

  it('applies allow-lists and deny-lists', () => {
    const s = createScanner({
      allow: ['support@example.com', { pattern: '.*@example\\.org', entities: ['EMAIL_ADDRESS'] }],
      deny: [{ entity: 'PROJECT_CODENAME', values: ['Blue Falcon', 'Nightjar'] }],
    });
    const text =
      'Mail support@example.com, ops@example.org or jane@example.net about blue falcon and Nightjars.';
    expect(values(text, s.scan(text))).toEqual(['jane@example.net', 'blue falcon']);
    expect(s.entities).toContain('PROJECT_CODENAME');
  });

  it('runs custom recognizers with named validators and context', () => {
    const s = createScanner({
      custom: [
        {
          id: 'employee-id',
          entity: 'EMPLOYEE_ID',
          patterns: [{ regex: 'EMP-\\d{6}' }],
          context: ['employee'],
          score: 0.3,
        },
        {
          id: 'loyalty-card',
          entity: 'LOYALTY_CARD',
          patterns: [{ regex: '\\b\\d{8}\\b', score: 0.9 }],
          validator: 'luhn',
        },
      ],
    });
    expect(values('employee EMP-123456', s.scan('employee EMP-123456'))).toEqual(['EMP-123456']);
    expect(s.scan('code EMP-123456')).toEqual([]); // 0.3 without context
    expect(values('card 12345674', s.scan('card 12345674', { entities: ['LOYALTY_CARD'] }))).toEqual([
      '12345674',
    ]);
    expect(s.scan('card 12345675', { entities: ['LOYALTY_CARD'] })).toEqual([]); // Luhn fails
  });

  it('refuses dangerous or broken custom patterns', () => {
    const bad =
      (regex: string): (() => unknown) =>
      () =>
        createScanner({ custom: [{ id: 'x', entity: 'X', patterns: [{ regex }] }] });
    expect(bad('(a+)+$')).toThrow(/backtrack/);
    expect(bad('a*')).toThrow(/empty string/);
    expect(bad('(')).toThrow(/invalid regular expression/);
    expect(() =>
      createScanner({ custom: [{ id: 'x', entity: 'X', patterns: [{ regex: 'a' }], validator: 'nope' }] }),
    ).toThrow(/unknown validator 'nope'/);
  });

  it('refuses duplicate recognizer ids', () => {
    expect(() =>
      createScanner({ custom: [{ id: 'email-address', entity: 'X', patterns: [{ regex: 'x' }] }] }),
    ).toThrow(/two recognizers have the id 'email-address'/);
  });

  it('switches recognizers off by id or entity', () => {
    const s = createScanner({ disabled: ['CREDIT_CARD', 'email-address'] });
    expect(s.scan('jane@example.com 4111 1111 1111 1111')).toEqual([]);
  });

  it('never throws and returns sorted, disjoint, in-bounds findings on any input (property)', () => {
    const chunk = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom(
        '4111 1111 1111 1111',
        'jane@example.com',
        '536-22-1234',
        '+44 7700 900123',
        '\u200B',
        '１２３',
        ' ',
        '\n',
      ),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        const findings = scanner.scan(text);
        let last = 0;
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(last);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(f.score).toBeGreaterThanOrEqual(0.5);
          last = f.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('resolveOverlaps', () => {
  const span = (entity: string, start: number, end: number, score: number) => ({
    entity,
    detector: entity.toLowerCase(),
    start,
    end,
    score,
  });

  it('prefers the higher score, then the longer span, then the earlier start', () => {
    expect(resolveOverlaps([span('A', 0, 5, 0.5), span('B', 2, 4, 0.9)]).map((s) => s.entity)).toEqual(['B']);
    expect(resolveOverlaps([span('A', 0, 5, 0.9), span('B', 2, 9, 0.9)]).map((s) => s.entity)).toEqual(['B']);
    expect(resolveOverlaps([span('B', 3, 6, 0.9), span('A', 0, 3, 0.9)]).map((s) => s.entity)).toEqual([
      'A',
      'B',
    ]);
  });

  it('is independent of input order (property)', () => {
    const arb = fc.array(
      fc.record({
        entity: fc.constantFrom('A', 'B', 'C'),
        start: fc.integer({ min: 0, max: 50 }),
        len: fc.integer({ min: 1, max: 10 }),
        score: fc.constantFrom(0.5, 0.7, 0.9),
      }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, fc.integer(), (raw, seed) => {
        const spans = raw.map((r) => span(r.entity, r.start, r.start + r.len, r.score));
        const shuffled = [...spans].sort((a, b) => ((a.start * 31 + seed) % 7) - ((b.start * 31 + seed) % 7));
        const a = resolveOverlaps(spans);
        expect(resolveOverlaps(shuffled)).toEqual(a);
        for (let i = 1; i < a.length; i++)
          expect((a[i] as { start: number }).start).toBeGreaterThanOrEqual((a[i - 1] as { end: number }).end);
      }),
    );
  });
});

describe('recognizer specs', () => {
  it('can be supplied instead of the registry', () => {
    const only: RecognizerSpec = Object.freeze({
      id: 'ticket',
      entity: 'TICKET',
      version: '1',
      description: 'test',
      patterns: [{ name: 't', regex: /TCK-\d+/g, score: 0.8 }],
    });
    const s = createScanner({ recognizers: [only] });
    expect(s.entities).toEqual(['TICKET']);
    expect(s.scan('see TCK-42 and jane@example.com').map((f) => f.entity)).toEqual(['TICKET']);
  });
});

describe('disabled', () => {
  it('rejects names that match no recognizer', () => {
    expect(() => createScanner({ disabled: ['NOT_A_THING'] })).toThrow(
      /no recognizer has the id or entity 'NOT_A_THING'/,
    );
  });
});

describe('resolveOverlaps tie-break', () => {
  it('prefers a checksum-validated span when score and length tie', () => {
    const a = { entity: 'PHONE_NUMBER', detector: 'phone', start: 0, end: 12, score: 0.8 };
    const b = { entity: 'UK_NHS_NUMBER', detector: 'nhs', start: 0, end: 12, score: 0.8, checksum: true };
    expect(resolveOverlaps([a, b]).map((s) => s.entity)).toEqual(['UK_NHS_NUMBER']);
    expect(resolveOverlaps([b, a]).map((s) => s.entity)).toEqual(['UK_NHS_NUMBER']);
  });
});

describe('language', () => {
  it('skips recognizers written for other languages and keeps language-independent ones', () => {
    const s = createScanner({
      custom: [
        {
          id: 'kundennummer',
          entity: 'CUSTOMER_ID',
          patterns: [{ regex: 'KD-\\d{6}', score: 0.9 }],
          languages: ['de'],
        },
      ],
    });
    const text = 'KD-123456 jane@example.com';
    expect(s.scan(text, { language: 'de' }).map((f) => f.entity)).toEqual(['CUSTOMER_ID', 'EMAIL_ADDRESS']);
    expect(s.scan(text, { language: 'en' }).map((f) => f.entity)).toEqual(['EMAIL_ADDRESS']);
    expect(s.scan(text).map((f) => f.entity)).toEqual(['CUSTOMER_ID', 'EMAIL_ADDRESS']);
    expect(() => s.scan(text, { language: 'english' })).toThrow(/ISO 639-1/);
  });
});

describe('character references', () => {
  it('does not report the digits of an HTML numeric character reference', () => {
    const text = 'need their workout plan &#128525; license &#128557;&#128514; call me 415-555-0199';
    expect(scanner.scan(text).map((f) => text.slice(f.start, f.end))).toEqual(['415-555-0199']);
  });
});

describe('field labels', () => {
  it('does not report the label of a pattern match as an organisation or a name', () => {
    const s = createScanner();
    const text = 'SSN 536-22-1234 for Jane Roe; NHS: 943 476 5919.';
    const found = s.scan(text).map((f) => [f.entity, text.slice(f.start, f.end)]);
    expect(found).toContainEqual(['US_SSN', '536-22-1234']);
    expect(found).toContainEqual(['UK_NHS_NUMBER', '943 476 5919']);
    expect(found.filter(([, v]) => v === 'SSN' || v === 'NHS')).toEqual([]);
    // Not a label when no pattern match follows it.
    expect(s.scan('He works for the NHS in Leeds.').map((f) => f.entity)).toContain('ORGANIZATION');
  });
});
