import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pivotRegExp } from '../../src/detect/pivot-regexp.js';

/** Every match of a global regex over `text`, as [index, value] pairs. */
function allMatches(re: RegExp, text: string): [number, string][] {
  const out: [number, string][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push([m.index, m[0]]);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

const text = fc.string({
  unit: fc.constantFrom('a', 'b', '_', '-', 'k', 's', 'J', 'e', 'y', '1', '3', ':', '/', ' ', 'Z'),
  maxLength: 80,
});

describe('pivotRegExp', () => {
  const cases: { name: string; make: () => [RegExp, RegExp] }[] = [
    { name: 'pivot at the start', make: () => [pivotRegExp('_', /_[a-z]{2,4}/, 'g'), /_[a-z]{2,4}/g] },
    {
      name: 'pivot after a prefix, with a lookbehind',
      make: () => [pivotRegExp('-', /sk-[a-z]+/, 'g', { minOffset: 2 }), /sk-[a-z]+/g],
    },
    {
      name: 'pivot anywhere within a range of offsets',
      make: () => [
        pivotRegExp('J', /[a-z]{0,3}J[a-z0-9]*/, 'g', { minOffset: 0, maxOffset: 3 }),
        /[a-z]{0,3}J[a-z0-9]*/g,
      ],
    },
    {
      name: 'several pivots',
      make: () => [
        pivotRegExp(['1', '3'], /[13](?<![\w-][13])[a-z0-9]{2,5}/, 'g'),
        /[13](?<![\w-][13])[a-z0-9]{2,5}/g,
      ],
    },
    {
      name: 'case-insensitive',
      make: () => [
        pivotRegExp('://', /[a-z]{1,5}:\/\/[a-z]+/, 'gi', { minOffset: 1, maxOffset: 5 }),
        /[a-z]{1,5}:\/\/[a-z]+/gi,
      ],
    },
  ];

  for (const { name, make } of cases) {
    it(`finds exactly what the plain regex finds: ${name} (property)`, () => {
      const [pivoted, plain] = make();
      fc.assert(
        fc.property(text, (t) => {
          expect(allMatches(pivoted, t)).toEqual(allMatches(plain, t));
          pivoted.lastIndex = 0;
          plain.lastIndex = 0;
          expect(pivoted.test(t)).toBe(plain.test(t));
          pivoted.lastIndex = 0;
          plain.lastIndex = 0;
        }),
        { numRuns: 400 },
      );
    });
  }

  it('honours a guard and refuses sticky flags and empty pivots', () => {
    const guarded = pivotRegExp('_', /_x/, 'g', { guard: (t, i) => t[i + 1] === 'x' });
    expect(allMatches(guarded, 'a_b _x _x')).toEqual([
      [4, '_x'],
      [7, '_x'],
    ]);
    expect(() => pivotRegExp('', /a/, 'g')).toThrow();
    expect(() => pivotRegExp('a', /a/, 'gy')).toThrow();
  });
});
