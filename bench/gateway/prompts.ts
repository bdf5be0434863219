/**
 * Deterministic 1 KB prompts with personal data for the gateway benchmarks: support tickets, clinical notes
 * and insurance claims, each naming a person, e-mail addresses, phone numbers, a payment card with a valid
 * Luhn digit, an IBAN with valid ISO 13616 check digits, a US SSN in the issued ranges and a date of birth.
 * Every prompt is exactly PROMPT_CHARS characters of ASCII (so also that many bytes of UTF-8); the values
 * differ from prompt to prompt so no cache of a gateway (detector results, vault tokens) makes it trivial.
 * The same seed always yields the same prompts.
 */
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { prng } from '../../train/random.js';

/** The default seed; change it only together with the published numbers. */
export const PROMPT_SEED = 20260501;
export const PROMPT_CHARS = 1024;

export const SYSTEM_PROMPT =
  'You are a customer support and records assistant. Answer in plain English, in at most five sentences.';

export interface PromptValue {
  /** Veilgate's entity type for the value (for reporting what the data contains). */
  readonly entity: string;
  readonly value: string;
}

export interface BenchPrompt {
  readonly text: string;
  /** Every personal value written into `text`, in order of appearance. */
  readonly values: readonly PromptValue[];
}

type Rng = () => number;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const digits = (rng: Rng, n: number): string =>
  Array.from({ length: n }, () => String(int(rng, 0, 9))).join('');
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const FIRST_NAMES = [
  'Maria',
  'James',
  'Aisha',
  'Wei',
  'Olivia',
  'Mateo',
  'Priya',
  'Noah',
  'Fatima',
  'Lucas',
  'Hannah',
  'Kenji',
  'Sofia',
  'Daniel',
  'Amara',
  'Ethan',
  'Chloe',
  'Diego',
  'Ingrid',
  'Samuel',
  'Leila',
  'Oscar',
  'Grace',
  'Tomasz',
  'Nadia',
  'Benjamin',
  'Yuki',
  'Isabel',
  'Kwame',
  'Emma',
  'Rafael',
  'Sara',
  'Henrik',
  'Lina',
  'Marcus',
  'Elena',
];
const LAST_NAMES = [
  'Garcia',
  'Thompson',
  'Okafor',
  'Chen',
  'Schneider',
  'Rossi',
  'Patel',
  'Johansson',
  'Haddad',
  'Dubois',
  'Nakamura',
  'Kowalski',
  'Martinez',
  'Fischer',
  'Mensah',
  'Williams',
  'Novak',
  'Fernandes',
  'Larsen',
  'Murphy',
  'Khan',
  'Silva',
  'Andersson',
  'Moreau',
  'Reyes',
  'Becker',
  'Osei',
  'Walsh',
  'Ivanova',
  'Bennett',
];
// Reserved documentation domains (RFC 2606 §3): real syntax, nobody's mailbox.
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'clinic.example.org'];
// Area codes in service, so the numbers are well-formed North American numbers.
const AREA_CODES = [
  '212',
  '312',
  '415',
  '617',
  '206',
  '303',
  '512',
  '404',
  '305',
  '702',
  '713',
  '619',
  '503',
];
const CLINICS = [
  'Riverside Family Practice',
  'Northgate Cardiology',
  'St. Anne Outpatient Clinic',
  'Lakeview Health',
];
const INSURERS = ['Harbor Mutual', 'Crestline Insurance', 'Summit Health Plan', 'Bluewater Assurance'];

/** Luhn (ISO/IEC 7812-1) check digit for `body`: the digit that makes the whole number pass. */
function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function cardNumber(rng: Rng): string {
  const kind = int(rng, 0, 2);
  if (kind === 2) {
    // American Express: 34/37, 15 digits, printed 4-6-5.
    const n = `${pick(rng, ['34', '37'])}${digits(rng, 12)}`;
    const full = n + luhnCheckDigit(n);
    return `${full.slice(0, 4)} ${full.slice(4, 10)} ${full.slice(10)}`;
  }
  const prefix = kind === 0 ? '4' : String(int(rng, 51, 55));
  const n = prefix + digits(rng, 15 - prefix.length);
  const full = n + luhnCheckDigit(n);
  const sep = pick(rng, [' ', '-', '']);
  return full.match(/.{4}/g)?.join(sep) ?? full;
}

/** ISO 13616 check digits: 98 − (BBAN + country + "00", letters as 10..35) mod 97. */
function ibanCheckDigits(country: string, bban: string): string {
  let rem = 0;
  for (const ch of `${bban}${country}00`) {
    const code = ch.charCodeAt(0);
    rem = code <= 57 ? (rem * 10 + (code - 48)) % 97 : (rem * 100 + (code - 55)) % 97;
  }
  return pad(98 - rem, 2);
}

function iban(rng: Rng): string {
  const letters = (n: number): string =>
    Array.from({ length: n }, () => String.fromCharCode(65 + int(rng, 0, 25))).join('');
  // BBAN layouts of ISO 13616's registry: DE 18n, GB 4a14n, NL 4a10n, FR 23 (digits here).
  const makers: readonly (() => [string, string])[] = [
    () => ['DE', digits(rng, 18)],
    () => ['GB', `${letters(4)}${digits(rng, 14)}`],
    () => ['NL', `${letters(4)}${digits(rng, 10)}`],
    () => ['FR', digits(rng, 23)],
  ];
  const [country, bban] = pick(rng, makers)();
  const compact = `${country}${ibanCheckDigits(country, bban)}${bban}`;
  // Printed form (groups of four) on paper and in most e-mails; compact in half the prompts.
  return rng() < 0.5 ? compact : (compact.match(/.{1,4}/g)?.join(' ') ?? compact);
}

/** An SSN in the issued ranges: area 001-899 except 666, group ≠ 00, serial ≠ 0000 (SSA rules). */
function ssn(rng: Rng): string {
  let area = int(rng, 1, 899);
  if (area === 666) area = 667;
  return `${pad(area, 3)}-${pad(int(rng, 1, 99), 2)}-${pad(int(rng, 1, 9999), 4)}`;
}

/** A US number libphonenumber's full metadata accepts (assigned area code and exchange), so every phone in
 * the data is one a validating detector should find; drawn again until valid, which stays deterministic. */
function usPhone(rng: Rng): string {
  for (;;) {
    const area = pick(rng, AREA_CODES);
    const exchange = String(int(rng, 200, 999));
    const line = pad(int(rng, 0, 9999), 4);
    if (!isValidPhoneNumber(`${area}${exchange}${line}`, 'US')) continue;
    return pick(rng, [
      `(${area}) ${exchange}-${line}`,
      `+1 ${area} ${exchange} ${line}`,
      `${area}-${exchange}-${line}`,
    ]);
  }
}

function dateOfBirth(rng: Rng): string {
  const y = int(rng, 1940, 2004);
  const m = int(rng, 1, 12);
  const d = int(rng, 1, 28);
  return rng() < 0.5 ? `${y}-${pad(m, 2)}-${pad(d, 2)}` : `${pad(m, 2)}/${pad(d, 2)}/${y}`;
}

const FILLER = [
  'The customer has been with us for several years and has no previous complaints on record.',
  'Please keep the reply short and avoid repeating account details back to the customer.',
  'Earlier messages in this thread were handled by the night shift and are summarised above.',
  'The issue was reproduced once by the first-line team but could not be confirmed a second time.',
  'Attachments were scanned and contain only the statements already described in this note.',
  'No changes to the contract or the billing plan were requested in this conversation.',
  'The follow-up is due by the end of the week according to the service level agreement.',
  'Internal reference codes have been removed from this summary before sending it on.',
];

interface Person {
  first: string;
  last: string;
  email: string;
}

function person(rng: Rng): Person {
  const first = pick(rng, FIRST_NAMES);
  const last = pick(rng, LAST_NAMES);
  const email = `${first}.${last}${int(rng, 1, 99)}@${pick(rng, DOMAINS)}`.toLowerCase();
  return { first, last, email };
}

/** One prompt: the template's lines with values recorded as they are written, then filler to size. */
function buildPrompt(rng: Rng, index: number): BenchPrompt {
  const values: PromptValue[] = [];
  const v = (entity: string, value: string): string => {
    values.push({ entity, value });
    return value;
  };
  const p = person(rng);
  const name = `${p.first} ${p.last}`;
  const lines: string[] = [];
  switch (index % 3) {
    case 0:
      lines.push(
        `Support ticket #${int(rng, 100000, 999999)}, priority ${pick(rng, ['low', 'normal', 'high'])}`,
        `Customer: ${v('PERSON', name)}, date of birth ${v('DATE_OF_BIRTH', dateOfBirth(rng))}`,
        `E-mail: ${v('EMAIL_ADDRESS', p.email)}; phone: ${v('PHONE_NUMBER', usPhone(rng))}`,
        `Card on file: ${v('CREDIT_CARD', cardNumber(rng))}; refund IBAN: ${v('IBAN_CODE', iban(rng))}`,
        `Identity check (SSN): ${v('US_SSN', ssn(rng))}`,
        '',
        `Hello, this is ${v('PERSON', p.first)}. I was charged twice for the same order last week and I would ` +
          `like the second charge refunded to the account above. You can reach me on ` +
          `${v('PHONE_NUMBER', usPhone(rng))} in the evening or write to ${v('EMAIL_ADDRESS', p.email)}.`,
      );
      break;
    case 1: {
      const contact = person(rng);
      lines.push(
        `Clinical note, ${pick(rng, CLINICS)}, visit ${int(rng, 1, 12)} of the year`,
        `Patient: ${v('PERSON', name)}; DOB ${v('DATE_OF_BIRTH', dateOfBirth(rng))}; SSN ${v('US_SSN', ssn(rng))}`,
        `Contact: ${v('PHONE_NUMBER', usPhone(rng))}, ${v('EMAIL_ADDRESS', p.email)}`,
        `Emergency contact: ${v('PERSON', `${contact.first} ${contact.last}`)}, ${v('PHONE_NUMBER', usPhone(rng))}`,
        `Billing: card ${v('CREDIT_CARD', cardNumber(rng))}, direct debit from ${v('IBAN_CODE', iban(rng))}`,
        '',
        `Subjective: patient reports intermittent chest tightness for two weeks, worse on exertion, no fever. ` +
          `Plan: ECG today, lipid panel, review in ten days. Results to be sent to ${v('EMAIL_ADDRESS', contact.email)}.`,
      );
      break;
    }
    default:
      lines.push(
        `Insurance claim ${pick(rng, INSURERS)} / ${int(rng, 1000000, 9999999)}`,
        `Policy holder: ${v('PERSON', name)}, born ${v('DATE_OF_BIRTH', dateOfBirth(rng))}`,
        `Social security number: ${v('US_SSN', ssn(rng))}`,
        `Reach at ${v('EMAIL_ADDRESS', p.email)} or ${v('PHONE_NUMBER', usPhone(rng))}`,
        `Payout account: ${v('IBAN_CODE', iban(rng))}; premium card: ${v('CREDIT_CARD', cardNumber(rng))}`,
        '',
        `Claim description: water damage in the kitchen after a burst pipe on the second floor. The plumber's ` +
          `invoice is attached. ${v('PERSON', p.first)} asks whether the deductible applies twice.`,
      );
  }
  let text = lines.join('\n');
  if (text.length > PROMPT_CHARS)
    throw new Error(`prompt ${index} is ${text.length} characters before filler`);
  text += '\n\n';
  while (text.length < PROMPT_CHARS) text += `${pick(rng, FILLER)} `;
  return { text: text.slice(0, PROMPT_CHARS), values };
}

/** `count` distinct prompts from `seed`; the same arguments always give the same prompts. */
export function benchPrompts(count = 200, seed = PROMPT_SEED): BenchPrompt[] {
  const rng: Rng = prng(seed);
  return Array.from({ length: count }, (_, i) => buildPrompt(rng, i));
}

/** The JSON body of one chat completion request carrying `prompt` as the user message. */
export function chatRequestBody(prompt: BenchPrompt, model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: prompt.text },
    ],
    max_tokens: 200,
    ...(stream ? { stream: true } : {}),
  });
}
