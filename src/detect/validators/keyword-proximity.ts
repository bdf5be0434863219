/**
 * Keyword labels for values that carry no checksum and are identified only by the word in front of them
 * (a CVV, an expiry date, a bank account number). The engine's context window accepts a keyword anywhere
 * within a few dozen characters, so in "CVV 123, PIN 4567" the word "CVV" would also vouch for 4567, and
 * in "account team at 8005551234" "account" would vouch for a phone number. These helpers find the
 * keyword nearest before the value so a validator can insist that it labels the value: only separators
 * and a few filler words ("number", "is", "date") may stand between them.
 */

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code > 127
  );
}

/**
 * The lowercase text between the end of the last keyword that occurs as a whole word (a trailing plural
 * "s" is tolerated) within `maxBefore` characters before `start`, and `start`; `null` when there is none.
 * `words` must be lowercase.
 */
export function textAfterLastKeyword(
  text: string,
  start: number,
  words: readonly string[],
  maxBefore: number,
): string | null {
  const from = Math.max(0, start - maxBefore);
  const window = text.slice(from, start).toLowerCase();
  let bestEnd = -1;
  for (const word of words) {
    // A keyword ending in a non-word character ("a/c") needs no boundary after it.
    const lastIsWord = isWordChar(word.charCodeAt(word.length - 1));
    let idx = window.lastIndexOf(word);
    while (idx !== -1) {
      let end = idx + word.length;
      if (window.charCodeAt(end) === 115 /* s */ && !isWordChar(window.charCodeAt(end + 1))) end++;
      const before = idx > 0 ? window.charCodeAt(idx - 1) : from > 0 ? text.charCodeAt(from - 1) : 32;
      const after = end < window.length ? window.charCodeAt(end) : 32;
      if (!isWordChar(before) && (!lastIsWord || !isWordChar(after))) {
        if (end > bestEnd) bestEnd = end;
        break;
      }
      idx = idx > 0 ? window.lastIndexOf(word, idx - 1) : -1;
    }
  }
  return bestEnd === -1 ? null : window.slice(bestEnd);
}

/**
 * Whether the nearest keyword before `start` labels the value: `true` when only separators and words of
 * `fillers` stand between them, `false` when a number or any other word does, `null` when no keyword
 * precedes the value (the engine's context scoring then decides alone).
 */
export function keywordLabelsValue(
  text: string,
  start: number,
  words: readonly string[],
  fillers: ReadonlySet<string>,
  maxBefore: number,
): boolean | null {
  const gap = textAfterLastKeyword(text, start, words, maxBefore);
  if (gap === null) return null;
  if (/\d/.test(gap)) return false;
  for (const w of gap.split(/[^a-z\u00C0-\u024F]+/)) {
    if (w !== '' && !fillers.has(w)) return false;
  }
  return true;
}
