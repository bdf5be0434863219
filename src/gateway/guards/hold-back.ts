/**
 * How much of a streamed text can be released before the rest of it arrives. A model writes an
 * identifier over several chunks ("4111 1111" + " 1111 1111", "jane.doe@exa" + "mple.com"); releasing a
 * chunk before its entity is complete would let part of it reach the client unscanned. The tail that could
 * still grow into (or belong to) an entity is held back: always the last, possibly incomplete token, and
 * before it every token that looks like part of an identifier (digits, `@`, short upper-case codes such
 * as the bank code of an IBAN, and, when the profile detects names, capitalised words), as long as the
 * held tail stays within `holdBack` characters. Plain lower-case prose is released at once, so the first
 * token of an answer is not delayed by a fixed window.
 */

export interface HoldBackOptions {
  /** Longest tail held back for multi-token identifiers (characters). */
  readonly holdBack: number;
  /** Whether capitalised words are held (the profile detects names, places and organisations). */
  readonly names: boolean;
}

const WHITESPACE = /\s/;

function looksLikeIdentifierPart(token: string, names: boolean): boolean {
  if (/[0-9@]/.test(token)) return true;
  if (/^[A-Z][A-Z0-9]{1,7}$/.test(token)) return true; // bank codes, country prefixes, NINO letters
  if (/^[-+()./#:,]+$/.test(token)) return true; // separators inside numbers: "555 - 1234", "( 555 )"
  return names && /^\p{Lu}/u.test(token);
}

/** Index in `text` from which the tail must be held back (text.length: nothing held). */
export function heldTailStart(text: string, options: HoldBackOptions): number {
  let i = text.length;
  // The last token may be incomplete: hold it, whatever its length.
  if (i > 0 && !WHITESPACE.test(text[i - 1] as string)) {
    while (i > 0 && !WHITESPACE.test(text[i - 1] as string)) i--;
  }
  const held = i;
  let start = held;
  for (;;) {
    let end = start;
    while (end > 0 && WHITESPACE.test(text[end - 1] as string)) end--;
    if (end === 0) break;
    let s = end;
    while (s > 0 && !WHITESPACE.test(text[s - 1] as string)) s--;
    const token = text.slice(s, end);
    if (text.length - s > options.holdBack || !looksLikeIdentifierPart(token, options.names)) break;
    start = s;
  }
  return start;
}
