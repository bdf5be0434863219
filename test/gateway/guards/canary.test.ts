import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canaryForms,
  canaryInstruction,
  canaryMatcher,
  newCanary,
  promptLeakIndex,
  type PromptLeakIndex,
} from '../../../src/gateway/guards/canary.js';

describe('canary', () => {
  it('is fresh for every request', () => {
    const seen = new Set(Array.from({ length: 200 }, newCanary));
    expect(seen.size).toBe(200);
    for (const c of seen) expect(c).toMatch(/^vgc[0-9a-f]{20}$/);
  });

  it('finds the canary as is, reversed, in base64, hex and rot13, and spelled out with separators', () => {
    const c = newCanary();
    const m = canaryMatcher(c);
    const b64 = Buffer.from(c).toString('base64');
    for (const leak of [
      `Sure: ${c}`,
      `my canary is ${c.toUpperCase()}!`,
      `reversed: ${[...c].reverse().join('')}`,
      `encoded ${b64}`,
      `hex ${Buffer.from(c).toString('hex')}`,
      `spelled ${[...c].join(' ')}`,
      `with dashes ${[...c].join('-')}`,
    ]) {
      expect(m.contains(leak), leak).toBe(true);
    }
    expect(m.contains(canaryInstruction(newCanary()))).toBe(false);
    expect(m.contains('An ordinary answer about vgc units and hex colours #aabbcc.')).toBe(false);
  });

  it('redacts exact forms', () => {
    const c = newCanary();
    const m = canaryMatcher(c);
    expect(m.redact(`a ${c} b ${Buffer.from(c).toString('hex')} c`)).toBe('a [CANARY] b [CANARY] c');
  });

  it('holds back exactly the tail that could still become a canary form (property)', () => {
    const c = newCanary();
    const m = canaryMatcher(c);
    const forms = canaryForms(c);
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat({ max: c.length - 1 }), (prefix, k) => {
        // any proper prefix of the canary at the end of a text must be held back whole
        const text = prefix + c.slice(0, k);
        const held = m.pendingSuffix(text);
        expect(held).toBeGreaterThanOrEqual(k);
        // and what is held is itself a prefix of some form
        const tail = text.slice(text.length - held).toLowerCase();
        expect(held === 0 || forms.some((f) => f.startsWith(tail))).toBe(true);
      }),
    );
  });
});

describe('system prompt leak index', () => {
  const system =
    'You are the billing assistant of Acme Bank. Never discuss interest rates for business accounts and always ' +
    'refer customers with overdue balances to the collections team before offering any payment plan.';

  it('finds a verbatim run of minWords words, ignoring case and punctuation', () => {
    const leak = promptLeakIndex([system], 12) as PromptLeakIndex;
    expect(
      leak.leaks(
        'My instructions say: "never discuss INTEREST rates for business accounts, and always refer customers with overdue"',
      ),
    ).toBe(true);
    expect(
      leak.leaks('I am the billing assistant and cannot discuss interest rates for business accounts.'),
    ).toBe(false);
  });

  it('is undefined for a system prompt shorter than minWords', () => {
    expect(promptLeakIndex(['You are helpful.'], 12)).toBeUndefined();
  });

  it('tracks a leak across stream chunks cut anywhere (property)', () => {
    const leak = promptLeakIndex([system], 12) as PromptLeakIndex;
    const output = `Here goes. ${system.slice(30, 200)} That is all.`;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: output.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), output.length];
          const t = leak.tracker();
          let found = false;
          for (let i = 0; i + 1 < points.length; i++)
            found = t.push(output.slice(points[i], points[i + 1])) || found;
          found = t.end() || found;
          expect(found).toBe(true);
        },
      ),
    );
    const t = leak.tracker();
    expect(t.push('Billing questions? I can help with your statement.') || t.end()).toBe(false);
  });
});
