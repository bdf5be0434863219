import type { RecognizerSpec, ValidationResult } from '../../types.js';
import { digitsOf, luhnValid } from '../../validators/checksums.js';

interface IssuerRange {
  readonly name: string;
  /** Inclusive prefix ranges, compared on the same number of leading digits. */
  readonly prefixes: readonly (readonly [string, string])[];
  readonly lengths: readonly number[];
  /** Issuers whose numbers are long and distinctive score higher than short, loosely-ranged ones. */
  readonly strong: boolean;
}

// Issuer identification ranges (ISO/IEC 7812 IINs as published by the networks).
const ISSUERS: readonly IssuerRange[] = [
  { name: 'visa', prefixes: [['4', '4']], lengths: [13, 16, 19], strong: true },
  {
    name: 'mastercard',
    prefixes: [
      ['51', '55'],
      ['2221', '2720'],
    ],
    lengths: [16],
    strong: true,
  },
  {
    name: 'amex',
    prefixes: [
      ['34', '34'],
      ['37', '37'],
    ],
    lengths: [15],
    strong: true,
  },
  {
    name: 'discover',
    prefixes: [
      ['6011', '6011'],
      ['644', '649'],
      ['65', '65'],
      ['622126', '622925'],
    ],
    lengths: [16, 17, 18, 19],
    strong: true,
  },
  {
    name: 'diners',
    prefixes: [
      ['300', '305'],
      ['3095', '3095'],
      ['36', '36'],
      ['38', '39'],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
    strong: true,
  },
  { name: 'jcb', prefixes: [['3528', '3589']], lengths: [16, 17, 18, 19], strong: true },
  {
    name: 'jcb-legacy',
    prefixes: [
      ['2131', '2131'],
      ['1800', '1800'],
    ],
    lengths: [15],
    strong: true,
  },
  {
    name: 'unionpay',
    prefixes: [
      ['62', '62'],
      ['81', '81'],
    ],
    lengths: [16, 17, 18, 19],
    strong: true,
  },
  { name: 'mir', prefixes: [['2200', '2204']], lengths: [16, 17, 18, 19], strong: true },
  {
    name: 'maestro',
    prefixes: [
      ['50', '50'],
      ['56', '69'],
    ],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
    strong: false,
  },
  {
    name: 'rupay',
    prefixes: [
      ['60', '60'],
      ['508', '508'],
      ['82', '82'],
    ],
    lengths: [16],
    strong: false,
  },
  { name: 'troy', prefixes: [['9792', '9792']], lengths: [16], strong: false },
  // Numbers card generators and old issuer tables still produce: 35xx outside JCB's assigned 3528-3589,
  // and the retired 0604 Maestro/Laser range. Accepted only with a card word nearby.
  {
    name: 'legacy-or-unassigned',
    prefixes: [
      ['35', '35'],
      ['0604', '0604'],
    ],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
    strong: false,
  },
];

function inRange(digits: string, [lo, hi]: readonly [string, string]): boolean {
  const head = digits.slice(0, lo.length);
  return head >= lo && head <= hi;
}

export function matchIssuer(digits: string): IssuerRange | undefined {
  return ISSUERS.find((i) => i.lengths.includes(digits.length) && i.prefixes.some((r) => inRange(digits, r)));
}

/** Separators must be consistent enough to be a card layout: groups of 4 (or 4-6-5 for Amex and Diners). */
function separatorsPlausible(value: string): boolean {
  // Dots only in the printed 4-4-4-4 layout ("4454.7945.1139.0933"); elsewhere they mark decimals.
  if (value.includes('.') && !/^\d{4}(?:[ .-]\d{4}){2,3}(?:[ .-]\d{1,3})?$/.test(value)) return false;
  const groups = value.split(/[ .-]+/);
  if (groups.length === 1) return true;
  return (
    groups.every((g) => g.length >= 3 && g.length <= 6) || groups.slice(0, -1).every((g) => g.length === 4)
  );
}

export function validateCreditCard(value: string): ValidationResult {
  const digits = digitsOf(value);
  if (digits.length < 12 || digits.length > 19) return 'invalid';
  if (/^(\d)\1+$/.test(digits)) return 'invalid'; // 0000…, 1111…: placeholders, though some pass Luhn
  if (!luhnValid(digits)) return 'invalid';
  const issuer = matchIssuer(digits);
  if (issuer === undefined) return 'invalid';
  if (!separatorsPlausible(value)) return 'invalid';
  // One in ten random digit strings passes Luhn; a short number or a loose range needs a card word nearby
  // (the context boost lifts 0.45 to 0.8).
  if (!issuer.strong || digits.length < 14) return { validation: 'valid', score: 0.45 };
  return 'valid';
}

export const creditCard: RecognizerSpec = Object.freeze({
  id: 'credit-card',
  entity: 'CREDIT_CARD',
  version: '1.0.0',
  description: 'Payment card numbers (PAN): 12-19 digits, Luhn checksum and issuer ranges',
  patterns: [
    {
      name: 'pan',
      regex: /(?<![\w.,+-])\d(?:[ .-]?\d){11,18}(?![\w-]|[.,]\d)/g,
      score: 0.3,
    },
  ],
  validate: validateCreditCard,
  context: {
    words: [
      'credit',
      'card',
      'visa',
      'mastercard',
      'amex',
      'american express',
      'discover',
      'debit',
      'cc',
      'pan',
      'payment',
      'maestro',
      'jcb',
      'diners',
      'unionpay',
      'carte',
      'tarjeta',
      'kreditkarte',
    ],
  },
});
