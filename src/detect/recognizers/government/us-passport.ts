import type { RecognizerSpec, ValidationResult } from '../../types.js';

/**
 * US passport book numbers: nine digits (books issued before 2021) or one letter and eight digits (the
 * Next Generation Passport, issued since 2021). There is no check digit and the shape is shared by countless
 * other numbers, so a value is reported only next to the word "passport".
 */
export function validateUsPassport(value: string): ValidationResult {
  const digits = value.replace(/^[A-Za-z]/, '');
  if (/^(\d)\1+$/.test(digits)) return 'invalid'; // 000000000, 111111111: placeholders
  if (digits === '123456789' || digits === '12345678') return 'invalid';
  return 'neutral';
}

export const usPassport: RecognizerSpec = Object.freeze({
  id: 'us-passport',
  entity: 'US_PASSPORT',
  version: '1.0.0',
  description:
    'US passport numbers (9 digits, or a letter and 8 digits since 2021); needs the word "passport"',
  // Without a context word the score stays below any useful threshold, so the patterns only run around the
  // word itself: the window covers the context reach (48 characters before the value, 16 after) plus a value.
  anchor: { pattern: /[Pp]assport|PASSPORT/g, before: 30, after: 64 },
  patterns: [
    { name: 'book-number', regex: /(?<![\w.,/-])(?:[A-Za-z]\d{8}|\d{9})(?![\w-]|[.,/]\d)/g, score: 0.1 },
  ],
  validate: validateUsPassport,
  context: {
    // Only words containing the anchor can be found: the patterns never run elsewhere.
    words: ['passport', 'passport no', 'passport number', 'passport card'],
    // Above a bare 9-digit phone candidate that found the word "number" (0.6).
    boost: 0.6,
    floor: 0.7,
  },
});
