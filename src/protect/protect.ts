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
  | ({ readonly type: 'fpe' } & FpeOptions)
  | { readonly type: 'synthesize'; readonly locale?: string }
  | { readonly type: 'tokenize' };

/** Every operator, by the `type` of its spec: the names policy and profile files may use. */
export const OPERATOR_TYPES = [
  'keep',
  'redact',
  'mask',
  'hash',
  'encrypt',
  'deterministic',
  'fpe',
  'synthesize',
  'tokenize',
] as const satisfies readonly OperatorSpec['type'][];

/** Keys of one tenant, one per operator family (32 bytes each). */
export interface ProtectionKeys {
  readonly hash?: Uint8Array;
  readonly encrypt?: Uint8Array;
  readonly deterministic?: Uint8Array;
  readonly fpe?: Uint8Array;
  /** Scope key of `synthesize`: the same original gives the same fake wherever this key is used. */
  readonly synthesize?: Uint8Array;
}

/** The operators that read a key of the tenant, named as the `ProtectionKeys` they read. */
export const KEYED_OPERATORS = [
  'hash',
  'encrypt',
  'deterministic',
  'fpe',
  'synthesize',
] as const satisfies readonly (keyof ProtectionKeys)[];

export function operatorNeedsKey(spec: OperatorSpec): boolean {
  return (KEYED_OPERATORS as readonly string[]).includes(spec.type);
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
  /** For `fpe` with the alphanumeric alphabet: needed to decrypt it. */
  readonly alphabet?: 'alphanumeric';
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

export interface FpeOptions {
  /** Allow domains below 10^6 values, which SP 800-38G Rev. 1 (draft) forbids. */
  readonly allowSmallDomain?: boolean;
  /**
   * `digits` (default): only digits are encrypted; letters and separators stay. `alphanumeric`: letters
   * and digits are encrypted together (radix 36), letters come out upper-case (case is not kept).
   * Decryption must use the same alphabet: it is part of the key, not of the value.
   */
  readonly alphabet?: 'digits' | 'alphanumeric';
}

/**
 * Format-preserving encryption of a value: the characters of the chosen alphabet are encrypted with FF1
 * and put back in place, everything else stays. The alphabet comes from the policy, never from the value:
 * a ciphertext of a value with letters may have none, and decryption must read it the same way. The
 * entity type is the FF1 tweak, so the same digits as a card and as an account encrypt differently.
 */
function fpeValue(
  ff1: ReturnType<typeof createFf1>,
  input: OperatorInput,
  options: FpeOptions,
  decrypt = false,
): string {
  const alphanumeric = options.alphabet === 'alphanumeric';
  const alphabet = alphanumeric ? FPE_ALNUM : FPE_DIGITS;
  const chars = [...input.value];
  const positions: number[] = [];
  const numerals: number[] = [];
  chars.forEach((c, i) => {
    const n = c.length === 1 ? alphabet.indexOf(alphanumeric ? c.toLowerCase() : c) : -1;
    if (n >= 0) {
      positions.push(i);
      numerals.push(n);
    }
  });
  const tweak = Buffer.from(input.entity, 'utf8');
  const ff1Options = { allowSmallDomain: options.allowSmallDomain === true };
  const out = decrypt
    ? ff1.decrypt(tweak, alphabet.length, numerals, ff1Options)
    : ff1.encrypt(tweak, alphabet.length, numerals, ff1Options);
  out.forEach((n, k) => {
    chars[positions[k] as number] = (alphabet[n] as string).toUpperCase();
  });
  return chars.join('');
}

/** Reverse `fpe` for one value of a known entity type, with the options it was encrypted with. */
export function fpeDecrypt(key: Uint8Array, input: OperatorInput, options: FpeOptions = {}): string {
  return fpeValue(createFf1(key), input, options, true);
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
        return fpeValue(ff1, input, spec);
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
      ...(spec.type === 'fpe' && spec.alphabet === 'alphanumeric'
        ? { alphabet: 'alphanumeric' as const }
        : {}),
      start: outLength,
      end: outLength + replacement.length,
    });
    outLength += replacement.length;
    pos = f.end;
  }
  parts.push(text.slice(pos));
  return { text: parts.join(''), applied };
}
