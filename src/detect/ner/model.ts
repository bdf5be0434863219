/**
 * The entity tagger at run time: a greedy left-to-right averaged-perceptron tagger over BIO tags for
 * PERSON, LOCATION and ORGANIZATION. It is built from the bytes of a model file (no I/O here: whoever
 * creates the scanner supplies them) and is pure afterwards.
 *
 * Model file (gzip): `VGNER\n`, one line of JSON header, then little-endian arrays: the lexicon's hash
 * table (`lexiconSlots` int32 keys, then `lexiconSlots` int32 values) and the weight table, `2^hashBits × 8`
 * int16 values (weight = value / scale).
 */
import { gunzipSync } from 'node:zlib';
import { VeilgateError } from '../../errors.js';
import {
  allowedAfter,
  CaseMode,
  DYNAMIC_FEATURES,
  dynamicFeatures,
  NUM_TAGS,
  ROW,
  scoreToken,
  sentenceFeatures,
} from './features.js';
import type { EntityModel } from '../types.js';
import { bucket, LEX, Lexicon } from './lexicon.js';
import { isWordAt, tokenize } from './tokenize.js';

export const NER_MAGIC = 'VGNER\n';

export interface NerHeader {
  readonly format: 1;
  /** Model version, reported as the recognizers' version. */
  readonly version: string;
  readonly hashBits: number;
  /** Weights are stored as round(weight × scale). */
  readonly scale: number;
  /** Softmax temperature that turns tag scores into calibrated probabilities. */
  readonly temperature: number;
  readonly lexiconSlots: number;
  readonly maxPhraseWords: number;
}

export interface NerSpan {
  readonly entity: 'PERSON' | 'LOCATION' | 'ORGANIZATION';
  readonly start: number;
  readonly end: number;
  /** Mean probability of the span's tags, 0..1. */
  readonly score: number;
}

/** Lexicon bits that make a lowercase word believable as (part of) a name, place or organisation. */
const NAME_EVIDENCE =
  (7 << LEX.givenShift) |
  (7 << LEX.surnameShift) |
  (7 << LEX.cityShift) |
  LEX.country |
  LEX.region |
  LEX.foreignSurname |
  LEX.orgKeyword |
  LEX.locationKeyword |
  LEX.knownOrg;

const CITY_BITS = 7 << LEX.cityShift;
const COUNTRY_OR_REGION = LEX.country | LEX.region;
/** Words that introduce a place. */
const LOCATIVE = new Set(
  'in at from to near into around across outside inside via toward towards through of between visit visiting visited moved live lives living born based located'.split(
    ' ',
  ),
);
const PLACE_BITS = CITY_BITS | LEX.country | LEX.region | LEX.locationKeyword | LEX.phraseInside;

const ENTITY_OF_TAG = [
  null,
  'PERSON',
  'PERSON',
  'LOCATION',
  'LOCATION',
  'ORGANIZATION',
  'ORGANIZATION',
] as const;

function badModel(why: string): VeilgateError {
  return new VeilgateError('VG_MODEL_INVALID', `entity model: ${why}`);
}

const bytesOf = (a: Int16Array | Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Serialise a model (used by training); the caller compresses it. */
export function encodeNerModel(
  header: Omit<NerHeader, 'lexiconSlots' | 'maxPhraseWords'>,
  lexicon: Lexicon,
  weights: Int16Array,
): Buffer {
  const full: NerHeader = {
    ...header,
    lexiconSlots: lexicon.keys.length,
    maxPhraseWords: lexicon.maxPhraseWords,
  };
  const head = Buffer.from(`${NER_MAGIC}${JSON.stringify(full)}\n`, 'utf8');
  return Buffer.concat([head, bytesOf(lexicon.keys), bytesOf(lexicon.values), bytesOf(weights)]);
}

/** Copy little-endian bytes into a fresh, aligned typed array. */
function int32s(bytes: Buffer, at: number, count: number): Int32Array {
  const out = new Int32Array(count);
  new Uint8Array(out.buffer).set(bytes.subarray(at, at + count * 4));
  return out;
}

export class NerTagger implements EntityModel {
  readonly header: NerHeader;
  readonly lexicon: Lexicon;
  private readonly weights: Int16Array;
  private readonly mask: number;
  private lastText: string | null = null;
  private lastSpans: readonly NerSpan[] = [];

  constructor(header: NerHeader, lexicon: Lexicon, weights: Int16Array) {
    this.header = header;
    this.lexicon = lexicon;
    this.weights = weights;
    this.mask = (1 << header.hashBits) - 1;
  }

  /** Decode a model file (gzip-compressed or not). Throws VG_MODEL_INVALID when it is not one. */
  static fromBytes(file: Uint8Array): NerTagger {
    let bytes: Buffer;
    try {
      bytes = file[0] === 0x1f && file[1] === 0x8b ? gunzipSync(file) : Buffer.from(file);
    } catch {
      throw badModel('the file is not valid gzip');
    }
    if (bytes.subarray(0, NER_MAGIC.length).toString('latin1') !== NER_MAGIC)
      throw badModel('not a model file');
    const eol = bytes.indexOf(0x0a, NER_MAGIC.length);
    if (eol === -1) throw badModel('no header');
    let header: NerHeader;
    try {
      header = JSON.parse(bytes.subarray(NER_MAGIC.length, eol).toString('utf8')) as NerHeader;
    } catch {
      throw badModel('the header is not JSON');
    }
    if (
      header.format !== 1 ||
      !Number.isInteger(header.hashBits) ||
      header.hashBits < 8 ||
      header.hashBits > 24
    )
      throw badModel('unsupported format');
    const slots = header.lexiconSlots;
    if (!Number.isInteger(slots) || slots < 1 || (slots & (slots - 1)) !== 0)
      throw badModel('bad lexicon size');
    const lexStart = eol + 1;
    const wStart = lexStart + slots * 8;
    const expected = (1 << header.hashBits) * ROW * 2;
    if (bytes.length - wStart !== expected) throw badModel('the weight table has the wrong size');
    const lexicon = new Lexicon(
      int32s(bytes, lexStart, slots),
      int32s(bytes, lexStart + slots * 4, slots),
      header.maxPhraseWords,
    );
    const weights = new Int16Array(expected / 2);
    new Uint8Array(weights.buffer).set(bytes.subarray(wStart));
    return new NerTagger(header, lexicon, weights);
  }

  get version(): string {
    return this.header.version;
  }

  find(text: string): readonly NerSpan[] {
    return this.tag(text);
  }

  /**
   * Entity spans of `text`, in order. The last result is kept, so the three recognizers (person,
   * location, organisation) scanning the same string share one tagging pass.
   */
  tag(text: string): readonly NerSpan[] {
    if (text === this.lastText) return this.lastSpans;
    const spans: NerSpan[] = [];
    const tokens = tokenize(text);
    const { sentences } = tokens;
    for (let s = 0; s + 1 < sentences.length; s++) {
      const from = sentences[s] as number;
      const to = sentences[s + 1] as number;
      if (to > from) this.tagSentence(text, tokens, from, to, spans);
    }
    this.lastText = text;
    this.lastSpans = spans;
    return spans;
  }

  private tagSentence(
    text: string,
    tokens: ReturnType<typeof tokenize>,
    from: number,
    to: number,
    out: NerSpan[],
  ): void {
    const sf = sentenceFeatures(text, tokens, from, to, this.lexicon, this.mask);
    const W = this.weights;
    const invT = 1 / (this.header.temperature * this.header.scale);
    const scores = new Float64Array(NUM_TAGS);
    const dyn = new Int32Array(DYNAMIC_FEATURES);
    let prev = 0;
    let prev2 = 0;
    let spanTag = 0;
    let spanFirst = 0;
    let spanLast = 0;
    let spanProb = 0;
    let spanEntityProb = 0;
    const lex = sf.lexBits;
    const isWordToken = (k: number): boolean => isWordAt(text, tokens.starts[from + k] as number);
    /**
     * Checks the tagger's guesses cannot learn from the data it has. Without capitals (lowercase chat) a
     * name is only believed when one of its words is known to the lexicon (a given name, surname, place
     * or organisation word): an unknown lowercase word is almost never a name. A short all-capitals word
     * alone in mixed-case text ("SSN", "ICU") is an acronym, not a person; a single character is no name;
     * in text that uses capitals, a place or organisation has a capitalised word.
     */
    const plausible = (entity: NerSpan['entity'], first: number, last: number): boolean => {
      // One letter is an initial or a stray character, never a whole name.
      if (
        first === last &&
        (tokens.ends[from + first] as number) - (tokens.starts[from + first] as number) < 2
      )
        return false;
      if (sf.caseMode === CaseMode.Lower) {
        let known = false;
        for (let k = first; k <= last && !known; k++) known = ((lex[k] as number) & NAME_EVIDENCE) !== 0;
        if (!known) return false;
      }
      if (sf.caseMode === CaseMode.Mixed && entity !== 'PERSON') {
        // In text that uses capitals, a place or organisation has at least one word that starts with one
        // (or with a letter of a script without case); people's names are often typed in lowercase.
        let capitalised = false;
        for (let k = first; k <= last && !capitalised; k++) {
          const ch = text[tokens.starts[from + k] as number] as string;
          capitalised =
            ch !== ch.toLowerCase() ||
            (ch === ch.toUpperCase() &&
              isWordAt(text, tokens.starts[from + k] as number) &&
              !/\d/.test(ch)) ||
            ((lex[k] as number) & COUNTRY_OR_REGION) !== 0; // "back to korea" is typed in lowercase too
        }
        if (!capitalised) return false;
      }
      if (entity === 'PERSON' && first === last && sf.caseMode === CaseMode.Mixed) {
        const word = text.slice(tokens.starts[from + first] as number, tokens.ends[from + first] as number);
        if (word.length <= 4 && word === word.toUpperCase() && word !== word.toLowerCase()) return false;
      }
      return true;
    };
    /**
     * Checks on places and organisations. A lone code of one to three letters ("ca", "GP", "OK") is an
     * acronym or a word far more often than a place: it stays only as a country, or as a region after a
     * comma or a word that introduces a place ("Austin, [TX]", "I live in [NJ]"). A place the lexicon
     * knows nothing about (no city, country, region, place word or phrase in it) is believed only after
     * such a word ("in", "from", "near"): an unknown capitalised word elsewhere is far more often a
     * person, a brand or a title. A generic word alone ("Island", "Bank"), a language or nationality
     * ("Arabic", "Dutch") and a very common English word ("Much", "Savage") name no place or organisation.
     */
    const placeLike = (entity: NerSpan['entity'], first: number, last: number): boolean => {
      if (entity === 'PERSON') return true;
      const before = first > 0 ? (sf.words[first - 1] as string) : '';
      const introduced = LOCATIVE.has(before) || (first > 1 && LOCATIVE.has(sf.words[first - 2] as string));
      if (first === last) {
        const bits = lex[first] as number;
        const length = (tokens.ends[from + first] as number) - (tokens.starts[from + first] as number);
        if (entity === 'LOCATION' && length <= 3) {
          if ((bits & LEX.country) === 0 && !((bits & LEX.region) !== 0 && (before === ',' || introduced)))
            return false;
        }
        // (a small town called "Island" or "Savage" does not make the word a place)
        const named = (bits & (COUNTRY_OR_REGION | LEX.knownOrg)) !== 0;
        if (!named && (bits & (LEX.locationKeyword | LEX.orgKeyword)) !== 0) return false;
        if ((bits & LEX.language) !== 0 && (bits & COUNTRY_OR_REGION) === 0) return false;
        const common = bucket(bits, LEX.commonShift);
        if (common >= 1 && common <= 3 && !named && bucket(bits, LEX.cityShift) <= 1) return false;
      }
      if (entity === 'LOCATION' && !introduced) {
        let evidence = false;
        for (let k = first; k <= last && !evidence; k++) evidence = ((lex[k] as number) & PLACE_BITS) !== 0;
        if (!evidence) return false;
      }
      return true;
    };
    const flush = (): void => {
      if (spanTag === 0) return;
      let entity = ENTITY_OF_TAG[spanTag] as NerSpan['entity'];
      let first = spanFirst;
      let last = spanLast;
      // A title is not part of the name ("Dr. [Jane Doe]"); a title alone is no name.
      if (entity === 'PERSON') {
        while (first <= last && ((lex[first] as number) & LEX.personTitle) !== 0 && first < last) {
          first++;
          if (first <= last && text.charCodeAt(tokens.starts[from + first] as number) === 0x2e) first++;
        }
        if (first === last && ((lex[first] as number) & LEX.personTitle) !== 0) first = last + 1;
      }
      // A possessive ends the name ("[Zac Efron]'s face") unless the name goes on after it with a
      // capitalised word or an organisation or place word ("St. Mary's Hospital").
      for (let k = first + 1; k + 1 < last; k++) {
        const c = text.charCodeAt(tokens.starts[from + k] as number);
        if ((c === 0x27 || c === 0x2019) && sf.words[k + 1] === 's') {
          const next = text[tokens.starts[from + k + 2] as number] as string;
          const continues =
            next !== next.toLowerCase() ||
            ((lex[k + 2] as number) & (LEX.orgKeyword | LEX.locationKeyword)) !== 0;
          if (continues) continue;
          last = k - 1;
          break;
        }
      }
      // In text that uses capitals, a place or organisation neither starts nor ends with a lowercase word
      // ("a [United] fan", "[Tesla] videos"); inner ones stay ("Bank of America").
      if (sf.caseMode === CaseMode.Mixed && entity !== 'PERSON') {
        const lowerAt = (k: number): boolean => {
          const ch = text[tokens.starts[from + k] as number] as string;
          return ch !== ch.toUpperCase() && ((lex[k] as number) & COUNTRY_OR_REGION) === 0;
        };
        while (first <= last && lowerAt(first)) first++;
        while (last >= first && lowerAt(last)) last--;
      }
      // Edge punctuation is not part of a name, except the period of an abbreviation ("Acme Corp.", "Jr.").
      while (first <= last && !isWordToken(first)) first++;
      while (last >= first && !isWordToken(last)) {
        const abbreviation =
          text.charCodeAt(tokens.starts[from + last] as number) === 0x2e &&
          last > first &&
          ((lex[last - 1] as number) & (LEX.orgKeyword | LEX.nameSuffix)) !== 0;
        if (abbreviation) break;
        last--;
      }
      // A span that is exactly a known country, region or multi-word city is a place, whatever a less than
      // certain tagger says ("Los Angeles" as an organisation, "Europe" as a person); a single word known
      // as a common given name or surname and as no place is a person ("Sarah" as a place). When the
      // lexicon decides the type, the score is the tagger's belief that this is an entity at all ("korea"
      // split between person and place is still surely one of them).
      const tokensInSpan = spanLast - spanFirst + 1;
      let score = spanProb / tokensInSpan;
      if (first <= last) {
        const word = first === last ? (lex[first] as number) : 0;
        const phrase = this.lexicon.phrase(sf.words, sf.wordHash, first, last);
        const longEnough = (tokens.ends[from + last] as number) - (tokens.starts[from + first] as number) > 3;
        const place =
          ((phrase & COUNTRY_OR_REGION) !== 0 && longEnough) || (first < last && (phrase & CITY_BITS) !== 0);
        const named = bucket(word, LEX.givenShift) >= 3 || bucket(word, LEX.surnameShift) >= 4;
        if (entity !== 'LOCATION' && score < 0.95 && place) {
          entity = 'LOCATION';
          score = spanEntityProb / tokensInSpan;
        } else if (entity === 'LOCATION' && first === last && named && (word & PLACE_BITS) === 0) {
          entity = 'PERSON';
          score = spanEntityProb / tokensInSpan;
        }
      }
      if (first <= last && !(plausible(entity, first, last) && placeLike(entity, first, last)))
        first = last + 1;
      if (first <= last) {
        out.push({
          entity,
          start: tokens.starts[from + first] as number,
          end: tokens.ends[from + last] as number,
          score,
        });
      }
      spanTag = 0;
    };
    for (let i = 0; i < sf.n; i++) {
      dynamicFeatures(sf, i, prev, prev2, this.mask, dyn);
      scoreToken(sf, i, dyn, W, scores);
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < NUM_TAGS; c++) {
        if (allowedAfter(prev, c) && (scores[c] as number) > bestScore) {
          best = c;
          bestScore = scores[c] as number;
        }
      }
      if (best === 0) {
        flush();
        prev2 = prev;
        prev = best;
        continue;
      }
      // The probability of the chosen tag, needed only inside an entity (most tokens are outside).
      let z = 0;
      for (let c = 0; c < NUM_TAGS; c++) {
        if (allowedAfter(prev, c)) z += Math.exp(((scores[c] as number) - bestScore) * invT);
      }
      const prob = 1 / z;
      // Probability that the token is inside some entity, whatever its type (tag O is always allowed).
      const entityProb = 1 - Math.exp(((scores[0] as number) - bestScore) * invT) / z;
      if (best % 2 === 1) {
        flush();
        spanTag = best;
        spanFirst = i;
        spanLast = i;
        spanProb = prob;
        spanEntityProb = entityProb;
      } else {
        spanLast = i;
        spanProb += prob;
        spanEntityProb += entityProb;
      }
      prev2 = prev;
      prev = best;
    }
    flush();
  }
}
