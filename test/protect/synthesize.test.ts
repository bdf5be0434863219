import { isIP } from 'node:net';
import { allLocales } from '@faker-js/faker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VeilgateError } from '../../src/errors.js';
import {
  abaRoutingValid,
  digitsOf,
  luhnValid,
  mod97Valid,
  nhsMod11Valid,
  verhoeffValid,
} from '../../src/detect/validators/checksums.js';
import { validateCreditCard } from '../../src/detect/recognizers/financial/credit-card.js';
import { IBAN_LENGTHS, validateIban } from '../../src/detect/recognizers/financial/iban-code.js';
import { validateRoutingNumber } from '../../src/detect/recognizers/financial/us-routing-number.js';
import { validateSsn } from '../../src/detect/recognizers/government/us-ssn.js';
import { validateItin } from '../../src/detect/recognizers/government/us-itin.js';
import { validateNhsNumber } from '../../src/detect/recognizers/government/uk-nhs-number.js';
import { validateSin } from '../../src/detect/recognizers/government/ca-sin.js';
import { validateAadhaar } from '../../src/detect/recognizers/government/in-aadhaar.js';
import { validateNif } from '../../src/detect/recognizers/government/es-nif.js';
import { nieValid } from '../../src/detect/recognizers/government/es-nie.js';
import { validateNpi } from '../../src/detect/recognizers/health/us-npi.js';
import { validateDea } from '../../src/detect/recognizers/health/us-dea-number.js';
import { createSynthesizer, type Synthesizer } from '../../src/protect/synthesize.js';

const keyA = new Uint8Array(32).fill(1);
const keyB = new Uint8Array(32).fill(2);
const synth = createSynthesizer({ scopeKey: keyA });
const other = createSynthesizer({ scopeKey: keyB });
const fake = (entity: string, value: string, s: Synthesizer = synth): string =>
  s.synthesize({ entity, value });

/** Every non-alphanumeric character with its position: what "same layout" means. */
function layout(s: string): string {
  return [...s].map((ch) => (/[0-9A-Za-z]/.test(ch) ? '#' : ch)).join('');
}

// ---------------------------------------------------------------------------------------------------------
// Generators of valid originals

const digitString = (n: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** The one check digit that makes `valid` pass, or undefined. */
function complete(payload: string, valid: (d: string) => boolean): string | undefined {
  for (let d = 0; d <= 9; d++) if (valid(payload + String(d))) return payload + String(d);
  return undefined;
}

/** Apply a separator layout to a digit string: groups of the given sizes joined by `sep`. */
function group(digits: string, sizes: readonly number[], sep: string): string {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(digits.slice(at, at + n));
    at += n;
  }
  if (at < digits.length) out.push(digits.slice(at));
  return out.filter((g) => g !== '').join(sep);
}

const cardArb = fc
  .record({
    family: fc.constantFrom(
      { prefix: '4', length: 16 },
      { prefix: '4', length: 13 },
      { prefix: '51', length: 16 },
      { prefix: '55', length: 16 },
      { prefix: '2221', length: 16 },
      { prefix: '34', length: 15 },
      { prefix: '37', length: 15 },
      { prefix: '6011', length: 16 },
    ),
    body: digitString(18),
    sep: fc.constantFrom('', ' ', '-'),
  })
  .map(({ family, body, sep }) => {
    const payload = (family.prefix + body).slice(0, family.length - 1);
    const digits = complete(payload, luhnValid) as string;
    const sizes = family.length === 15 ? [4, 6, 5] : [4, 4, 4, 4];
    return { digits, family: family.prefix, value: group(digits, sizes, sep) };
  })
  .filter(({ digits }) => !/^(\d)\1+$/.test(digits));

const IBAN_COUNTRIES = ['DE', 'GB', 'FR', 'ES', 'NL', 'IT', 'CH', 'NO', 'MT', 'BE'] as const;
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function ibanCheck(country: string, bban: string): string {
  let rem = 0;
  for (const ch of `${bban}${country}00`) {
    const v = ALNUM.indexOf(ch);
    rem = v < 10 ? (rem * 10 + v) % 97 : (rem * 100 + v) % 97;
  }
  return String(98 - rem).padStart(2, '0');
}

const ibanArb = fc
  .record({
    country: fc.constantFrom(...IBAN_COUNTRIES),
    letters: fc.integer({ min: 0, max: 4 }),
    chars: fc.array(fc.integer({ min: 0, max: 35 }), { minLength: 30, maxLength: 30 }),
    grouped: fc.boolean(),
    lower: fc.boolean(),
  })
  .map(({ country, letters, chars, grouped, lower }) => {
    const length = IBAN_LENGTHS[country] as number;
    // A bank code of letters first (as in GB, NL, MT), then digits.
    const bban = chars
      .slice(0, length - 4)
      .map((v, i) => (i < letters ? ALNUM[10 + (v % 26)] : ALNUM[v % 10]))
      .join('');
    const compact = `${country}${ibanCheck(country, bban)}${bban}`;
    const printed = grouped ? (compact.match(/.{1,4}/g) ?? []).join(' ') : compact;
    return lower ? printed.toLowerCase() : printed;
  });

const ssnArb = fc
  .record({
    area: fc.integer({ min: 1, max: 899 }).filter((a) => a !== 666),
    group: fc.integer({ min: 1, max: 99 }),
    serial: fc.integer({ min: 1, max: 9999 }),
    sep: fc.constantFrom('-', '', ' '),
  })
  .map(({ area, group: g, serial, sep }) =>
    [String(area).padStart(3, '0'), String(g).padStart(2, '0'), String(serial).padStart(4, '0')].join(sep),
  );

/** A valid number of `length` digits for `valid`, laid out with `sizes` and a separator. */
const checkedArb = (
  first: fc.Arbitrary<string>,
  length: number,
  valid: (d: string) => boolean,
  sizes: readonly number[],
): fc.Arbitrary<string> =>
  fc
    .record({ first, body: digitString(length), sep: fc.constantFrom('', ' ', '-') })
    .map(({ first: f, body, sep }) => {
      const digits = complete((f + body).slice(0, length - 1), valid);
      return digits === undefined ? undefined : group(digits, sizes, sep);
    })
    .filter((v): v is string => v !== undefined && !/^(\d)\1+$/.test(digitsOf(v)));

const firstDigit = (digits: string): fc.Arbitrary<string> => fc.constantFrom(...digits.split(''));

// ---------------------------------------------------------------------------------------------------------

describe('createSynthesizer options', () => {
  function expectBadInput(f: () => unknown): void {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(VeilgateError);
      expect((e as VeilgateError).code).toBe('VG_PROTECT_BAD_INPUT');
      return;
    }
    throw new Error('expected VG_PROTECT_BAD_INPUT');
  }

  it('rejects a scope key shorter than 16 bytes, or not bytes at all', () => {
    expectBadInput(() => createSynthesizer({ scopeKey: new Uint8Array(15) }));
    expectBadInput(() =>
      createSynthesizer({ scopeKey: 'a-long-enough-string-key' as unknown as Uint8Array }),
    );
    expect(() => createSynthesizer({ scopeKey: new Uint8Array(16) })).not.toThrow();
  });

  it('accepts faker locales in either spelling and rejects unknown ones', () => {
    for (const locale of ['en', 'de', 'fr', 'es', 'de-AT', 'en_US', 'pt_BR']) {
      expect(() => createSynthesizer({ scopeKey: keyA, locale })).not.toThrow();
    }
    for (const locale of ['xx', '', 'base', 'english']) {
      expectBadInput(() => createSynthesizer({ scopeKey: keyA, locale }));
    }
  });

  it('copies nothing from the key it is given after creation that would change results', () => {
    const key = new Uint8Array(32).fill(9);
    const s = createSynthesizer({ scopeKey: key });
    const before = fake('PERSON', 'Jane Roe', s);
    key.fill(0);
    expect(fake('PERSON', 'Jane Roe', s)).toBe(before);
  });
});

describe('determinism and consistency', () => {
  it('gives the same fake for the same value in the same scope, across instances', () => {
    const again = createSynthesizer({ scopeKey: new Uint8Array(32).fill(1) });
    for (const [entity, value] of [
      ['PERSON', 'Jane Roe'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['EMAIL_ADDRESS', 'jane.roe@corp.example'],
      ['DATE_OF_BIRTH', '04/12/1961'],
      ['STREET_ADDRESS', '1600 Amphitheatre Parkway, Mountain View, CA 94043'],
      ['MEDICAL_RECORD_NUMBER', 'MRN-00482913'],
    ] as const) {
      expect(fake(entity, value)).toBe(fake(entity, value));
      expect(fake(entity, value, again)).toBe(fake(entity, value));
    }
  });

  it('ignores separators for number-like entities: same digits, each in its own layout', () => {
    const spaced = fake('CREDIT_CARD', '4111 1111 1111 1111');
    const dashed = fake('CREDIT_CARD', '4111-1111-1111-1111');
    const compact = fake('CREDIT_CARD', '4111111111111111');
    expect(digitsOf(spaced)).toBe(compact);
    expect(digitsOf(dashed)).toBe(compact);
    expect(layout(spaced)).toBe('#### #### #### ####');
    expect(layout(dashed)).toBe('####-####-####-####');
    expect(digitsOf(fake('US_SSN', '536-22-1234'))).toBe(fake('US_SSN', '536221234'));
    expect(digitsOf(fake('PHONE_NUMBER', '(212) 867-5309'))).toBe(
      digitsOf(fake('PHONE_NUMBER', '212.867.5309')),
    );
    expect(fake('IBAN_CODE', 'DE89 3704 0044 0532 0130 00').replace(/ /g, '')).toBe(
      fake('IBAN_CODE', 'DE89370400440532013000'),
    );
  });

  it('ignores case and spacing for names, and keeps surrounding whitespace', () => {
    expect(fake('PERSON', 'JOHN SMITH')).toBe(fake('PERSON', 'John Smith').toUpperCase());
    expect(fake('PERSON', 'john  smith')).toBe(fake('PERSON', 'John Smith').replace(' ', '  ').toLowerCase());
    expect(fake('PERSON', '  John Smith\n')).toBe(`  ${fake('PERSON', 'John Smith')}\n`);
  });

  it('gives unrelated fakes in different scopes', () => {
    const values = fc.sample(cardArb, { numRuns: 50, seed: 42 }).map((c) => c.value);
    let differ = 0;
    for (const v of values) if (fake('CREDIT_CARD', v) !== fake('CREDIT_CARD', v, other)) differ++;
    expect(differ).toBe(50);
    const names = Array.from({ length: 50 }, (_, i) => `Person Number${i}`);
    differ = names.filter((n) => fake('PERSON', n) !== fake('PERSON', n, other)).length;
    expect(differ).toBeGreaterThanOrEqual(49);
  });

  it('gives different fakes to different values', () => {
    const fakes = new Set(
      fc.sample(cardArb, { numRuns: 200, seed: 7 }).map((c) => digitsOf(fake('CREDIT_CARD', c.digits))),
    );
    expect(fakes.size).toBeGreaterThanOrEqual(199);
  });
});

describe('checksums, types and layouts', () => {
  it('credit cards: Luhn-valid, same network, length and separators', () => {
    fc.assert(
      fc.property(cardArb, ({ value, digits, family }) => {
        const out = fake('CREDIT_CARD', value);
        const d = digitsOf(out);
        expect(out).not.toBe(value);
        expect(d).not.toBe(digits);
        expect(d.length).toBe(digits.length);
        expect(luhnValid(d)).toBe(true);
        expect(layout(out)).toBe(layout(value));
        if (family === '4') expect(d[0]).toBe('4');
        if (family === '34' || family === '37' || family === '6011') expect(d.startsWith(family)).toBe(true);
        if (family.startsWith('5')) expect(d).toMatch(/^5[1-5]/);
        expect(validateCreditCard(out)).not.toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });

  it('IBANs: same country, length, grouping and case, valid MOD 97-10', () => {
    fc.assert(
      fc.property(ibanArb, (value) => {
        expect(validateIban(value)).toBe('valid');
        const out = fake('IBAN_CODE', value);
        expect(out).not.toBe(value);
        expect(out.slice(0, 2)).toBe(value.slice(0, 2));
        expect(out.length).toBe(value.length);
        expect(layout(out)).toBe(layout(value));
        expect(out === out.toLowerCase()).toBe(value === value.toLowerCase());
        expect(mod97Valid(out)).toBe(true);
        expect(validateIban(out)).toBe('valid');
      }),
      { numRuns: 300 },
    );
  });

  it('SSNs: issuable area, group and serial, same separators', () => {
    fc.assert(
      fc.property(ssnArb, (value) => {
        const out = fake('US_SSN', value);
        const d = digitsOf(out);
        expect(out).not.toBe(value);
        expect(layout(out)).toBe(layout(value));
        expect(d).toHaveLength(9);
        expect(d.slice(0, 3)).not.toMatch(/^(?:000|666|9\d\d)$/);
        expect(d.slice(3, 5)).not.toBe('00');
        expect(d.slice(5)).not.toBe('0000');
        expect(validateSsn(out)).not.toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });

  it('national and health ids keep their check digits and layout', () => {
    const cases: [string, fc.Arbitrary<string>, (fake: string) => boolean][] = [
      [
        'UK_NHS_NUMBER',
        checkedArb(firstDigit('4679'), 10, nhsMod11Valid, [3, 3, 4]),
        (o) => nhsMod11Valid(digitsOf(o)) && validateNhsNumber(o) !== 'invalid',
      ],
      [
        'US_NPI',
        checkedArb(firstDigit('12'), 10, (d) => luhnValid(`80840${d}`), [10]),
        (o) => luhnValid(`80840${o}`) && validateNpi(o) !== 'invalid',
      ],
      [
        'US_ROUTING_NUMBER',
        checkedArb(fc.constantFrom('01', '02', '11', '21', '26', '32'), 9, abaRoutingValid, [9]),
        (o) => abaRoutingValid(o) && validateRoutingNumber(o) !== 'invalid',
      ],
      [
        'CA_SIN',
        checkedArb(firstDigit('1234567'), 9, luhnValid, [3, 3, 3]),
        (o) => luhnValid(digitsOf(o)) && validateSin(o) !== 'invalid',
      ],
      [
        'IN_AADHAAR',
        checkedArb(firstDigit('23456789'), 12, verhoeffValid, [4, 4, 4]),
        (o) => verhoeffValid(digitsOf(o)) && validateAadhaar(o) !== 'invalid',
      ],
    ];
    for (const [entity, arb, ok] of cases) {
      fc.assert(
        fc.property(arb, (value) => {
          const out = fake(entity, value);
          expect(out).not.toBe(value);
          expect(layout(out)).toBe(layout(value));
          expect(ok(out), `${entity} ${value} → ${out}`).toBe(true);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('ITIN, DEA, NIF and NIE stay valid', () => {
    for (const v of ['912-70-1234', '900-93-0000', '999999999'])
      expect(validateItin(fake('US_ITIN', v))).not.toBe('invalid');
    for (const v of ['AB1234563', 'BJ9999999', 'F91234563']) {
      const out = fake('US_DEA_NUMBER', v);
      expect(out).toMatch(/^[A-Z][A-Z9]\d{7}$/);
      expect(validateDea(out)).not.toBe('invalid');
    }
    for (const v of ['12345678Z', '00000023T', '87654321-X']) {
      const out = fake('ES_NIF', v);
      expect(layout(out)).toBe(layout(v));
      expect(validateNif(out)).not.toBe('invalid');
    }
    for (const v of ['X1234567L', 'Y-7654321-G', 'z0000000t']) {
      const out = fake('ES_NIE', v);
      expect(layout(out)).toBe(layout(v));
      expect(nieValid(out)).toBe(true);
    }
  });

  it('phone numbers: same digit count and separators, fictional ranges where they exist', () => {
    const grouped = fc
      .record({
        groups: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 5 }),
        digits: digitString(20),
        sep: fc.constantFrom(' ', '-', '.'),
        plus: fc.boolean(),
      })
      .map(({ groups, digits, sep, plus }) => (plus ? '+' : '') + group(digits, groups, sep))
      .filter((v) => digitsOf(v).length >= 7);
    fc.assert(
      fc.property(grouped, (value) => {
        const out = fake('PHONE_NUMBER', value);
        expect(out).not.toBe(value);
        expect(layout(out)).toBe(layout(value));
      }),
      { numRuns: 300 },
    );
    const nanp = fc
      .tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), digitString(4))
      .map(([a, b, c]) => `(${a}) ${b}-${c}`);
    fc.assert(
      fc.property(nanp, (value) => {
        const out = fake('PHONE_NUMBER', value);
        expect(out).toMatch(/^\(\d{3}\) 555-01\d\d$/);
      }),
    );
    expect(fake('PHONE_NUMBER', '+1 212-867-5309')).toMatch(/^\+1 \d{3}-555-01\d\d$/);
    expect(fake('PHONE_NUMBER', '+44 20 7946 0958')).toMatch(/^\+44 20 7946 0\d{3}$/);
    expect(fake('PHONE_NUMBER', '07700 912345')).toMatch(/^07700 900\d{3}$/);
    expect(fake('PHONE_NUMBER', '+49 30 1234567')).toMatch(/^\+49 3\d \d{7}$/);
    expect(fake('PHONE_NUMBER', '555-123-4567 ext. 89')).toMatch(/^\d{3}-555-01\d\d ext\. \d\d$/);
  });

  it('e-mail addresses: a plain local part at a reserved domain', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (value) => {
        const out = fake('EMAIL_ADDRESS', value);
        expect(out).toMatch(/^[a-z0-9._]+@example\.(?:com|org|net)$/);
      }),
      { numRuns: 300 },
    );
    expect(fake('EMAIL_ADDRESS', 'JANE.ROE@CORP.COM')).toMatch(/^[A-Z0-9._]+@EXAMPLE\.(?:COM|ORG|NET)$/);
  });

  it('IP addresses: documentation ranges, IPv6 form and zone kept', () => {
    fc.assert(
      fc.property(fc.ipV4(), (value) => {
        const out = fake('IP_ADDRESS', value);
        expect(isIP(out)).toBe(4);
        expect(out).toMatch(/^(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/);
        expect(out).not.toBe(value);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.ipV6(), (value) => {
        const out = fake('IP_ADDRESS', value);
        expect(isIP(out)).toBe(6);
        expect(out).toMatch(/^2001:0?db8:/i);
      }),
      { numRuns: 300 },
    );
    expect(fake('IP_ADDRESS', 'fe80::1%eth0')).toMatch(/^2001:db8:[0-9a-f:]+%eth0$/);
    expect(fake('IP_ADDRESS', 'FE80:0000:0000:0000:0202:B3FF:FE1E:8329')).toMatch(
      /^2001:0DB8(?::[0-9A-F]{4}){6}$/,
    );
  });

  it('URLs: https on a reserved domain with as many path segments', () => {
    const out = fake('URL', 'https://www.acme-corp.com/patients/12345/record.pdf?id=9#top');
    expect(out).toMatch(
      /^https:\/\/example\.(?:com|org|net)\/[a-z]+\/\d{5}\/[a-z]+\.pdf\?[a-z]+=\d+#[a-z]+$/,
    );
    expect(fake('URL', 'www.jane-roe.net')).toMatch(/^www\.example\.(?:com|org|net)$/);
  });

  it('MAC addresses: same separator and case, locally administered unicast', () => {
    const mac = fc
      .record({
        bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }),
        sep: fc.constantFrom(':', '-', '.'),
        upper: fc.boolean(),
      })
      .map(({ bytes, sep, upper }) => {
        const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
        const s = sep === '.' ? (hex.match(/.{4}/g) ?? []).join('.') : (hex.match(/.{2}/g) ?? []).join(sep);
        return upper ? s.toUpperCase() : s;
      });
    fc.assert(
      fc.property(mac, (value) => {
        const out = fake('MAC_ADDRESS', value);
        expect(layout(out)).toBe(layout(value));
        const first = parseInt(out.replace(/[^0-9A-Fa-f]/g, '').slice(0, 2), 16);
        expect(first & 0x02).toBe(2);
        expect(first & 0x01).toBe(0);
        if (/[a-f]/.test(value)) expect(out).toBe(out.toLowerCase());
        if (/[A-F]/.test(value)) expect(out).toBe(out.toUpperCase());
      }),
      { numRuns: 200 },
    );
  });

  it('ages: within three years, 90 and over stays 90 and over', () => {
    for (let n = 0; n <= 120; n++) {
      const out = Number(fake('AGE', String(n)));
      expect(out).not.toBe(n);
      expect(Math.abs(out - n)).toBeLessThanOrEqual(3);
      expect(out).toBeGreaterThanOrEqual(0);
      if (n >= 90) expect(out).toBeGreaterThanOrEqual(90);
    }
  });

  it('ZIP codes and unknown entities keep their shape', () => {
    const shapeOf = (s: string): string =>
      [...s]
        .map((ch) => (/\p{Lu}/u.test(ch) ? 'A' : /\p{L}/u.test(ch) ? 'a' : /\p{N}/u.test(ch) ? '9' : ch))
        .join('');
    for (const v of ['94043', '94043-1351', 'SW1A 2AA', 'K1A 0B1', '75008']) {
      expect(shapeOf(fake('ZIP_CODE', v))).toBe(shapeOf(v));
    }
    fc.assert(
      fc.property(
        fc
          .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 })
          .filter((s) => s.trim() === s && /[0-9A-Za-z]/.test(s)),
        (value) => {
          const out = fake('SOME_INTERNAL_ID', value);
          expect(shapeOf(out)).toBe(shapeOf(value));
          expect(out).not.toBe(value);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('names, places and dates', () => {
  const firstNames = (locale: string): Set<string> => {
    const defs = (allLocales as Record<string, { person?: { first_name?: unknown } }>)[locale]?.person
      ?.first_name;
    const lists = Array.isArray(defs) ? [defs] : Object.values((defs ?? {}) as Record<string, unknown>);
    return new Set(lists.flat().filter((x): x is string => typeof x === 'string'));
  };

  it('PERSON keeps the word count and each word’s case style', () => {
    const word = fc
      .tuple(
        fc.constantFrom(...'BCDFGHJKLMNPRSTVW'),
        fc.string({ unit: fc.constantFrom(...'aeiounrst'), minLength: 2, maxLength: 8 }),
      )
      .map(([a, b]) => a + b);
    const style = fc.constantFrom('title', 'upper', 'lower');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, style), { minLength: 1, maxLength: 4 }), (words) => {
        const value = words
          .map(([w, s]) => (s === 'upper' ? w.toUpperCase() : s === 'lower' ? w.toLowerCase() : w))
          .join(' ');
        const out = fake('PERSON', value).split(' ');
        expect(out).toHaveLength(words.length);
        out.forEach((w, i) => {
          const s = (words[i] as [string, string])[1];
          if (s === 'upper') expect(w).toBe(w.toUpperCase());
          if (s === 'lower') expect(w).toBe(w.toLowerCase());
          if (s === 'title') expect(w.charAt(0)).toBe(w.charAt(0).toUpperCase());
        });
      }),
      { numRuns: 300 },
    );
  });

  it('PERSON: one word is a first name, titles and initials stay, surname-first stays', () => {
    const en = firstNames('en');
    for (const v of ['Jane', 'Rahul', 'Zoë']) expect(en.has(fake('PERSON', v))).toBe(true);
    expect(fake('PERSON', 'Dr. Jane A. Doe')).toMatch(/^Dr\. \S+ [A-Z]\. \S+$/);
    expect(fake('PERSON', 'Smith, John')).toMatch(/^\S+, \S+$/);
    const de = createSynthesizer({ scopeKey: keyA, locale: 'de' });
    const deNames = firstNames('de');
    for (const v of ['Jane', 'Klaus', 'Amélie']) expect(deNames.has(fake('PERSON', v, de))).toBe(true);
  });

  it('LOCATION, ORGANIZATION and STREET_ADDRESS are faker values in the original case', () => {
    expect(fake('LOCATION', 'PARIS')).toBe(fake('LOCATION', 'Paris').toUpperCase());
    expect(fake('LOCATION', 'Austin, TX')).toMatch(/^[^,]+, [A-Z]{2,3}$/);
    expect(fake('ORGANIZATION', 'acme corp')).toBe(fake('ORGANIZATION', 'Acme Corp').toLowerCase());
    const address = fake('STREET_ADDRESS', '1600 Amphitheatre Parkway, Mountain View, CA 94043');
    expect(address).toMatch(/^\d+ [^,]+, [^,]+, [A-Z]{2} \d{5}$/);
    expect(fake('STREET_ADDRESS', 'P.O. Box 211')).toMatch(/^P\.O\. Box \d{3}$/);
  });

  const MONTHS =
    'January February March April May June July August September October November December'.split(' ');
  const validDate = (y: number, m: number, d: number): boolean => {
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  };

  it('dates keep their format and stay valid calendar dates', () => {
    const dates = fc.date({ min: new Date('1920-01-01'), max: new Date('2040-12-31'), noInvalidDate: true });
    const p2 = (n: number): string => String(n).padStart(2, '0');
    fc.assert(
      fc.property(dates, fc.constantFrom('DATE_TIME', 'DATE_OF_BIRTH'), (date, entity) => {
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const iso = fake(entity, `${y}-${p2(m)}-${p2(d)}`);
        const isoM = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
        expect(isoM).not.toBeNull();
        expect(validDate(Number(isoM?.[1]), Number(isoM?.[2]), Number(isoM?.[3]))).toBe(true);
        expect(Math.abs(Number(isoM?.[1]) - y)).toBeLessThanOrEqual(5);

        const us = fake(entity, `${p2(m)}/${p2(d)}/${y}`);
        const usM = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(us);
        expect(usM).not.toBeNull();
        // Valid as M/D/Y (and as D/M/Y too when the original could be read either way).
        expect(validDate(Number(usM?.[3]), Number(usM?.[1]), Number(usM?.[2]))).toBe(true);

        const eu = fake(entity, `${p2(d)}.${p2(m)}.${y}`);
        const euM = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(eu);
        expect(euM).not.toBeNull();
        expect(validDate(Number(euM?.[3]), Number(euM?.[2]), Number(euM?.[1]))).toBe(true);

        const written = fake(entity, `${MONTHS[m - 1] as string} ${d}, ${y}`);
        const wM = /^([A-Z][a-z]+) (\d{1,2}), (\d{4})$/.exec(written);
        expect(wM).not.toBeNull();
        const month = MONTHS.indexOf(wM?.[1] as string) + 1;
        expect(month).toBeGreaterThan(0);
        expect(validDate(Number(wM?.[3]), month, Number(wM?.[2]))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('dates: weekday follows the new date, times and written forms keep their layout', () => {
    const out = fake('DATE_TIME', 'Tuesday, March 5, 2021');
    const m = /^(\w+), (\w+) (\d+), (\d{4})$/.exec(out);
    expect(m).not.toBeNull();
    const weekday = new Date(
      `${m?.[2] as string} ${m?.[3] as string}, ${m?.[4] as string} 12:00 UTC`,
    ).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
    expect(m?.[1]).toBe(weekday);
    expect(fake('DATE_TIME', '2000-04-16T11:34:35Z')).toMatch(
      /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/,
    );
    expect(fake('DATE_TIME', '9:00 am')).toMatch(/^(?:[1-9]|1[0-2]):[0-5]\d am$/);
    expect(fake('DATE_TIME', '5 mars 2021')).toMatch(
      /^\d{1,2} (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/,
    );
    expect(fake('DATE_TIME', '05-MAR-2021')).toMatch(/^\d{2}-[A-Z]{3}-\d{4}$/);
    expect(fake('DATE_TIME', 'yesterday')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(fake('CARD_EXPIRY', '12/27')).toMatch(/^(?:0[1-9]|1[0-2])\/\d{2}$/);
  });
});

describe('robustness', () => {
  const ENTITIES = [
    'CREDIT_CARD',
    'IBAN_CODE',
    'US_SSN',
    'US_ITIN',
    'PHONE_NUMBER',
    'EMAIL_ADDRESS',
    'PERSON',
    'LOCATION',
    'ORGANIZATION',
    'STREET_ADDRESS',
    'DATE_TIME',
    'DATE_OF_BIRTH',
    'CARD_EXPIRY',
    'IP_ADDRESS',
    'URL',
    'MAC_ADDRESS',
    'UK_NHS_NUMBER',
    'US_NPI',
    'US_ROUTING_NUMBER',
    'CA_SIN',
    'IN_AADHAAR',
    'US_DEA_NUMBER',
    'ES_NIF',
    'ES_NIE',
    'ZIP_CODE',
    'MEDICAL_RECORD_NUMBER',
    'AGE',
    'USERNAME',
    'API_KEY',
    'PRIVATE_KEY',
    'NOT_AN_ENTITY',
  ];

  it('never throws and never returns the original, for any string and entity', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ENTITIES),
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 60 }),
          fc.string({ unit: 'binary', maxLength: 30 }),
          fc.string({ unit: fc.constantFrom(...'0123456789 -./:+()aAzZ@#,%xX'), maxLength: 40 }),
        ),
        (entity, value) => {
          const out = synth.synthesize({ entity, value });
          expect(typeof out).toBe('string');
          expect(out).not.toBe(value);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('handles empty, blank and separator-only values', () => {
    for (const entity of ENTITIES) {
      for (const value of ['', '   ', '---', '::', '.', '@', 'x']) {
        expect(fake(entity, value)).not.toBe(value);
      }
    }
  });
});
