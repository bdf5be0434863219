import { VeilgateError } from '../errors.js';
import type { OperatorInput } from './types.js';

export interface MaskOptions {
  /** Letters and digits left visible at the start (default 0). */
  readonly keepFirst?: number;
  /** Letters and digits left visible at the end (default 4, as on a card receipt). */
  readonly keepLast?: number;
  /** The masking character, one character (default `*`). */
  readonly char?: string;
}

const ALNUM = /[\p{L}\p{N}]/u;

function count(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0) {
    throw new VeilgateError('VG_PROTECT_BAD_INPUT', `mask.${name}: expected a whole number ≥ 0, got ${n}`);
  }
  return n;
}

/**
 * Hide letters and digits, keeping separators so the layout stays recognisable
 * (`4111 1111 1111 1111` → `**** **** **** 1111`). When fewer characters than `keepFirst + keepLast`
 * would remain hidden, everything is masked rather than revealing most of a short value.
 */
export function mask(input: OperatorInput, options: MaskOptions = {}): string {
  const keepFirst = count('keepFirst', options.keepFirst, 0);
  const keepLast = count('keepLast', options.keepLast, 4);
  const char = options.char ?? '*';
  if ([...char].length !== 1) {
    throw new VeilgateError('VG_PROTECT_BAD_INPUT', 'mask.char: expected exactly one character');
  }
  const chars = [...input.value];
  const total = chars.filter((c) => ALNUM.test(c)).length;
  // Reveal at most half of the value.
  const reveal = keepFirst + keepLast <= total / 2;
  let seen = 0;
  return chars
    .map((c) => {
      if (!ALNUM.test(c)) return c;
      seen++;
      const visible = reveal && (seen <= keepFirst || seen > total - keepLast);
      return visible ? c : char;
    })
    .join('');
}
