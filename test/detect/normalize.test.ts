import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BMP_DIGIT_ZEROS, normalizeForDetection, toOriginalSpan } from '../../src/detect/normalize.js';

describe('normalizeForDetection', () => {
  it('leaves ASCII text untouched and shares the string', () => {
    const s = 'Call 555-0143 or mail jane@example.com';
    const n = normalizeForDetection(s);
    expect(n.text).toBe(s);
    expect(n.shiftAt).toHaveLength(0);
  });

  it('maps fullwidth, other-script and mathematical digits to ASCII', () => {
    expect(normalizeForDetection('４１１１').text).toBe('4111');
    expect(normalizeForDetection('٤١١١').text).toBe('4111'); // Arabic-Indic
    expect(normalizeForDetection('४१११').text).toBe('4111'); // Devanagari
    expect(normalizeForDetection('𝟒𝟏𝟏𝟏').text).toBe('4111'); // mathematical bold, astral
    expect(normalizeForDetection('𝐀').text).toBe('𝐀'); // a mathematical letter is not a digit
  });

  it('deletes zero-width characters and soft hyphens and maps odd dashes and spaces', () => {
    expect(normalizeForDetection('41\u200B11\u00AD-22\u2060').text).toBe('4111-22');
    expect(normalizeForDetection('536\u2013221\u00A01234').text).toBe('536-221 1234');
  });

  it('agrees with Unicode on which BMP characters are decimal digits', () => {
    const zeros: number[] = [];
    for (let c = 0x80; c <= 0xffff; c++) {
      if (/\p{Nd}/u.test(String.fromCharCode(c)) && !/\p{Nd}/u.test(String.fromCharCode(c - 1)))
        zeros.push(c);
    }
    expect(BMP_DIGIT_ZEROS).toEqual(zeros);
  });

  it('maps every normalised span back to the original text (property)', () => {
    const noise = fc.constantFrom('\u200B', '\u00AD', '\u2060', '\uFEFF', '\u200D');
    const digit = fc.integer({ min: 0, max: 9 });
    const styled = fc
      .tuple(digit, fc.constantFrom('ascii', 'full', 'math', 'arabic'))
      .map(([d, style]) =>
        style === 'ascii'
          ? String(d)
          : style === 'full'
            ? String.fromCharCode(0xff10 + d)
            : style === 'math'
              ? String.fromCodePoint(0x1d7ce + d)
              : String.fromCharCode(0x0660 + d),
      );
    const piece = fc.oneof(styled, noise, fc.constantFrom('a', ' ', '-', 'é', '😀'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const original = pieces.join('');
        const n = normalizeForDetection(original);
        // Every normalised digit run maps back to an original span that contains exactly those digits.
        for (const m of n.text.matchAll(/\d+/g)) {
          const [s, e] = toOriginalSpan(n, m.index, m.index + m[0].length);
          const back = normalizeForDetection(original.slice(s, e)).text;
          expect(back).toBe(m[0]);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(e).toBeLessThanOrEqual(original.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
