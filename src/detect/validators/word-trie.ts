/**
 * A regex alternation of literal words, factored by common prefixes ("Str(?:eet|avenue)" rather than
 * "Street|Stravenue"). V8 tries the alternatives of a plain alternation one after another at each position;
 * a prefix-factored one rejects a position after a character or two, which matters for lists of hundreds
 * of words (street types, month names) inside recognizers that run over every input.
 *
 * Words are regex-escaped; the result is a non-capturing group (or a single escaped word).
 */
export function wordTrie(words: readonly string[]): string {
  return build([...new Set(words)]);
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(c) ? `\\${c}` : c;
}

function build(words: readonly string[]): string {
  let optional = false;
  const groups = new Map<string, string[]>();
  for (const w of words) {
    if (w === '') {
      optional = true;
      continue;
    }
    const head = w[0] as string;
    const rest = groups.get(head);
    if (rest === undefined) groups.set(head, [w.slice(1)]);
    else rest.push(w.slice(1));
  }
  // Longer continuations first, so "Streets" is preferred to "Street" where both fit.
  const parts = [...groups.entries()].map(([head, rest]) => {
    const tail = rest.length === 1 && rest[0] === '' ? '' : build(rest);
    return escapeChar(head) + tail;
  });
  if (parts.length === 0) return '';
  const body = parts.length === 1 && !optional ? (parts[0] as string) : `(?:${parts.join('|')})`;
  if (!optional) return body;
  // The empty word makes the group optional; a greedy `?` keeps the longest reading first.
  return parts.length === 1 ? `(?:${parts[0] as string})?` : `${body}?`;
}

/**
 * A regex alternation of literal words factored by common suffixes ("Lic", "lic", "Cert", "Licence",
 * "License", "Licensed" give "(?:[Ll]ic|Cert|(?:Licenc|Licens)e|Licensed)"), for use inside a lookbehind.
 * V8 matches a lookbehind right to left, so an alternation grouped by last characters rejects a position
 * after reading one or two characters instead of trying every word in turn; a prefix trie (wordTrie) would
 * be read from its wrong end there.
 *
 * Words are regex-escaped (characters of the Basic Multilingual Plane); the result is a non-capturing group,
 * a character class or a single escaped word.
 */
export function suffixTrie(words: readonly string[]): string {
  return buildSuffix([...new Set(words)]);
}

function buildSuffix(words: readonly string[]): string {
  let optional = false;
  const groups = new Map<string, string[]>();
  for (const w of words) {
    if (w === '') {
      optional = true;
      continue;
    }
    const tail = w[w.length - 1] as string;
    const rest = groups.get(tail);
    if (rest === undefined) groups.set(tail, [w.slice(0, -1)]);
    else rest.push(w.slice(0, -1));
  }
  const parts = [...groups.entries()].map(([tail, rest]) => {
    const head = rest.length === 1 && rest[0] === '' ? '' : buildSuffix(rest);
    return head + escapeChar(tail);
  });
  if (parts.length === 0) return '';
  // Single characters (the capital and small first letter of a word) become a class: "[Ll]ic".
  const single = parts.length > 1 && [...groups.values()].every((r) => r.length === 1 && r[0] === '');
  const body =
    parts.length === 1 && !optional
      ? (parts[0] as string)
      : single
        ? `[${[...groups.keys()].map((c) => (/[\]\\^-]/.test(c) ? `\\${c}` : c)).join('')}]`
        : `(?:${parts.join('|')})`;
  if (!optional) return body;
  return parts.length === 1 ? `(?:${parts[0] as string})?` : `${body}?`;
}
