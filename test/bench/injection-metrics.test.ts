import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMetric,
  fractionTrue,
  nextUp,
  rateAt,
  rocAuc,
  thresholdAtFpr,
  tprAtFpr,
} from '../../bench/injection/metrics.js';

/** The definition: mean over all (attack, benign) pairs of 1 if the attack scores higher, ½ on a tie. */
function pairwiseAuc(pos: readonly number[], neg: readonly number[]): number {
  let sum = 0;
  for (const p of pos) for (const n of neg) sum += p > n ? 1 : p === n ? 0.5 : 0;
  return sum / (pos.length * neg.length);
}

// Scores on a coarse grid so that random arrays tie often.
const scores = fc.array(
  fc.integer({ min: 0, max: 20 }).map((i) => i / 20),
  { minLength: 1, maxLength: 40 },
);

describe('rocAuc', () => {
  it('is 1 for a perfect separator and 0 for an inverted one', () => {
    expect(rocAuc([0.6, 0.7, 0.99], [0.1, 0.5])).toBe(1);
    expect(rocAuc([0.1, 0.2], [0.3, 0.9, 0.95])).toBe(0);
  });

  it('counts a tie as one half', () => {
    // pairs: (0.8,0.4)=1 (0.8,0.2)=1 (0.4,0.4)=½ (0.4,0.2)=1 → 3.5 / 4
    expect(rocAuc([0.8, 0.4], [0.4, 0.2])).toBe(0.875);
    expect(rocAuc([0.5, 0.5], [0.5])).toBe(0.5);
    // a binary detector: TPR 2/3, FPR 1/4 → (1 + TPR − FPR) / 2
    expect(rocAuc([1, 1, 0], [1, 0, 0, 0])).toBeCloseTo((1 + 2 / 3 - 1 / 4) / 2, 12);
  });

  it('is NaN when a class is missing', () => {
    expect(rocAuc([], [0.1])).toBeNaN();
    expect(rocAuc([0.9], [])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
  });

  it('does not depend on input order', () => {
    expect(rocAuc([0.3, 0.9, 0.1], [0.2, 0.9])).toBe(rocAuc([0.9, 0.1, 0.3], [0.9, 0.2]));
  });

  it('agrees with the pairwise definition (property)', () => {
    fc.assert(
      fc.property(scores, scores, (pos, neg) => {
        expect(rocAuc(pos, neg)).toBeCloseTo(pairwiseAuc(pos, neg), 12);
      }),
    );
  });
});

describe('rateAt and fractionTrue', () => {
  it('flags scores at or above the threshold', () => {
    expect(rateAt([0.2, 0.5, 0.5, 0.9], 0.5)).toBe(0.75);
    expect(rateAt([0.2, 0.5], Infinity)).toBe(0);
    expect(rateAt([0.2, 0.5], -Infinity)).toBe(1);
  });

  it('is NaN on empty input', () => {
    expect(rateAt([], 0.5)).toBeNaN();
    expect(fractionTrue([])).toBeNaN();
  });

  it('counts true values', () => {
    expect(fractionTrue([true, false, true, true])).toBe(0.75);
  });
});

describe('nextUp', () => {
  it('returns the next double', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
    expect(nextUp(0.5)).toBeGreaterThan(0.5);
    expect(nextUp(0.5) - 0.5).toBe(Number.EPSILON / 2); // one ulp at 0.5
    expect(nextUp(Infinity)).toBe(Infinity);
  });
});

describe('thresholdAtFpr', () => {
  const tenths = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

  it('sits just above the (k+1)-th highest benign score', () => {
    const t = thresholdAtFpr(tenths, 0.1); // one false positive allowed: only 1.0 may be flagged
    expect(t).toBe(nextUp(0.9));
    expect(rateAt(tenths, t)).toBe(0.1);
    expect(thresholdAtFpr(tenths, 0)).toBe(nextUp(1.0));
    expect(thresholdAtFpr(tenths, 0.15)).toBe(nextUp(0.9)); // ⌊1.5⌋ = 1
  });

  it('leaves tied benign scores unflagged rather than exceed the target', () => {
    const neg = [0.9, 0.5, 0.5, 0.1];
    const t = thresholdAtFpr(neg, 0.5); // two allowed, but 0.5 appears twice after 0.9
    expect(t).toBe(nextUp(0.5));
    expect(rateAt(neg, t)).toBe(0.25);
  });

  it('flags everything at FPR 1, and is NaN without benign scores', () => {
    expect(thresholdAtFpr([0.3, 0.7], 1)).toBe(-Infinity);
    expect(thresholdAtFpr([], 0.01)).toBeNaN();
  });

  it('is not fooled by binary fractions', () => {
    const neg = Array.from({ length: 100 }, (_, i) => i / 100);
    // 0.29 * 100 = 28.999999999999996: still 29 false positives allowed
    expect(rateAt(neg, thresholdAtFpr(neg, 0.29))).toBe(0.29);
  });

  it('never exceeds the target FPR (property)', () => {
    fc.assert(
      fc.property(scores, fc.double({ min: 0, max: 1, noNaN: true }), (neg, fpr) => {
        expect(rateAt(neg, thresholdAtFpr(neg, fpr))).toBeLessThanOrEqual(fpr + 1e-12);
      }),
    );
  });
});

describe('tprAtFpr', () => {
  const pos = [0.95, 0.9, 0.6, 0.3];
  const neg = [0.9, 0.5, 0.5, 0.1];

  it('takes the largest TPR whose FPR is within the target', () => {
    // one false positive allowed (0.9): threshold just above 0.5, i.e. the observed 0.6
    expect(tprAtFpr(pos, neg, 0.25)).toEqual({ tpr: 0.75, fpr: 0.25, threshold: 0.6 });
    // two allowed, but the tie at 0.5 keeps the same point: achieved FPR 0.25, not 0.5
    expect(tprAtFpr(pos, neg, 0.5)).toEqual({ tpr: 0.75, fpr: 0.25, threshold: 0.6 });
    // none allowed: above 0.9 only 0.95 remains
    expect(tprAtFpr(pos, neg, 0)).toEqual({ tpr: 0.25, fpr: 0, threshold: 0.95 });
    expect(tprAtFpr(pos, neg, 1)).toEqual({ tpr: 1, fpr: 1, threshold: -Infinity });
  });

  it('handles perfect and inverted separators', () => {
    expect(tprAtFpr([0.8, 0.9], [0.1, 0.2], 0)).toEqual({ tpr: 1, fpr: 0, threshold: 0.8 });
    const inverted = tprAtFpr([0.1, 0.2], [0.8, 0.9], 0.01);
    expect(inverted.tpr).toBe(0);
    expect(inverted.fpr).toBe(0);
    expect(inverted.threshold).toBe(nextUp(0.9));
  });

  it('is NaN when a class is missing', () => {
    for (const p of [tprAtFpr([], neg, 0.01), tprAtFpr(pos, [], 0.01)]) {
      expect(p.tpr).toBeNaN();
      expect(p.fpr).toBeNaN();
      expect(p.threshold).toBeNaN();
    }
  });

  it('matches a brute-force search over every observed threshold (property)', () => {
    fc.assert(
      fc.property(scores, scores, fc.constantFrom(0, 0.01, 0.02, 0.1, 0.25, 0.5), (p, n, target) => {
        const got = tprAtFpr(p, n, target);
        let best = 0;
        for (const t of [...p, ...n, Infinity]) {
          if (rateAt(n, t) <= target + 1e-12) best = Math.max(best, rateAt(p, t));
        }
        expect(got.tpr).toBe(best);
        expect(got.fpr).toBeLessThanOrEqual(target + 1e-12);
        expect(got.tpr).toBe(rateAt(p, got.threshold));
        expect(got.fpr).toBe(rateAt(n, got.threshold));
      }),
    );
  });
});

describe('formatMetric', () => {
  it('prints NaN as a dash and numbers with fixed decimals', () => {
    expect(formatMetric(NaN)).toBe('—');
    expect(formatMetric(0.87654)).toBe('0.877');
    expect(formatMetric(1, 2)).toBe('1.00');
  });
});
