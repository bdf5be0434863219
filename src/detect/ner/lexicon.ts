/**
 * The tagger's lexicon: what is known about a lowercase word (or a multi-word phrase such as `new york`)
 * from name lists, place lists and an English word list, packed into one integer. Built by
 * `train/ner/build-lexicon.ts` and shipped inside the model file, so the weights and the lexicon they were
 * trained with always travel together.
 */

/** Bit layout of a lexicon entry. Buckets are small integers (0 = absent). */
export const LEX = Object.freeze({
  /** log10 of US births with this given name, 1..7 */
  givenShift: 0,
  /** US Census surname frequency bucket, 1..7 */
  surnameShift: 3,
  /** English word-list level: 1 = most common (SCOWL 10) .. 5 = rare (SCOWL 55-70) */
  commonShift: 6,
  /** log10 of the population of a city with this name, 1..7 */
  cityShift: 9,
  country: 1 << 12,
  region: 1 << 13,
  /** surname in a non-English surname list */
  foreignSurname: 1 << 14,
  orgKeyword: 1 << 15,
  locationKeyword: 1 << 16,
  personTitle: 1 << 17,
  nameSuffix: 1 << 18,
  /** inside a multi-word gazetteer phrase, not its first word (set at lookup time) */
  phraseInside: 1 << 19,
  calendar: 1 << 20,
  /** first word of at least one multi-word phrase in the lexicon */
  phraseStart: 1 << 21,
  /** other organisation/location name known as a whole (an agency, a landmark) */
  knownOrg: 1 << 22,
  /** the English name of a language, which is also most nationality adjectives ("Dutch", "Arabic") */
  language: 1 << 23,
});

export const bucket = (bits: number, shift: number): number => (bits >>> shift) & 7;

const CITY_MASK = 7 << LEX.cityShift;
/** Flags that a multi-word phrase passes on to every word it covers (with its city bucket). */
const PHRASE_FLAGS = LEX.country | LEX.region | LEX.knownOrg;

/** A word's bits with a covering phrase's place information added (the larger city bucket wins). */
function withPhrase(bits: number, phrase: number): number {
  const city = Math.max(bits & CITY_MASK, phrase & CITY_MASK);
  return (bits & ~CITY_MASK) | city | (phrase & PHRASE_FLAGS);
}

/** FNV-1a over UTF-16 code units, continuing from `h` (start with FNV_OFFSET). */
export function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

export const FNV_OFFSET = 0x811c9dc5 | 0;
const SPACE = 0x20;

/**
 * An open-addressing hash table from the FNV-1a hash of a key to its bits. Keys themselves are not
 * stored: with 2^32 hash values and a few hundred thousand keys, an unknown word hits a stored hash with
 * probability below 1e-4, and the table loads from the model file without building anything.
 */
export class Lexicon {
  readonly keys: Int32Array;
  readonly values: Int32Array;
  readonly maxPhraseWords: number;
  private readonly mask: number;

  constructor(keys: Int32Array, values: Int32Array, maxPhraseWords: number) {
    if (keys.length !== values.length || (keys.length & (keys.length - 1)) !== 0)
      throw new Error('lexicon table size must be a power of two');
    this.keys = keys;
    this.values = values;
    this.maxPhraseWords = maxPhraseWords;
    this.mask = keys.length - 1;
  }

  /** Build the table from `key -> bits` (keys are lowercase words joined by one space). */
  static build(entries: ReadonlyMap<string, number>): Lexicon {
    let size = 1024;
    while (size < entries.size * 1.5) size *= 2;
    const keys = new Int32Array(size);
    const values = new Int32Array(size);
    let maxWords = 1;
    for (const [key, bits] of entries) {
      if (bits === 0 || key === '') continue;
      maxWords = Math.max(maxWords, key.split(' ').length);
      const h = fnv(FNV_OFFSET, key) || 1;
      let slot = h & (size - 1);
      while (keys[slot] !== 0 && keys[slot] !== h) slot = (slot + 1) & (size - 1);
      keys[slot] = h;
      values[slot] = (values[slot] as number) | bits;
    }
    return new Lexicon(keys, values, maxWords);
  }

  /** Bits of the key whose FNV-1a hash is `hash`. */
  byHash(hash: number): number {
    const h = hash || 1;
    let slot = h & this.mask;
    for (;;) {
      const k = this.keys[slot] as number;
      if (k === h) return this.values[slot] as number;
      if (k === 0) return 0;
      slot = (slot + 1) & this.mask;
    }
  }

  get(key: string): number {
    return this.byHash(fnv(FNV_OFFSET, key));
  }

  /** Bits of the entry for exactly the words [first, last] (joined by spaces), given their hashes. */
  phrase(words: readonly string[], hashes: Int32Array, first: number, last: number): number {
    let h = hashes[first] as number;
    for (let k = first + 1; k <= last; k++) h = fnv(Math.imul(h ^ SPACE, 0x01000193), words[k] as string);
    return this.byHash(h);
  }

  /**
   * Bits for every word of a sentence (given their FNV-1a hashes): each word's own entry, plus, where
   * consecutive words form a known multi-word place or organisation (`new york`, `united states`), the
   * phrase's information on all of them.
   */
  annotate(words: readonly string[], hashes: Int32Array, out: Int32Array): void {
    const n = words.length;
    for (let i = 0; i < n; i++) out[i] = this.byHash(hashes[i] as number);
    if (this.maxPhraseWords < 2) return;
    for (let i = 0; i < n; i++) {
      if (((out[i] as number) & LEX.phraseStart) === 0) continue;
      let h = hashes[i] as number;
      let best = 0;
      let bestBits = 0;
      for (let k = 1; k < this.maxPhraseWords && i + k < n; k++) {
        h = fnv(Math.imul(h ^ SPACE, 0x01000193), words[i + k] as string);
        const bits = this.byHash(h);
        if (bits !== 0) {
          best = k;
          bestBits = bits;
        }
      }
      if (best === 0) continue;
      out[i] = withPhrase(out[i] as number, bestBits);
      for (let k = 1; k <= best; k++)
        out[i + k] = withPhrase(out[i + k] as number, bestBits) | LEX.phraseInside;
      i += best;
    }
  }
}
