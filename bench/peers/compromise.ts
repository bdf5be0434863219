/**
 * Peer adapter for compromise (rule-based English NLP: lexicon + tagger), benchmark-only: its `.people()`,
 * `.places()` and `.organizations()` as PERSON, LOCATION and ORGANIZATION spans.
 *
 * Configuration: `nlp(text)` with the library defaults (no plugins, no added words).
 *
 * Spans: compromise's tokenizer is lossless (every term keeps its `pre` and `post` characters, and the
 * concatenation of pre + text + post over all terms is the input), and its own offsets
 * (`compute('offset')`) are UTF-16 indices (JavaScript string lengths; checked on accents, combining
 * marks, emoji and ZWJ sequences). But `.json({ offset: true }).offset` is not usable as it is: its
 * `start` skips the first term's leading punctuation while its `length` counts it, so for `"Mary" (Jones)`
 * the range is shifted by one, and every range also includes the last term's trailing punctuation and
 * whitespace (`Paris, France.`, `Smith, `). So we rebuild each match from its terms: we walk the terms of
 * the document, locate each one in the input (checked against `compute('offset')`; disagreements are
 * counted, expected 0), and a match spans from its first term's text to its last term's text, then:
 *   - a trailing `.` is kept when compromise tags the last term #Abbreviation (`Inc.`, `Corp.`, `Jr.`);
 *   - a possessive ending (`'s`, `’s`, or `'` after s) is cut when compromise tags the last term #Possessive;
 *   - leading #Honorific terms of a person (`Dr.`, `Mrs.`, `Prof.`) are dropped, as the datasets label the
 *     title separately (TITLE/PREFIX) or not at all; a person that is only an honorific (`Jr.`) is dropped;
 *   - leading and trailing characters other than letters and digits (and the trailing `.` above, or one
 *     inside the term like `U.S.`) are trimmed (`Morgan Chase &` → `Morgan Chase`).
 * These are all boundary conventions, not detection decisions: lenient scores are unaffected by them.
 *
 * Type mapping: people() → PERSON, places() → LOCATION, organizations() → ORGANIZATION.
 */
import nlp from 'compromise';
import { installedVersion, type PeerDetector, type PeerSpan } from './types.js';

interface Term {
  readonly text: string;
  readonly pre: string;
  readonly post: string;
  readonly tags?: Set<string>;
  readonly offset?: { readonly start: number; readonly length: number };
}

const TOPICS = [
  ['people', 'PERSON'],
  ['places', 'LOCATION'],
  ['organizations', 'ORGANIZATION'],
] as const;

const EDGE = /[\p{L}\p{N}]/u;

/** The peer, plus `detectSync` (the same spans, without the Promise) for the NER benchmark. */
export function createCompromisePeer(): PeerDetector & { detectSync(text: string): PeerSpan[] } {
  const counters = {
    'texts whose terms did not concatenate back to the input': 0,
    'terms not found in the input (matches dropped)': 0,
    "terms whose compute('offset') start disagreed with ours": 0,
    'leading honorifics dropped from PERSON': 0,
    'PERSON matches that were only honorifics (dropped)': 0,
    'possessive endings cut': 0,
  };

  /** UTF-16 start of every term in the input, by walking the document in order. */
  function locate(text: string, doc: Term[][]): Map<Term, number> {
    const at = new Map<Term, number>();
    let cursor = 0;
    let rebuilt = '';
    for (const sentence of doc) {
      for (const term of sentence) {
        rebuilt += term.pre + term.text + term.post;
        let start = cursor + term.pre.length;
        if (!text.startsWith(term.text, start)) start = text.indexOf(term.text, cursor);
        if (start < 0) {
          counters['terms not found in the input (matches dropped)']++;
          continue;
        }
        if (term.offset !== undefined && term.offset.start !== start)
          counters["terms whose compute('offset') start disagreed with ours"]++;
        at.set(term, start);
        cursor = start + term.text.length;
        if (text.startsWith(term.post, cursor)) cursor += term.post.length;
      }
    }
    if (rebuilt !== text) counters['texts whose terms did not concatenate back to the input']++;
    return at;
  }

  function spanOf(text: string, terms: readonly Term[], at: ReadonlyMap<Term, number>, entity: string) {
    let first = 0;
    if (entity === 'PERSON') {
      while (first < terms.length && terms[first]?.tags?.has('Honorific')) first++;
      if (first === terms.length) {
        counters['PERSON matches that were only honorifics (dropped)']++;
        return null;
      }
      if (first > 0) counters['leading honorifics dropped from PERSON']++;
    }
    const head = terms[first] as Term;
    const last = terms[terms.length - 1] as Term;
    const headAt = at.get(head);
    const lastAt = at.get(last);
    if (headAt === undefined || lastAt === undefined) return null;
    let start = headAt;
    let end = lastAt + last.text.length;
    let keepDot = last.text.endsWith('.');
    if (last.tags?.has('Abbreviation') && last.post.startsWith('.') && text[end] === '.') {
      end++;
      keepDot = true;
    }
    if (last.tags?.has('Possessive')) {
      const m = /(?:['’]s|(?<=s)['’])$/i.exec(text.slice(start, end));
      if (m !== null && end - m[0].length > start) {
        end -= m[0].length;
        keepDot = false;
        counters['possessive endings cut']++;
      }
    }
    while (start < end && !EDGE.test(text[start] as string)) start++;
    while (end > start && !EDGE.test(text[end - 1] as string) && !(keepDot && text[end - 1] === '.')) end--;
    return start < end ? { entity, start, end } : null;
  }

  function detect(text: string): PeerSpan[] {
    const doc = nlp(text);
    doc.compute('offset');
    const at = locate(text, doc.document as Term[][]);
    const out: PeerSpan[] = [];
    for (const [method, entity] of TOPICS) {
      for (const terms of doc[method]().docs as Term[][]) {
        if (terms.length === 0) continue;
        const span = spanOf(text, terms, at, entity);
        if (span !== null) out.push(span);
      }
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  return {
    name: 'compromise',
    version: installedVersion('compromise'),
    supports: new Set(TOPICS.map(([, e]) => e)),
    config: 'nlp(text) with library defaults; .people() / .places() / .organizations()',
    detect: (text) => Promise.resolve().then(() => detect(text)),
    detectSync: detect,
    native: (text) => {
      const doc = nlp(text);
      return [doc.people().out('offset'), doc.places().out('offset'), doc.organizations().out('offset')];
    },
    stats: () => ({ ...counters }),
  };
}
