import { describe, expect, it } from 'vitest';
import { averagePrecision, macroRocAuc, rocAuc, rocCurve } from './roc.metrics';

describe('rocAuc', () => {
  it('is the fraction of correctly ordered positive/negative pairs', () => {
    // Positives 0.35, 0.8; negatives 0.1, 0.4. Pairs: (0.35>0.1) (0.35<0.4) (0.8>0.1) (0.8>0.4) → 3/4.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 15);
  });

  it('counts a tied positive/negative pair as one half (average ranks)', () => {
    // Positives 0.5, 0.9; negatives 0.5, 0.2.
    // (0.5 vs 0.5) tie = 1/2, (0.5 > 0.2) = 1, (0.9 > 0.5) = 1, (0.9 > 0.2) = 1 → 3.5/4 = 0.875.
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(0.875, 15);
    // All scores equal: every pair tied → 1/2.
    expect(rocAuc([0, 1, 1, 0, 1], [3, 3, 3, 3, 3])).toBeCloseTo(0.5, 15);
    // Input order must not matter when scores tie: same data, rows permuted.
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.2])).toBeCloseTo(0.875, 15);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0, 0, 1], [1, 2, 3])).toBe(1);
    expect(rocAuc([1, 0, 0], [3, 2, 1])).toBe(1);
    expect(rocAuc([1, 0, 0], [1, 2, 3])).toBe(0);
  });

  it('refuses one-class labels, non-binary labels, NaN scores and length mismatches', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/no negative/);
    expect(() => rocAuc([0, 0], [0.2, 0.3])).toThrow(/no positive/);
    expect(() => rocAuc([0, 2], [0.2, 0.3])).toThrow(/yTrue01\[1\] must be 0 or 1/);
    expect(() => rocAuc([0, 1], [0.2, Number.NaN])).toThrow(/scores\[1\]/);
    expect(() => rocAuc([0, 1, 1], [0.2, 0.3])).toThrow(/differ in length/);
  });
});

describe('rocCurve', () => {
  it('has the origin then one point per distinct score, descending', () => {
    // Scores descending 0.8(+) 0.4(−) 0.35(+) 0.1(−); P = N = 2.
    expect(rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toEqual([
      { threshold: Infinity, falsePositiveRate: 0, truePositiveRate: 0 },
      { threshold: 0.8, falsePositiveRate: 0, truePositiveRate: 0.5 },
      { threshold: 0.4, falsePositiveRate: 0.5, truePositiveRate: 0.5 },
      { threshold: 0.35, falsePositiveRate: 0.5, truePositiveRate: 1 },
      { threshold: 0.1, falsePositiveRate: 1, truePositiveRate: 1 },
    ]);
  });

  it('merges tied scores into one diagonal step', () => {
    // 0.9(+), then 0.5 holds one + and one −: a single point (1/2, 1), then 0.2(−) → (1, 1).
    const curve = rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]);
    expect(curve.map((point) => [point.falsePositiveRate, point.truePositiveRate])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });
});

describe('macroRocAuc', () => {
  it('averages one-vs-rest AUCs of each probability column', () => {
    // yTrue 0 1 2 0, rows below.
    // class 0 column [.6 .3 .2 .3], positives {.6, .3}, negatives {.3, .2}:
    //   (.6>.3) (.6>.2) (.3=.3 → 1/2) (.3>.2) → 3.5/4 = 0.875
    // class 1 column [.3 .5 .5 .4], positive {.5}, negatives {.3 .5 .4}: 1 + 1/2 + 1 → 2.5/3
    // class 2 column [.1 .2 .3 .3], positive {.3}, negatives {.1 .2 .3}: 1 + 1 + 1/2 → 2.5/3
    // macro = (0.875 + 2.5/3 + 2.5/3)/3 = (0.875 + 5/3)/3 = 0.847222…
    const probabilities = [
      [0.6, 0.3, 0.1],
      [0.3, 0.5, 0.2],
      [0.2, 0.5, 0.3],
      [0.3, 0.4, 0.3],
    ];
    expect(macroRocAuc([0, 1, 2, 0], probabilities)).toBeCloseTo((0.875 + 5 / 3) / 3, 14);
  });

  it('refuses a class absent from yTrue and ragged rows', () => {
    expect(() =>
      macroRocAuc(
        [0, 1, 0],
        [
          [0.5, 0.3, 0.2],
          [0.2, 0.6, 0.2],
          [0.7, 0.2, 0.1],
        ],
      ),
    ).toThrow(/no sample of class 2/);
    expect(() => macroRocAuc([0, 1], [[0.5, 0.5], [1]])).toThrow(/probabilities\[1\] has 1 columns/);
  });
});

describe('averagePrecision', () => {
  it('sums precision times recall increments (no interpolation)', () => {
    // Descending: 0.8(+) P 1 R 1/2; 0.4(−); 0.35(+) P 2/3 R 1; 0.1(−).
    // AP = 1/2·1 + 1/2·2/3 = 0.8333…
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(5 / 6, 15);
  });

  it('takes tied scores as one threshold', () => {
    // 0.9(+): P 1, R 1/2. 0.5 holds one + and one −: P 2/3, R 1. AP = 1/2 + 1/2·2/3 = 5/6.
    // Had the tied positive been taken first, AP would be 1/2 + 1/2·1 = 1.
    expect(averagePrecision([1, 0, 1], [0.5, 0.5, 0.9])).toBeCloseTo(5 / 6, 15);
    expect(averagePrecision([0, 1, 1], [0.5, 0.5, 0.9])).toBeCloseTo(5 / 6, 15);
  });

  it('needs a positive', () => {
    expect(() => averagePrecision([0, 0], [0.1, 0.2])).toThrow(/no positive/);
    // All positives: precision 1 everywhere → 1.
    expect(averagePrecision([1, 1], [0.1, 0.2])).toBe(1);
  });
});
