/**
 * Adversarial test cases for bench/detect-robustness.ts, derived deterministically from Presidio's synthetic
 * records (../shared/datasets/pii/).
 *
 * Every record holding one of the target spans (EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN,
 * IP_ADDRESS, DOMAIN_NAME = URL) yields, for each such span (a "slot"):
 *
 * - a clean case: the record as it is, the baseline each system's robustness is read against;
 * - obfuscated positives: the value rewritten by one transformation (fullwidth digits, invisible characters,
 *   Unicode dashes, ...); it must still be reported, and the gold span is the rewritten value;
 * - hard negatives: the value replaced by something that looks like it but is not one (a card failing Luhn,
 *   an SSN from a never-issued area, a date where a phone number was, ...); reporting that entity on an
 *   overlapping span is a false positive.
 *
 * Only one slot is edited per case; every other span of the record is kept and its offsets are recomputed
 * (and checked to still slice to its value). Transformations and negative kinds are dealt to slots in turn,
 * over a seeded shuffle of each entity's slots, so each one is used on a share of the records; every random
 * choice inside a case comes from a generator seeded by (seed, slot, kind), so a case does not change when
 * others are added or removed.
 */
import { loadPresidio } from './corpus.js';
import { prng } from '../train/random.js';

export const ROBUSTNESS_FILES = [
  'presidio-synth-v2.json',
  'presidio-generated-large.json',
  'presidio-generated-small.json',
] as const;

export const TARGET_ENTITIES = [
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'IP_ADDRESS',
  'URL',
] as const;
export type TargetEntity = (typeof TARGET_ENTITIES)[number];

/** Dataset label -> target entity (labels not listed are kept as context spans only). */
const TARGET_LABELS: Readonly<Record<string, TargetEntity>> = {
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  PHONE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN_CODE',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  DOMAIN_NAME: 'URL',
};

/** Obfuscated positives per slot (distinct transformations) and hard negatives per slot (distinct kinds). */
export const POSITIVES_PER_SLOT = 2;
export const NEGATIVES_PER_SLOT = 2;

// ---------------------------------------------------------------------------------------------- randomness

export type Rng = () => number;

/** mulberry32 seeded with the FNV-1a hash of `parts`: a small, fast, reproducible generator in [0, 1). */
export function rngFor(...parts: readonly (string | number)[]): Rng {
  const key = parts.join('|');
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return prng(h);
}
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function shuffled<T>(xs: readonly T[], rng: Rng): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- checksums

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function ibanValid(iban: string): boolean {
  const s = iban.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  let m = 0;
  for (const c of s.slice(4) + s.slice(0, 4)) {
    const v = c >= 'A' ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    m = v > 9 ? (m * 100 + v) % 97 : (m * 10 + v) % 97;
  }
  return m === 1;
}

// ---------------------------------------------------------------------------------------------- string helpers

export const ZWSP = '\u200b';
export const SOFT_HYPHEN = '\u00ad';
export const NB_HYPHEN = '\u2011';
export const EN_DASH = '\u2013';

const fullwidthDigits = (s: string): string =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + d.charCodeAt(0) - 48));

function chunks(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** How a card number is printed: 4-6-5 (Amex), 4-6-4 (Diners), else fours (a lone last digit joins its group). */
function cardGroups(digits: string): string[] {
  if (digits.length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)];
  if (digits.length === 14) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)];
  const groups = chunks(digits, 4);
  if (groups.length > 1 && (groups[groups.length - 1] as string).length === 1) {
    const last = groups.pop() as string;
    groups[groups.length - 1] += last;
  }
  return groups;
}

/** Digit groups of an unseparated number: card grouping, IBAN fours, phone 3-3-4 or fours. */
function groupsOf(value: string, entity: TargetEntity): string[] {
  if (entity === 'CREDIT_CARD') return cardGroups(value);
  if (entity === 'PHONE_NUMBER' && /^\d{10}$/.test(value))
    return [value.slice(0, 3), value.slice(3, 6), value.slice(6)];
  return chunks(value, 4);
}

/** Separator characters that sit between two digits (phone, SSN): index of each. */
function digitSeparators(value: string): number[] {
  const out: number[] = [];
  for (const m of value.matchAll(/(?<=\d)[-. ](?=\d)/g)) out.push(m.index);
  return out;
}

function replaceAt(value: string, at: readonly number[], by: (k: number) => string): string {
  let out = '';
  let last = 0;
  at.forEach((i, k) => {
    out += value.slice(last, i) + by(k);
    last = i + 1;
  });
  return out + value.slice(last);
}

/** Choose `n` separators from `options`, at least two of them different. */
function mixedSeparators(rng: Rng, n: number, options: readonly string[]): string[] {
  const seps = Array.from({ length: n }, () => pick(rng, options));
  if (new Set(seps).size < 2) {
    const k = int(rng, 0, n - 1);
    seps[k] = pick(
      rng,
      options.filter((o) => o !== seps[k]),
    );
  }
  return seps;
}

/**
 * `ch` between the groups of a value: before each separator of a separated number (`460-89-9847` ->
 * `460⟨ch⟩-89⟨ch⟩-9847`), between the digit groups of an unseparated one, before `@` and the last `.` of an
 * e-mail, before each `.` of a URL's host.
 */
function insertBetweenGroups(value: string, entity: TargetEntity, ch: string): string {
  if (entity === 'EMAIL_ADDRESS') {
    const at = value.lastIndexOf('@');
    const dot = value.lastIndexOf('.');
    return `${value.slice(0, at)}${ch}${value.slice(at, dot)}${ch}${value.slice(dot)}`;
  }
  if (entity === 'URL') {
    const m = /^([a-z]+:\/\/)?([^/?#]+)(.*)$/i.exec(value);
    if (m === null) return value;
    return `${m[1] ?? ''}${(m[2] as string).replaceAll('.', `${ch}.`)}${m[3] ?? ''}`;
  }
  if (/[\p{L}\p{N})][-. :]/u.test(value)) return value.replace(/(?<=[\p{L}\p{N})])([-. :])/gu, `${ch}$1`);
  return groupsOf(value, entity).join(ch);
}

// ---------------------------------------------------------------------------------------------- transformations

/** The rewritten value, plus characters placed around it that are not part of it (quotes, parentheses). */
export interface Edit {
  readonly value: string;
  readonly before?: string;
  readonly after?: string;
}

export interface Transformation {
  readonly name: string;
  readonly entities: readonly TargetEntity[];
  /** What the transformation defends against (printed in the report). */
  readonly defends: string;
  /** The rewritten value, or null when this value has no form the transformation applies to. */
  apply(value: string, entity: TargetEntity, rng: Rng): Edit | null;
}

const NUMBERS: readonly TargetEntity[] = ['PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS'];

export const TRANSFORMATIONS: readonly Transformation[] = [
  {
    name: 'fullwidth-digits',
    entities: NUMBERS,
    defends: 'digits typed with a CJK input method or pasted from PDFs (U+FF10..U+FF19) slip past ASCII \\d',
    apply: (v) => (/\d/.test(v) ? { value: fullwidthDigits(v) } : null),
  },
  {
    name: 'zero-width-space',
    entities: TARGET_ENTITIES,
    defends: 'an invisible U+200B between groups splits the token for regexes but not for the reader',
    apply: (v, e) => ({ value: insertBetweenGroups(v, e, ZWSP) }),
  },
  {
    name: 'soft-hyphen',
    entities: TARGET_ENTITIES,
    defends: 'U+00AD, left by word processors and HTML &shy;, is invisible unless the line breaks there',
    apply: (v, e) => ({ value: insertBetweenGroups(v, e, SOFT_HYPHEN) }),
  },
  {
    name: 'invisible-every-char',
    entities: TARGET_ENTITIES,
    defends: 'U+200B or U+00AD after every character: the harshest form of invisible padding',
    apply: (v, _e, rng) => ({ value: [...v].join(pick(rng, [ZWSP, SOFT_HYPHEN])) }),
  },
  {
    name: 'unicode-dash',
    entities: ['PHONE_NUMBER', 'CREDIT_CARD', 'US_SSN'],
    defends:
      'U+2011 (non-breaking hyphen) or U+2013 (en dash) as separators, from autocorrect and typesetting',
    apply: (v, e, rng) => {
      const dash = pick(rng, [NB_HYPHEN, EN_DASH]);
      if (e === 'CREDIT_CARD') return { value: cardGroups(v.replace(/\D/g, '')).join(dash) };
      const seps = digitSeparators(v);
      return seps.length === 0 ? null : { value: replaceAt(v, seps, () => dash) };
    },
  },
  {
    name: 'mixed-separators',
    entities: ['PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE'],
    defends: 'hand-typed numbers mixing spaces, hyphens and dots ("4111-1111 1111 1111")',
    apply: (v, e, rng) => {
      if (e === 'PHONE_NUMBER') {
        const at = digitSeparators(v);
        if (at.length < 2) return null;
        const seps = mixedSeparators(rng, at.length, [' ', '-', '.']);
        return { value: replaceAt(v, at, (k) => seps[k] as string) };
      }
      const groups = e === 'CREDIT_CARD' ? cardGroups(v) : chunks(v, 4);
      const seps = mixedSeparators(rng, groups.length - 1, [' ', '-']);
      return { value: groups.map((g, k) => g + (seps[k] ?? '')).join('') };
    },
  },
  {
    name: 'iban-spaces',
    entities: ['IBAN_CODE'],
    defends: 'the paper format of an IBAN, in groups of four separated by spaces',
    apply: (v) => ({ value: chunks(v, 4).join(' ') }),
  },
  {
    name: 'email-bracketed',
    entities: ['EMAIL_ADDRESS'],
    defends: 'anti-harvesting spelling "jane [at] example [dot] com"',
    apply: (v) => {
      const at = v.lastIndexOf('@');
      return {
        value: `${v.slice(0, at)} [at] ${v
          .slice(at + 1)
          .split('.')
          .join(' [dot] ')}`,
      };
    },
  },
  {
    name: 'email-parenthesized',
    entities: ['EMAIL_ADDRESS'],
    defends: 'anti-harvesting spelling "jane(at)example(dot)com"',
    apply: (v) => {
      const at = v.lastIndexOf('@');
      return {
        value: `${v.slice(0, at)}(at)${v
          .slice(at + 1)
          .split('.')
          .join('(dot)')}`,
      };
    },
  },
  {
    name: 'uppercase',
    entities: ['EMAIL_ADDRESS', 'URL'],
    defends: 'addresses in an all-caps sentence, a shouted signature or a form field',
    apply: (v) => (v.toUpperCase() === v ? null : { value: v.toUpperCase() }),
  },
  {
    name: 'wrapped',
    entities: ['US_SSN', 'CREDIT_CARD'],
    defends: 'a value quoted or parenthesised: boundaries must accept punctuation and stop before it',
    apply: (v, _e, rng) => {
      const [before, after] = pick(rng, [
        ['"', '"'],
        ["'", "'"],
        ['\u201c', '\u201d'],
        ['(', ')'],
      ] as const);
      return { value: v, before, after };
    },
  },
];

// ---------------------------------------------------------------------------------------------- hard negatives

export interface NegativeKind {
  readonly name: string;
  readonly entity: TargetEntity;
  /** Why it is not that entity, and what false positive it guards against. */
  readonly defends: string;
  make(value: string, rng: Rng): Edit | null;
}

/** Change one digit (at index `from` or later) so that `stillValid` no longer holds. */
function breakOneDigit(value: string, rng: Rng, stillValid: (s: string) => boolean, from = 0): string {
  const positions = [...value.matchAll(/\d/g)].map((m) => m.index).filter((i) => i >= from);
  for (let attempt = 0; attempt < 100; attempt++) {
    const i = pick(rng, positions);
    const d = (value.charCodeAt(i) - 48 + int(rng, 1, 9)) % 10;
    const out = value.slice(0, i) + String(d) + value.slice(i + 1);
    if (!stillValid(out)) return out;
  }
  throw new Error(`could not break the checksum of ${value}`);
}

const SSN = /^(\d{3})(\D?)(\d{2})(\D?)(\d{4})$/;
function ssnWith(value: string, part: 'area' | 'group' | 'serial', by: string): Edit | null {
  const m = SSN.exec(value);
  if (m === null) return null;
  const [, area, s1, group, s2, serial] = m as unknown as [string, string, string, string, string, string];
  const parts = { area, group, serial, [part]: by };
  return { value: `${parts.area}${s1}${parts.group}${s2}${parts.serial}` };
}

export const NEGATIVE_KINDS: readonly NegativeKind[] = [
  {
    name: 'luhn-near-miss',
    entity: 'CREDIT_CARD',
    defends: 'a real card with one digit mistyped fails Luhn: an order or account number, not a card',
    make: (v, rng) => ({ value: breakOneDigit(v, rng, (s) => luhnValid(s.replace(/\D/g, ''))) }),
  },
  {
    name: 'card-length-non-luhn',
    entity: 'CREDIT_CARD',
    defends: 'any 13-19 digit reference number (tracking, invoice, account) that fails Luhn',
    make: (v, rng) => {
      const digits = v.replace(/\D/g, '');
      let out = digits[0] ?? '4';
      while (out.length < digits.length) out += String(int(rng, 0, 9));
      if (luhnValid(out)) out = out.slice(0, -1) + String((Number(out.slice(-1)) + 1) % 10);
      return { value: rng() < 0.5 ? out : cardGroups(out).join(' ') };
    },
  },
  {
    name: 'iban-bad-check-digits',
    entity: 'IBAN_CODE',
    defends: 'an IBAN-shaped string whose check digits are wrong (ISO 7064 MOD 97-10 fails)',
    make: (v, rng) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const out = v.slice(0, 2) + pad(int(rng, 2, 96), 2) + v.slice(4);
        if (out !== v && !ibanValid(out)) return { value: out };
      }
      return null;
    },
  },
  {
    name: 'iban-near-miss',
    entity: 'IBAN_CODE',
    defends: 'an IBAN with one BBAN digit mistyped: MOD 97-10 catches every single substitution',
    make: (v, rng) => ({ value: breakOneDigit(v, rng, ibanValid, 4) }),
  },
  {
    name: 'ssn-area-000',
    entity: 'US_SSN',
    defends: 'area 000 is never issued',
    make: (v) => ssnWith(v, 'area', '000'),
  },
  {
    name: 'ssn-area-666',
    entity: 'US_SSN',
    defends: 'area 666 is never issued',
    make: (v) => ssnWith(v, 'area', '666'),
  },
  {
    name: 'ssn-area-9xx',
    entity: 'US_SSN',
    defends: 'areas 900-999 are never issued (ITINs and advertising numbers live there)',
    make: (v, rng) => ssnWith(v, 'area', `9${pad(int(rng, 0, 99), 2)}`),
  },
  {
    name: 'ssn-group-00',
    entity: 'US_SSN',
    defends: 'group 00 is never issued',
    make: (v) => ssnWith(v, 'group', '00'),
  },
  {
    name: 'ssn-serial-0000',
    entity: 'US_SSN',
    defends: 'serial 0000 is never issued',
    make: (v) => ssnWith(v, 'serial', '0000'),
  },
  {
    name: 'ipv4-octet-over-255',
    entity: 'IP_ADDRESS',
    defends: 'dotted quads with an octet above 255 (serials, OIDs, section numbers) are not IPv4',
    make: (v, rng) => {
      const octets = v.split('.');
      if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o))) return null;
      octets[int(rng, 0, 3)] = String(int(rng, 256, 999));
      return { value: octets.join('.') };
    },
  },
  {
    name: 'version-string',
    entity: 'IP_ADDRESS',
    defends: 'four-part version numbers ("v1.2.3.4") in release notes and logs',
    make: (_v, rng) => ({
      value: `v${int(rng, 0, 12)}.${int(rng, 0, 20)}.${int(rng, 0, 40)}.${int(rng, 0, 250)}`,
    }),
  },
  {
    name: 'image-file-name',
    entity: 'EMAIL_ADDRESS',
    defends: 'retina asset names ("icon@2x.png"): "@" followed by a file extension, not a domain',
    make: (_v, rng) => ({
      value: `${pick(rng, ['icon', 'logo', 'avatar', 'banner', 'hero', 'sprite', 'button'])}@${pick(rng, ['2x', '3x', '1.5x'])}.${pick(rng, ['png', 'jpg', 'webp', 'gif', 'svg'])}`,
    }),
  },
  {
    name: 'date-for-phone',
    entity: 'PHONE_NUMBER',
    defends: 'dates written with digits and separators ("2023-04-17", "17.04.2023", "04/17/2023")',
    make: (_v, rng) => {
      const y = String(int(rng, 1950, 2030));
      const m = pad(int(rng, 1, 12), 2);
      const d = pad(int(rng, 1, 28), 2);
      return { value: pick(rng, [`${y}-${m}-${d}`, `${m}/${d}/${y}`, `${d}.${m}.${y}`, `${d}-${m}-${y}`]) };
    },
  },
  {
    name: 'file-name-for-url',
    entity: 'URL',
    defends: 'a file name ("TruckInsider.pdf") is not a domain: the extension is not a top-level domain',
    make: (v, rng) => {
      const host = /^(?:[a-z]+:\/\/)?(?:www\.)?([^./]+)/i.exec(v)?.[1];
      if (host === undefined) return null;
      return { value: `${host}.${pick(rng, ['pdf', 'docx', 'xlsx', 'csv', 'txt', 'json'])}` };
    },
  },
];

// ---------------------------------------------------------------------------------------------- records

/** A labelled span of a (source or derived) record; `label` is the dataset's label. */
export interface LabelledSpan {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

export interface SourceRecord {
  readonly file: string;
  readonly index: number;
  readonly text: string;
  readonly spans: readonly LabelledSpan[];
}

export interface Slot {
  readonly record: SourceRecord;
  /** Index of the target span in `record.spans`. */
  readonly span: number;
  readonly entity: TargetEntity;
  /** `file#record/span`, stable across runs. */
  readonly id: string;
}

export type CaseSet = 'clean' | 'positive' | 'negative';

export interface Case {
  readonly set: CaseSet;
  /** Transformation or negative kind; `clean` for the unedited record. */
  readonly kind: string;
  readonly entity: TargetEntity;
  readonly slot: Slot;
  readonly text: string;
  /** The edited value (positives, clean) or the decoy (negatives), in `text`. */
  readonly target: { readonly start: number; readonly end: number };
  /** All other labelled spans of the derived record, offsets recomputed; for positives the target too. */
  readonly spans: readonly LabelledSpan[];
}

/** Gold offsets as given, or moved to the nearest occurrence of the value within 5 characters (as detect-quality). */
function locate(text: string, start: number, end: number, value: string): [number, number] {
  if (text.slice(start, end) === value) return [start, end];
  for (let d = 1; d <= 5; d++) {
    for (const at of [start - d, start + d])
      if (at >= 0 && text.startsWith(value, at)) return [at, at + value.length];
  }
  return [start, end];
}

export function loadSourceRecords(): SourceRecord[] {
  const out: SourceRecord[] = [];
  for (const file of ROBUSTNESS_FILES) {
    loadPresidio(file).forEach((r, index) => {
      const spans = r.spans
        .map((s) => {
          const [start, end] = locate(r.full_text, s.start_position, s.end_position, s.entity_value);
          return { label: s.entity_type, start, end, value: r.full_text.slice(start, end) };
        })
        .sort((a, b) => a.start - b.start);
      out.push({ file, index, text: r.full_text, spans });
    });
  }
  return out;
}

export function slotsOf(records: readonly SourceRecord[]): Slot[] {
  const slots: Slot[] = [];
  for (const record of records) {
    record.spans.forEach((s, span) => {
      const entity = TARGET_LABELS[s.label];
      if (entity !== undefined)
        slots.push({ record, span, entity, id: `${record.file}#${record.index}/${span}` });
    });
  }
  return slots;
}

/**
 * Replace the slot's span by `edit`, shifting the spans after it. Positives and clean cases keep the edited
 * span as a labelled span; negatives drop it (the decoy is not that entity).
 */
function applyEdit(slot: Slot, edit: Edit, set: CaseSet, kind: string): Case {
  const { record } = slot;
  const old = record.spans[slot.span] as LabelledSpan;
  const before = edit.before ?? '';
  const inserted = before + edit.value + (edit.after ?? '');
  const text = record.text.slice(0, old.start) + inserted + record.text.slice(old.end);
  const delta = inserted.length - (old.end - old.start);
  const target = { start: old.start + before.length, end: old.start + before.length + edit.value.length };
  const spans: LabelledSpan[] = [];
  record.spans.forEach((s, i) => {
    if (i === slot.span) {
      if (set !== 'negative') spans.push({ label: s.label, ...target, value: edit.value });
      return;
    }
    if (s.start < old.end && s.end > old.start)
      throw new Error(`${slot.id}: span ${i} overlaps the edited one`);
    const shift = s.start >= old.end ? delta : 0;
    spans.push({ ...s, start: s.start + shift, end: s.end + shift });
  });
  for (const s of spans) {
    if (text.slice(s.start, s.end) !== s.value)
      throw new Error(`${slot.id} ${kind}: span ${s.label} moved wrongly`);
  }
  return { set, kind, entity: slot.entity, slot, text, target, spans };
}

/**
 * Deal `kinds` to the slots of one entity in turn (over a seeded shuffle), `perSlot` distinct ones each,
 * skipping kinds that do not apply to a value; `make` returns null for those.
 */
function deal<K extends { readonly name: string }>(
  slots: readonly Slot[],
  kinds: readonly K[],
  perSlot: number,
  seed: number,
  set: 'positive' | 'negative',
  make: (kind: K, slot: Slot, rng: Rng) => Edit | null,
): Case[] {
  const out: Case[] = [];
  if (kinds.length === 0) return out;
  const order = shuffled(slots, rngFor(seed, set, 'order', slots[0]?.entity ?? ''));
  order.forEach((slot, k) => {
    const value = (slot.record.spans[slot.span] as LabelledSpan).value;
    let made = 0;
    for (let j = 0; j < kinds.length && made < Math.min(perSlot, kinds.length); j++) {
      const kind = kinds[(k * perSlot + j) % kinds.length] as K;
      const edit = make(kind, slot, rngFor(seed, slot.id, kind.name));
      if (edit === null || (edit.before ?? '') + edit.value + (edit.after ?? '') === value) continue;
      out.push(applyEdit(slot, edit, set, kind.name));
      made++;
    }
  });
  return out;
}

export interface CaseSets {
  readonly records: number;
  readonly slots: readonly Slot[];
  readonly clean: readonly Case[];
  readonly positives: readonly Case[];
  readonly negatives: readonly Case[];
}

export function buildCases(seed: number): CaseSets {
  const all = loadSourceRecords();
  const slots = slotsOf(all);
  const clean = slots.map((slot) => {
    const s = slot.record.spans[slot.span] as LabelledSpan;
    return applyEdit(slot, { value: s.value }, 'clean', 'clean');
  });
  const positives: Case[] = [];
  const negatives: Case[] = [];
  for (const entity of TARGET_ENTITIES) {
    const mine = slots.filter((s) => s.entity === entity);
    const value = (slot: Slot): string => (slot.record.spans[slot.span] as LabelledSpan).value;
    positives.push(
      ...deal(
        mine,
        TRANSFORMATIONS.filter((t) => t.entities.includes(entity)),
        POSITIVES_PER_SLOT,
        seed,
        'positive',
        (t, slot, rng) => t.apply(value(slot), entity, rng),
      ),
    );
    negatives.push(
      ...deal(
        mine,
        NEGATIVE_KINDS.filter((n) => n.entity === entity),
        NEGATIVES_PER_SLOT,
        seed,
        'negative',
        (n, slot, rng) => n.make(value(slot), rng),
      ),
    );
  }
  const records = new Set(slots.map((s) => s.record)).size;
  return { records, slots, clean, positives, negatives };
}
