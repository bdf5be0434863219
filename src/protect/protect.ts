/**
 * Apply a protection to every finding in a text: each finding's value is replaced by what its entity's
 * operator makes of it. Pure: keys come in as parameters, nothing is stored (the token vault, which also
 * remembers what it replaced, is separate).
 */
import { VeilgateError } from '../errors.js';
import type { Finding } from '../detect/types.js';
import { createDeterministicCipher, encryptValue, type DeterministicCipher } from './encrypt.js';
import { createFf1 } from './ff1.js';
import { hashValue } from './hash.js';
import { mask, type MaskOptions } from './mask.js';
import { redact } from './redact.js';
import { createSynthesizer, type Synthesizer } from './synthesize.js';
import type { OperatorInput } from './types.js';

/** What to do with one entity type. */
export type OperatorSpec =
  | { readonly type: 'keep' }
  | { readonly type: 'redact' }
  | ({ readonly type: 'mask' } & MaskOptions)
  | { readonly type: 'hash'; readonly bytes?: number }
  | { readonly type: 'encrypt' }
  | { readonly type: 'deterministic' }
  | { readonly type: 'fpe'; readonly allowSmallDomain?: boolean }
  | { readonly type: 'synthesize'; readonly locale?: string }
  | { readonly type: 'tokenize' };

/** Keys of one tenant, one per operator family (32 bytes each). */
export interface ProtectionKeys {
  readonly hash?: Uint8Array;
  readonly encrypt?: Uint8Array;
  readonly deterministic?: Uint8Array;
  readonly fpe?: Uint8Array;
  /** Scope key of `synthesize`: the same original gives the same fake wherever this key is used. */
  readonly synthesize?: Uint8Array;
}

/**
 * Operators that need state outside this pure function. `tokenize` needs the token vault, which is
 * asynchronous: its caller first asks the vault for the placeholders of every value to tokenize, then
 * passes them in here as a lookup.
 */
export interface ProtectionResolvers {
  readonly tokenize?: (input: OperatorInput) => string;
}

export interface AppliedProtection {
  readonly entity: string;
  readonly operator: OperatorSpec['type'];
  /** Span of the replacement in the output text. */
  readonly start: number;
  readonly end: number;
}

export interface ProtectedText {
  readonly text: string;
  readonly applied: readonly AppliedProtection[];
}

function needKey(keys: ProtectionKeys, name: keyof ProtectionKeys): Uint8Array {
  const key = keys[name];
  if (key === undefined)
    throw new VeilgateError('VG_PROTECT_BAD_INPUT', `${name}: no key was supplied for this operator`);
  return key;
}

const FPE_DIGITS = '0123456789';
const FPE_ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Format-preserving encryption of a value: its digits (or, for a value with letters of one case, its
 * letters and digits) are encrypted with FF1 and put back in place; separators and case stay. The entity
 * type is the FF1 tweak, so the same digits as a card and as an account encrypt differently.
 */
function fpeValue(
  ff1: ReturnType<typeof createFf1>,
  input: OperatorInput,
  allowSmallDomain: boolean,
  decrypt = false,
): string {
  const chars = [...input.value];
  const hasLetters = chars.some((c) => /[a-z]/i.test(c));
  const upper = chars.some((c) => /[A-Z]/.test(c));
  if (hasLetters && upper && chars.some((c) => /[a-z]/.test(c))) {
    throw new VeilgateError(
      'VG_PROTECT_BAD_INPUT',
      'fpe: values mixing upper- and lower-case letters are not supported; use encrypt',
    );
  }
  const alphabet = hasLetters ? FPE_ALNUM : FPE_DIGITS;
  const positions: number[] = [];
  const numerals: number[] = [];
  chars.forEach((c, i) => {
    const n = alphabet.indexOf(c.toLowerCase());
    if (n >= 0) {
      positions.push(i);
      numerals.push(n);
    }
  });
  const tweak = Buffer.from(input.entity, 'utf8');
  const options = { allowSmallDomain };
  const out = decrypt
    ? ff1.decrypt(tweak, alphabet.length, numerals, options)
    : ff1.encrypt(tweak, alphabet.length, numerals, options);
  out.forEach((n, k) => {
    const ch = alphabet[n] as string;
    chars[positions[k] as number] = upper ? ch.toUpperCase() : ch;
  });
  return chars.join('');
}

/** Reverse `fpe` for one value of a known entity type. */
export function fpeDecrypt(key: Uint8Array, input: OperatorInput, allowSmallDomain = false): string {
  return fpeValue(createFf1(key), input, allowSmallDomain, true);
}

/**
 * Protect `text`: `findings` (sorted, non-overlapping, as a scanner returns them) are replaced by their
 * operator's output; `policy` gives the operator for an entity type (return `keep` to leave it).
 */
export function protectText(
  text: string,
  findings: readonly Pick<Finding, 'entity' | 'start' | 'end'>[],
  policy: (entity: string) => OperatorSpec,
  keys: ProtectionKeys,
  resolvers: ProtectionResolvers = {},
): ProtectedText {
  let det: DeterministicCipher | undefined;
  let ff1: ReturnType<typeof createFf1> | undefined;
  const synthesizers = new Map<string, Synthesizer>();
  const replace = (spec: OperatorSpec, input: OperatorInput): string => {
    switch (spec.type) {
      case 'keep':
        return input.value;
      case 'redact':
        return redact(input);
      case 'mask':
        return mask(input, spec);
      case 'hash':
        return hashValue(needKey(keys, 'hash'), input, spec.bytes);
      case 'encrypt':
        return encryptValue(needKey(keys, 'encrypt'), input);
      case 'deterministic':
        det ??= createDeterministicCipher(needKey(keys, 'deterministic'));
        return det.encrypt(input);
      case 'fpe':
        ff1 ??= createFf1(needKey(keys, 'fpe'));
        return fpeValue(ff1, input, spec.allowSmallDomain === true);
      case 'synthesize': {
        const locale = spec.locale ?? 'en';
        let synth = synthesizers.get(locale);
        if (synth === undefined) {
          synth = createSynthesizer({ scopeKey: needKey(keys, 'synthesize'), locale });
          synthesizers.set(locale, synth);
        }
        return synth.synthesize(input);
      }
      case 'tokenize':
        if (resolvers.tokenize === undefined) {
          throw new VeilgateError('VG_PROTECT_BAD_INPUT', 'tokenize: needs the token vault');
        }
        return resolvers.tokenize(input);
    }
  };
  const parts: string[] = [];
  const applied: AppliedProtection[] = [];
  let pos = 0;
  let outLength = 0;
  for (const f of findings) {
    if (f.start < pos || f.end > text.length || f.end <= f.start) {
      throw new VeilgateError(
        'VG_PROTECT_BAD_INPUT',
        'findings must be sorted, non-overlapping spans inside the text',
      );
    }
    const spec = policy(f.entity);
    const before = text.slice(pos, f.start);
    const replacement = replace(spec, { entity: f.entity, value: text.slice(f.start, f.end) });
    parts.push(before, replacement);
    outLength += before.length;
    applied.push({
      entity: f.entity,
      operator: spec.type,
      start: outLength,
      end: outLength + replacement.length,
    });
    outLength += replacement.length;
    pos = f.end;
  }
  parts.push(text.slice(pos));
  return { text: parts.join(''), applied };
}
