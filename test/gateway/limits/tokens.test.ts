import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../src/gateway/limits/tokens.js';

describe('estimateTokens', () => {
  it('charges about four characters per token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('The patient was seen on Monday.')).toBe(8); // 31 characters
  });

  it('charges one token per Han, kana or Hangul character', () => {
    expect(estimateTokens('患者は月曜日に診察を受けた')).toBe(13);
    expect(estimateTokens('患者')).toBe(2);
    expect(estimateTokens('환자')).toBe(2);
    expect(estimateTokens('カルテ')).toBe(3);
    expect(estimateTokens('𠀋')).toBe(1); // Han outside the BMP: one character, not two halves
    expect(estimateTokens('Dr. 山田')).toBe(2 + 1); // "Dr. " is four characters, then two Han
  });

  it('counts code points, so an emoji is one character', () => {
    expect(estimateTokens('🙂🙂🙂🙂')).toBe(1);
    expect(estimateTokens('é')).toBe(1);
  });

  it('is at least a quarter of the characters and never more than one per character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const chars = [...text].length;
        const tokens = estimateTokens(text);
        expect(Number.isInteger(tokens)).toBe(true);
        expect(tokens).toBeGreaterThanOrEqual(Math.ceil(chars / 4));
        expect(tokens).toBeLessThanOrEqual(chars);
      }),
    );
  });

  it('never charges less for a longer text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 100 }),
        fc.string({ unit: 'binary', maxLength: 100 }),
        (a, b) => {
          expect(estimateTokens(a + b)).toBeGreaterThanOrEqual(estimateTokens(a));
          expect(estimateTokens(a + b)).toBeLessThanOrEqual(estimateTokens(a) + estimateTokens(b));
        },
      ),
    );
  });
});
