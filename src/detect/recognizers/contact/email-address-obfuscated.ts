import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { validateEmailDomain } from './email-address.js';

// Separators people use to hide an address from harvesters: "jane [at] example [dot] com",
// "jane(at)example(dot)com", "jane at example dot com".
const AT = String.raw`(?:\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*|\s+at\s+|\s+@\s+)`;
const DOT = String.raw`(?:\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+dot\s+|\.)`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const LOCAL = String.raw`[\p{L}\p{N}_%+-](?:[\p{L}\p{N}._%+-]{0,63})`;

/** Generic and common country TLDs accepted in the spelled-out form, where a false positive is likelier. */
const SPELLED_TLDS = new Set(
  'com org net edu gov mil int info biz io ai co app dev me us uk de fr es it nl be ch at se no dk fi pl pt ie ca au nz in jp cn br mx ru za eu'.split(
    ' ',
  ),
);

/** Words that start "x at y" phrases in ordinary prose. */
const COMMON_WORDS = new Set(
  'me him her us them you it this that look looked looking stay stayed arrive arrived meet be is are was were see here there home work'.split(
    ' ',
  ),
);

const OBFUSCATED = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])${LOCAL}${AT}${LABEL}(?:${DOT}${LABEL}){0,3}${DOT}\p{L}{2,24}(?![\p{L}\p{N}_-])`,
  'giu',
);

export const emailAddressObfuscated: RecognizerSpec = Object.freeze({
  id: 'email-address-obfuscated',
  entity: 'EMAIL_ADDRESS',
  version: '1.0.0',
  description:
    'E-mail addresses written to evade harvesters: "jane [at] example [dot] com", "jane at example dot com"',
  // Every accepted form has a bracketed "at"/"dot" or a spelled-out " dot " (see validate); each pattern
  // runs only around its own cheap anchor, which lies within a local part, the "at" and four labels.
  patterns: [
    {
      name: 'bracketed',
      regex: OBFUSCATED,
      score: 0.85,
      anchor: { pattern: /[[({<] ?(?:[Aa][Tt]|@|[Dd][Oo][Tt]) ?[\])}>]/g, before: 200, after: 140 },
    },
    {
      name: 'spelled-out',
      regex: OBFUSCATED,
      score: 0.85,
      anchor: { pattern: / [Dd][Oo][Tt] /g, before: 200, after: 140 },
    },
  ],
  validate(value: string): ValidationResult {
    // Plain addresses are the other recognizer's; this one needs at least one disguised separator.
    if (!/\s|[[({<]/.test(value)) return 'invalid';
    const lower = value.toLowerCase();
    const bracketed = /[[({<]/.test(value);
    if (!bracketed) {
      // Unbracketed "x at y dot com" is also how prose reads ("look at this dot com", "me at google.com"),
      // so it needs a spelled-out "dot", a known TLD and a local part that is not a common word.
      const words = lower.split(/\s+/);
      if (!words.includes('dot')) return 'invalid';
      if (COMMON_WORDS.has(words[0] as string)) return 'invalid';
      if (!SPELLED_TLDS.has(words[words.length - 1] as string)) return 'invalid';
    }
    const canonical = lower.replace(new RegExp(AT, 'giu'), '@').replace(new RegExp(DOT, 'giu'), '.');
    const verdict = validateEmailDomain(canonical);
    if (verdict === 'invalid') return verdict;
    return { validation: 'neutral', score: bracketed ? 0.9 : 0.7 };
  },
});
