import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VeilgateError } from '../../src/errors.js';
import {
  createPlaceholderSplitter,
  findPlaceholders,
  formatPlaceholder,
  replacePlaceholders,
  type PlaceholderRef,
} from '../../src/vault/placeholder.js';

const ENTITIES: ReadonlySet<string> = new Set([
  'PERSON',
  'EMAIL_ADDRESS',
  'CREDIT_CARD',
  'US_SSN',
  'IP_ADDRESS',
  'UK_NHS_NUMBER',
]);

/** What each ref covers in the text, with its canonical entity and number: readable in a table. */
function spans(text: string, entities: ReadonlySet<string> = ENTITIES): [string, string, number][] {
  return findPlaceholders(text, entities).map((r) => [text.slice(r.start, r.end), r.entity, r.n]);
}

function expectBadInput(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(VeilgateError);
    expect((e as VeilgateError).code).toBe('VG_VAULT_BAD_INPUT');
    return;
  }
  throw new Error('expected VG_VAULT_BAD_INPUT');
}

/** The limit documented on createPlaceholderSplitter and in docs/placeholders.md. */
function holdLimit(entities: ReadonlySet<string>): number {
  return 64 + 2 * Math.max(0, ...[...entities].map((e) => e.length));
}

describe('formatPlaceholder', () => {
  it('writes <ENTITY_n>', () => {
    expect(formatPlaceholder('PERSON', 1)).toBe('<PERSON_1>');
    expect(formatPlaceholder('EMAIL_ADDRESS', 12)).toBe('<EMAIL_ADDRESS_12>');
    expect(formatPlaceholder('X', Number.MAX_SAFE_INTEGER)).toBe('<X_9007199254740991>');
  });

  it.each(['', 'person', 'Person', '1PERSON', '_PERSON', 'PERSON-NAME', 'PERSON NAME', 'PÉRSON', 'PERSON>'])(
    'rejects the entity type %j',
    (entity) => expectBadInput(() => formatPlaceholder(entity, 1)),
  );

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'rejects the number %d',
    (n) => expectBadInput(() => formatPlaceholder('PERSON', n)),
  );
});

describe('findPlaceholders', () => {
  // Every variant a model has been seen to produce; the span covers escapes, not surrounding markdown.
  it.each<[string, [string, string, number][]]>([
    ['<PERSON_1>', [['<PERSON_1>', 'PERSON', 1]]],
    ['Dear <PERSON_1>, thanks.', [['<PERSON_1>', 'PERSON', 1]]],
    ['<person_1>', [['<person_1>', 'PERSON', 1]]],
    ['<Person_1>', [['<Person_1>', 'PERSON', 1]]],
    ['< PERSON_1 >', [['< PERSON_1 >', 'PERSON', 1]]],
    ['<  PERSON_1  >', [['<  PERSON_1  >', 'PERSON', 1]]],
    ['<PERSON 1>', [['<PERSON 1>', 'PERSON', 1]]],
    ['<PERSON  1>', [['<PERSON  1>', 'PERSON', 1]]],
    ['<PERSON-1>', [['<PERSON-1>', 'PERSON', 1]]],
    ['call PERSON_1 now', [['PERSON_1', 'PERSON', 1]]],
    ['call PERSON-1 now', [['PERSON-1', 'PERSON', 1]]],
    ['&lt;PERSON_1&gt;', [['&lt;PERSON_1&gt;', 'PERSON', 1]]],
    ['\\<PERSON\\_1\\>', [['\\<PERSON\\_1\\>', 'PERSON', 1]]],
    ['\\<PERSON_1\\>', [['\\<PERSON_1\\>', 'PERSON', 1]]],
    ['PERSON\\_1', [['PERSON\\_1', 'PERSON', 1]]],
    ['**<PERSON_1>**', [['<PERSON_1>', 'PERSON', 1]]],
    ['`<PERSON_1>`', [['<PERSON_1>', 'PERSON', 1]]],
    ['*<PERSON_1>*', [['<PERSON_1>', 'PERSON', 1]]],
    ['**PERSON_1**', [['PERSON_1', 'PERSON', 1]]],
    ['`PERSON_1`', [['PERSON_1', 'PERSON', 1]]],
    ['_PERSON_1_', [['PERSON_1', 'PERSON', 1]]],
    ['__PERSON_1__', [['PERSON_1', 'PERSON', 1]]],
    [
      '(PERSON_1), PERSON_2.',
      [
        ['PERSON_1', 'PERSON', 1],
        ['PERSON_2', 'PERSON', 2],
      ],
    ],
    ['<EMAIL_ADDRESS_1>', [['<EMAIL_ADDRESS_1>', 'EMAIL_ADDRESS', 1]]],
    ['<EMAIL ADDRESS_1>', [['<EMAIL ADDRESS_1>', 'EMAIL_ADDRESS', 1]]],
    ['<email address 1>', [['<email address 1>', 'EMAIL_ADDRESS', 1]]],
    ['<EMAIL-ADDRESS-1>', [['<EMAIL-ADDRESS-1>', 'EMAIL_ADDRESS', 1]]],
    ['\\<EMAIL\\_ADDRESS\\_1\\>', [['\\<EMAIL\\_ADDRESS\\_1\\>', 'EMAIL_ADDRESS', 1]]],
    ['EMAIL_ADDRESS_3', [['EMAIL_ADDRESS_3', 'EMAIL_ADDRESS', 3]]],
    ['EMAIL-ADDRESS-3', [['EMAIL-ADDRESS-3', 'EMAIL_ADDRESS', 3]]],
    ['<Uk_Nhs_Number_2>', [['<Uk_Nhs_Number_2>', 'UK_NHS_NUMBER', 2]]],
    ['PERSON_12', [['PERSON_12', 'PERSON', 12]]],
    ['<PERSON_12>', [['<PERSON_12>', 'PERSON', 12]]],
    ['<PERSON_9007199254740991>', [['<PERSON_9007199254740991>', 'PERSON', 9007199254740991]]],
    [
      '<PERSON_1><US_SSN_2>',
      [
        ['<PERSON_1>', 'PERSON', 1],
        ['<US_SSN_2>', 'US_SSN', 2],
      ],
    ],
    ['<PERSON_1&gt;', [['<PERSON_1&gt;', 'PERSON', 1]]],
    ['<<PERSON_1>>', [['<PERSON_1>', 'PERSON', 1]]],
    ['\\ <PERSON_1>', [['<PERSON_1>', 'PERSON', 1]]],
    ['é PERSON_1 中', [['PERSON_1', 'PERSON', 1]]],
    // A dropped closing bracket still leaves a bare placeholder; the bracket stays as written.
    ['<PERSON_1 said', [['PERSON_1', 'PERSON', 1]]],
  ])('finds %j', (text, expected) => {
    expect(spans(text)).toEqual(expected);
  });

  // Near misses: ordinary text must never be read as a placeholder.
  it.each([
    '<PERSONA_1>', // another word
    'PERSON_1x', // longer identifier
    'XPERSON_1',
    'MY_PERSON_1',
    'PERSON_12a',
    'PERSON_1_2',
    'PERSON\\_1\\_2',
    'PERSON_1é', // a letter of any script continues the word
    'éPERSON_1',
    'PERSON_1٣', // so does a digit of any script
    '𝐀PERSON_1', // and a letter outside the BMP
    '___PERSON_1', // three underscores are not emphasis
    'PERSON_1___',
    '<PERSON_>', // no number
    '<PERSON>',
    '<PERSON_0>', // numbers start at 1
    '<PERSON_01>', // and are written without leading zeros
    'PERSON_0',
    '<PERSON_9007199254740992>', // not a safe integer
    'PERSON_12345678901234567', // more digits than any safe integer
    '<LOCATION_1>', // not an entity type of the scope
    'LOCATION_1',
    'PERSON 1', // bare with a space: too likely to be prose
    'EMAIL ADDRESS_1',
    'person_1', // bare in lower case: too likely to be code
    'Person_1',
    '<PERSON__1>', // two separators
    '<PERSON_1 2>',
    '<   PERSON_1>', // more spaces than a copying slip
    '<PERSON   1>',
    '<PER SON_1>',
    '<PERSON_1',
    '&lt;PERSON_1',
    '&LT;PERSON_1&GT;',
    '<PERSON_-1>',
    '<PERSON_1.5>',
    '<b>PERSON</b>',
    'PÉRSON_1',
    'ＰＥＲＳＯＮ_1', // fullwidth letters are not the entity name
  ])('does not find a placeholder in %j', (text) => {
    // `<PERSON_1` and `&lt;PERSON_1` do contain the bare PERSON_1: only the bracketed reading is refused.
    const found = spans(text).filter(([span]) => span !== 'PERSON_1');
    expect(found).toEqual([]);
  });

  it('reads the unclosed bracket forms only as the bare placeholder inside', () => {
    expect(spans('<PERSON_1')).toEqual([['PERSON_1', 'PERSON', 1]]);
    expect(spans('&lt;PERSON_1')).toEqual([['PERSON_1', 'PERSON', 1]]);
    expect(spans('<PERSONA_1>')).toEqual([]);
  });

  it('only finds the entity types it is given', () => {
    expect(spans('<PERSON_1> <US_SSN_1>', new Set(['US_SSN']))).toEqual([['<US_SSN_1>', 'US_SSN', 1]]);
    expect(spans('<PERSON_1> PERSON_2', new Set())).toEqual([]);
  });

  it('prefers the longest entity name that forms a placeholder', () => {
    const entities = new Set(['PERSON', 'PERSON_NAME', 'ENTITY', 'ENTITY_2']);
    expect(spans('<PERSON_NAME_1> <PERSON_1> PERSON_NAME_2 PERSON_3', entities)).toEqual([
      ['<PERSON_NAME_1>', 'PERSON_NAME', 1],
      ['<PERSON_1>', 'PERSON', 1],
      ['PERSON_NAME_2', 'PERSON_NAME', 2],
      ['PERSON_3', 'PERSON', 3],
    ]);
    // A name with a digit: <ENTITY_2> is ENTITY number 2, <ENTITY_2_1> is ENTITY_2 number 1.
    expect(spans('<ENTITY_2> <ENTITY_2_1> ENTITY_2_3', entities)).toEqual([
      ['<ENTITY_2>', 'ENTITY', 2],
      ['<ENTITY_2_1>', 'ENTITY_2', 1],
      ['ENTITY_2_3', 'ENTITY_2', 3],
    ]);
  });

  it('gives UTF-16 offsets and never splits a surrogate pair', () => {
    const text = '😀<PERSON_1>😀PERSON_2 😀';
    expect(findPlaceholders(text, ENTITIES)).toEqual([
      { start: 2, end: 12, entity: 'PERSON', n: 1 },
      { start: 14, end: 22, entity: 'PERSON', n: 2 },
    ]);
  });

  it('finds what a reused or mutated entity set currently holds', () => {
    const entities = new Set(['PERSON']);
    expect(spans('<US_SSN_1>', entities)).toEqual([]);
    entities.add('US_SSN');
    expect(spans('<US_SSN_1>', entities)).toEqual([['<US_SSN_1>', 'US_SSN', 1]]);
  });

  it.each(['person', '', 'PERSON NAME', 'A|B', '.*'])('rejects the entity type %j in the set', (entity) => {
    expectBadInput(() => findPlaceholders('<PERSON_1>', new Set(['PERSON', entity])));
    expectBadInput(() => createPlaceholderSplitter(new Set([entity])));
  });

  const entityName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,14}$/);
  const number = fc.oneof(
    fc.integer({ min: 1, max: 30 }),
    fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  );
  // Prose that cannot contain a placeholder of its own: no opening bracket or escape, no upper case.
  const prose = fc.string({
    unit: fc.constantFrom(...'abc xyz 0123 .,;:!?-_*`\n\té中😀'.split('')),
    maxLength: 20,
  });

  it('finds every formatted placeholder back, where it was put (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(prose, entityName, number), { minLength: 1, maxLength: 8 }),
        prose,
        (parts, tail) => {
          let text = '';
          const expected: PlaceholderRef[] = [];
          for (const [before, entity, n] of parts) {
            text += before;
            const placeholder = formatPlaceholder(entity, n);
            expected.push({ start: text.length, end: text.length + placeholder.length, entity, n });
            text += placeholder;
          }
          text += tail;
          expect(findPlaceholders(text, new Set(parts.map(([, e]) => e)))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  const variants: Record<string, (e: string, n: number) => string> = {
    canonical: (e, n) => `<${e}_${n}>`,
    lower: (e, n) => `<${e.toLowerCase()}_${n}>`,
    title: (e, n) => `<${e[0] ?? ''}${e.slice(1).toLowerCase()}_${n}>`,
    spaced: (e, n) => `< ${e}_${n} >`,
    spaceSeparator: (e, n) => `<${e} ${n}>`,
    hyphen: (e, n) => `<${e}-${n}>`,
    spacesInName: (e, n) => `<${e.replaceAll('_', ' ')}_${n}>`,
    bare: (e, n) => `${e}_${n}`,
    bareHyphen: (e, n) => `${e.replaceAll('_', '-')}-${n}`,
    html: (e, n) => `&lt;${e}_${n}&gt;`,
    markdownEscaped: (e, n) => `\\<${e.replaceAll('_', '\\_')}\\_${n}\\>`,
  };

  it('reads every tolerated variant as its canonical entity and number (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(variants)),
        entityName,
        number,
        fc.array(entityName, { maxLength: 4 }),
        (variant, entity, n, others) => {
          const text = (variants[variant] as (e: string, n: number) => string)(entity, n);
          const refs = findPlaceholders(` ${text} `, new Set([entity, ...others]));
          expect(refs).toEqual([{ start: 1, end: 1 + text.length, entity, n }]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('replacePlaceholders', () => {
  const values = new Map([
    ['PERSON 1', 'Jane Doe'],
    ['EMAIL_ADDRESS 1', 'jane@example.com'],
  ]);
  const valueOf = (r: PlaceholderRef) => values.get(`${r.entity} ${r.n}`);

  it('replaces known placeholders and leaves unknown ones exactly as written', () => {
    const text = 'Hi **<person_1>**, write to &lt;EMAIL_ADDRESS_1&gt; or < PERSON_2 >; PERSON-1.';
    expect(replacePlaceholders(text, findPlaceholders(text, ENTITIES), valueOf)).toBe(
      'Hi **Jane Doe**, write to jane@example.com or < PERSON_2 >; Jane Doe.',
    );
  });

  it('returns the text unchanged without refs', () => {
    expect(replacePlaceholders('no placeholders', [], valueOf)).toBe('no placeholders');
  });

  it.each<[string, PlaceholderRef[]]>([
    [
      'overlapping',
      [
        { start: 0, end: 5, entity: 'PERSON', n: 1 },
        { start: 4, end: 8, entity: 'PERSON', n: 2 },
      ],
    ],
    [
      'unsorted',
      [
        { start: 5, end: 8, entity: 'PERSON', n: 1 },
        { start: 0, end: 3, entity: 'PERSON', n: 2 },
      ],
    ],
    ['past the end', [{ start: 5, end: 99, entity: 'PERSON', n: 1 }]],
    ['empty', [{ start: 3, end: 3, entity: 'PERSON', n: 1 }]],
    ['negative', [{ start: -1, end: 3, entity: 'PERSON', n: 1 }]],
    ['fractional', [{ start: 0.5, end: 3, entity: 'PERSON', n: 1 }]],
  ])('rejects %s refs', (_name, refs) => {
    expectBadInput(() => replacePlaceholders('0123456789', refs, () => 'x'));
  });
});

describe('createPlaceholderSplitter', () => {
  function pushAll(chunks: readonly string[], entities: ReadonlySet<string> = ENTITIES): string[] {
    const splitter = createPlaceholderSplitter(entities);
    return [...chunks.map((c) => splitter.push(c)), splitter.end()];
  }

  // [chunks, what each push returns, then what end() returns]
  it.each<[string[], string[]]>([
    [['Hello <PER'], ['Hello ', '<PER']],
    [
      ['Hello <PER', 'SON_', '1>', ' bye.'],
      ['Hello ', '', '<PERSON_1>', ' bye.', ''],
    ],
    [['Hello <PERSON_1'], ['Hello ', '<PERSON_1']],
    [
      ['Hello <PERSON_1', '2> x.'],
      ['Hello ', '<PERSON_12> x.', ''],
    ],
    [['Call PERSON_1'], ['Call ', 'PERSON_1']],
    [
      ['Call PERSON_1', '2.'],
      ['Call ', 'PERSON_12.', ''],
    ],
    [
      ['Call PERSON_1', 'x.'],
      ['Call ', 'PERSON_1x.', ''],
    ],
    [['Hello &lt;PERS'], ['Hello ', '&lt;PERS']],
    [['Hello &'], ['Hello ', '&']],
    [['Hello \\<PERSON\\_'], ['Hello ', '\\<PERSON\\_']],
    [
      ['Hello < PERSON 1 ', '>!'],
      ['Hello ', '< PERSON 1 >!', ''],
    ],
    [['Hello world.'], ['Hello world.', '']],
    [
      ['Hello world.\n', 'How are you? '],
      ['Hello world.\n', 'How are you? ', ''],
    ],
    // Not a placeholder start (no entity begins with B), but the last letter of a word is always held:
    // the next chunk could glue an entity name to it (`<bPERSON_1` holds no placeholder).
    [['Hello <b'], ['Hello <', 'b']],
    [['Hello world'], ['Hello worl', 'd']],
    [
      ['Hello <b', 'PERSON_1 x.'],
      ['Hello <', 'bPERSON_1 x.', ''],
    ],
    [['Total 42'], ['Total ', '42']],
    [['<PERSON_1> and <PERSON_2>'], ['<PERSON_1> and <PERSON_2>', '']],
    [
      ['😀', '😀'],
      ['😀', '😀', ''],
    ],
    [
      ['a\uD83D', '\uDE00 b.'],
      ['a', '\uD83D\uDE00 b.', ''],
    ],
  ])('splits %j as %j', (chunks, expected) => {
    expect(pushAll(chunks)).toEqual(expected);
  });

  it('releases everything immediately when no entity type is in scope', () => {
    expect(pushAll(['Hello <PER', 'SON_1'], new Set())).toEqual(['Hello <PER', 'SON_1', '']);
    expect(pushAll(['a\uD83D', '\uDE00'], new Set())).toEqual(['a', '\uD83D\uDE00', '']);
  });

  it('can be reused after end()', () => {
    const splitter = createPlaceholderSplitter(ENTITIES);
    expect(splitter.push('x<PER')).toBe('x');
    expect(splitter.end()).toBe('<PER');
    expect(splitter.push('PERSON_1 ')).toBe('PERSON_1 ');
  });

  it('holds at most 64 + 2 × the longest entity name', () => {
    const limit = holdLimit(ENTITIES);
    for (const run of ['_', '\\', 'P', '1', 'PERSON_', '<PERSON_1'.repeat(3)]) {
      const splitter = createPlaceholderSplitter(ENTITIES);
      const text = run.repeat(Math.ceil(1000 / run.length));
      const out = splitter.push(text);
      expect(text.length - out.length).toBeLessThanOrEqual(limit);
      expect(out + splitter.end()).toBe(text);
    }
  });

  // Texts where placeholders are likely to be cut: every variant, near misses, escape and word-boundary
  // characters, surrogate pairs and combining marks, and random unicode prose.
  const pool = [
    'PERSON',
    'PERSON_NAME',
    'EMAIL_ADDRESS',
    'ADDRESS',
    'US_SSN',
    'IPV4',
    'E2E_ID',
    'UK_NHS_NUMBER',
  ];
  const entitySets = fc.subarray(pool).map((names) => new Set(names));
  const placeholderVariant = fc
    .tuple(fc.constantFrom(...pool), fc.oneof(fc.integer({ min: 1, max: 12 }), fc.nat()), fc.nat())
    .map(([e, n, k]) => {
      const forms = [
        `<${e}_${n}>`,
        `<${e.toLowerCase()}_${n}>`,
        `< ${e} ${n} >`,
        `<${e}-${n}>`,
        `<${e.replaceAll('_', ' ')}_${n}>`,
        `${e}_${n}`,
        `${e.replaceAll('_', '-')}-${n}`,
        `&lt;${e}_${n}&gt;`,
        `\\<${e.replaceAll('_', '\\_')}\\_${n}\\>`,
        `**<${e}_${n}>**`,
        `_${e}_${n}_`,
        `\`${e}_${n}\``,
        `${e}\\_${n}`,
      ];
      return forms[k % forms.length] as string;
    });
  const atom = fc.constantFrom(
    '<',
    '>',
    '&',
    '&lt;',
    '&gt;',
    '\\',
    '\\_',
    '_',
    '__',
    '-',
    ' ',
    '  ',
    'P',
    'E',
    'PERSON',
    'PERSONA_1',
    'x',
    '1',
    '12',
    '0',
    '😀',
    'é',
    'e\u0301',
    '𝐀',
    '中',
    '\n',
    '*',
    'Hello ',
  );
  const textArb = fc
    .array(fc.oneof(placeholderVariant, atom, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 30 })
    .map((parts) => parts.join(''));
  /** Chunk boundaries at any UTF-16 offset, so chunks may split surrogate pairs. */
  const chunkArb = fc.tuple(textArb, fc.array(fc.nat(), { maxLength: 12 })).map(([text, cuts]) => {
    const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    const chunks: string[] = [];
    let prev = 0;
    for (const c of [...at, text.length]) {
      chunks.push(text.slice(prev, c));
      prev = c;
    }
    return { text, chunks };
  });

  it('releases the input unchanged, never splits a placeholder or a surrogate pair, holds a bounded suffix (property)', () => {
    fc.assert(
      fc.property(chunkArb, entitySets, ({ text, chunks }, entities) => {
        const splitter = createPlaceholderSplitter(entities);
        const pieces: string[] = [];
        let received = 0;
        let released = 0;
        for (const chunk of chunks) {
          const piece = splitter.push(chunk);
          received += chunk.length;
          released += piece.length;
          pieces.push(piece);
          expect(received - released).toBeLessThanOrEqual(holdLimit(entities));
        }
        pieces.push(splitter.end());
        // (a) nothing lost, nothing added
        expect(pieces.join('')).toBe(text);
        // (b) finding placeholders piece by piece finds exactly those of the whole text
        const whole = findPlaceholders(text, entities);
        const pieceWise: PlaceholderRef[] = [];
        let offset = 0;
        for (const piece of pieces) {
          for (const r of findPlaceholders(piece, entities)) {
            pieceWise.push({ ...r, start: r.start + offset, end: r.end + offset });
          }
          offset += piece.length;
        }
        expect(pieceWise).toEqual(whole);
        // (c) no piece boundary between the two halves of a surrogate pair
        offset = 0;
        for (const piece of pieces.slice(0, -1)) {
          offset += piece.length;
          const high = text.charCodeAt(offset - 1);
          const low = text.charCodeAt(offset);
          expect(high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('restores piece by piece exactly as the whole text (property)', () => {
    const valueOf = (r: PlaceholderRef) => (r.n % 3 === 0 ? undefined : `[${r.entity.toLowerCase()} ${r.n}]`);
    const entities = new Set(pool);
    fc.assert(
      fc.property(chunkArb, ({ text, chunks }) => {
        const splitter = createPlaceholderSplitter(entities);
        const restore = (s: string) => replacePlaceholders(s, findPlaceholders(s, entities), valueOf);
        const streamed = [...chunks.map((c) => restore(splitter.push(c))), restore(splitter.end())].join('');
        expect(streamed).toBe(restore(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('releases text without placeholder starts at once when each chunk ends outside a word (property)', () => {
    // No `<`, `&`, `\` and no capital that starts an entity name (`Q` and `Z` start none).
    const plain = fc.string({
      unit: fc.constantFrom(...'abc QZ xyz 019 .,;:!?-_*`\té中😀'.split('')),
      maxLength: 30,
    });
    const end = fc.constantFrom(' ', '.', '\n', ',', '😀', '!', '-');
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, end), { maxLength: 10 }), (parts) => {
        const splitter = createPlaceholderSplitter(ENTITIES);
        for (const [body, last] of parts) expect(splitter.push(body + last)).toBe(body + last);
        expect(splitter.end()).toBe('');
      }),
      { numRuns: 500 },
    );
  });
});

describe('linear time on adversarial input', () => {
  // Speed is measured in bench/; this only catches catastrophic (quadratic or worse) behaviour, so the
  // bound is ~100 times what these take on a laptop.
  const entities = new Set([...ENTITIES, 'PERSON_NAME']);
  const megabyte = 1 << 20;
  it.each([
    '<PERSON_',
    '&lt;',
    '&lt;PERSON ',
    '<PERSON_1',
    'PERSON_1',
    '\\<PERSON\\_',
    '\\_',
    '_',
    'P',
    '< ',
    '<EMAIL ADDRESS ',
    'EMAIL_ADDRESS_1234567890123',
    '<PERSON_1>',
  ])('handles %j repeated to 1 MB', (unit) => {
    const text = unit.repeat(Math.ceil(megabyte / unit.length));
    const started = performance.now();
    findPlaceholders(text, entities);
    const whole = createPlaceholderSplitter(entities);
    expect(whole.push(text) + whole.end()).toBe(text);
    const chunked = createPlaceholderSplitter(entities);
    let out = '';
    for (let i = 0; i < text.length; i += 4096) out += chunked.push(text.slice(i, i + 4096));
    expect(out + chunked.end()).toBe(text);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('handles a stream of single characters in time linear in its length', () => {
    const text = '<PERSON_'.repeat(16 * 1024);
    const splitter = createPlaceholderSplitter(entities);
    const started = performance.now();
    let out = '';
    for (const ch of text) out += splitter.push(ch);
    expect(out + splitter.end()).toBe(text);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
