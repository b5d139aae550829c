import { describe, expect, it } from 'vitest';
import {
  averagePrecisionAtK,
  catalogCoverage,
  hitRateAtK,
  ndcgAtK,
  rankingReport,
  recallAtK,
} from './ranking.metrics';

// ranked a b c d e, relevant {b, d, x} (x never ranked); hits at 0-based ranks 1 (b) and 3 (d).
// 1/log2(2) = 1, 1/log2(3) = 0.6309298, 1/log2(4) = 0.5, 1/log2(5) = 0.4306766
// k = 3: top a b c → 1 hit. hit 1, recall 1/3, DCG 0.6309298, IDCG (3 positions) 1 + 0.6309298 + 0.5
//        → nDCG 0.6309298/2.1309298 = 0.2960819; AP = precision@2 / min(3, 3) = (1/2)/3 = 1/6
// k = 5: 2 hits. recall 2/3, DCG 0.6309298 + 0.4306766 = 1.0616064, IDCG still 3 positions
//        → nDCG 0.4981890; AP = (1/2 + 2/4)/3 = 1/3
const ranked = ['a', 'b', 'c', 'd', 'e'];
const relevant = new Set(['b', 'd', 'x']);
const idealThree = 1 + 1 / Math.log2(3) + 0.5;

describe('per-list ranking metrics', () => {
  it('match the hand values at k = 3', () => {
    expect(hitRateAtK(ranked, relevant, 3)).toBe(1);
    expect(recallAtK(ranked, relevant, 3)).toBeCloseTo(1 / 3, 14);
    expect(ndcgAtK(ranked, relevant, 3)).toBeCloseTo(1 / Math.log2(3) / idealThree, 14);
    expect(ndcgAtK(ranked, relevant, 3)).toBeCloseTo(0.2960819, 6);
    expect(averagePrecisionAtK(ranked, relevant, 3)).toBeCloseTo(1 / 6, 14);
  });

  it('match the hand values at k = 5', () => {
    expect(recallAtK(ranked, relevant, 5)).toBeCloseTo(2 / 3, 14);
    expect(ndcgAtK(ranked, relevant, 5)).toBeCloseTo(0.498189, 6);
    expect(averagePrecisionAtK(ranked, relevant, 5)).toBeCloseTo(1 / 3, 14);
  });

  it('cap the ideal at k when more items are relevant than fit', () => {
    // relevant {a, b, c, z}, k = 2, top a b: both hits. IDCG over min(4, 2) = 2 positions → nDCG 1;
    // AP = (1/1 + 2/2)/min(4, 2) = 1; recall divides by |relevant|: 2/4.
    const many = new Set(['a', 'b', 'c', 'z']);
    expect(ndcgAtK(ranked, many, 2)).toBeCloseTo(1, 14);
    expect(averagePrecisionAtK(ranked, many, 2)).toBeCloseTo(1, 14);
    expect(recallAtK(ranked, many, 2)).toBe(0.5);
  });

  it('give 0 for a miss, for an empty relevant set, and take lists shorter than k as they are', () => {
    expect(hitRateAtK(ranked, new Set(['q']), 5)).toBe(0);
    expect(ndcgAtK(ranked, new Set<string>(), 5)).toBe(0);
    expect(recallAtK(ranked, new Set<string>(), 5)).toBe(0);
    // ranked [d] with k 10: hit at rank 0 → DCG 1; IDCG over min(3, 10) = 3 positions.
    expect(ndcgAtK(['d'], relevant, 10)).toBeCloseTo(1 / idealThree, 14);
  });

  it('refuse k < 1, a non-integer or NaN k, and repeated items in the top k', () => {
    expect(() => ndcgAtK(ranked, relevant, 0)).toThrow(/k must be an integer >= 1/);
    expect(() => recallAtK(ranked, relevant, 2.5)).toThrow(RangeError);
    expect(() => hitRateAtK(ranked, relevant, Number.NaN)).toThrow(/NaN/);
    expect(() => ndcgAtK(['b', 'b', 'c'], relevant, 3)).toThrow(/repeats an item/);
    // Repeats beyond k do not matter.
    expect(hitRateAtK(['b', 'c', 'b'], relevant, 2)).toBe(1);
  });
});

describe('catalogCoverage', () => {
  it('counts distinct recommended items over the catalog', () => {
    // {a, b, c} ∪ {b, d} = 4 distinct of 10.
    expect(
      catalogCoverage(
        [
          ['a', 'b', 'c'],
          ['b', 'd'],
        ],
        10,
      ),
    ).toBeCloseTo(0.4, 15);
    expect(() => catalogCoverage([['a', 'b']], 1)).toThrow(/more than catalogSize/);
    expect(() => catalogCoverage([['a']], 0)).toThrow(/catalogSize/);
  });
});

describe('rankingReport', () => {
  it('averages over cases with relevant items and names keys by k', () => {
    // Case 1 (above, k = 3): nDCG 0.2960819, recall 1/3, hit 1, AP 1/6, top3 {a, b, c}
    // Case 2: ranked [x, y, z], relevant {x}: hit at rank 0 → nDCG 1, recall 1, hit 1, AP 1, top3 {x, y, z}
    // Case 3: relevant empty → skipped (its items do not count toward coverage either)
    // means: nDCG (0.2960819 + 1)/2, recall (1/3 + 1)/2 = 2/3, hit 1, map (1/6 + 1)/2 = 7/12
    // coverage: {a, b, c, x, y, z} = 6 of 20 = 0.3
    const report = rankingReport(
      [
        { ranked, relevant },
        { ranked: ['x', 'y', 'z'], relevant: new Set(['x']) },
        { ranked: ['p', 'q', 'r'], relevant: new Set<string>() },
      ],
      3,
      20,
    );
    expect(Object.keys(report).sort()).toEqual(['coverage', 'hit@3', 'map@3', 'ndcg@3', 'recall@3', 'users']);
    expect(report['ndcg@3']).toBeCloseTo((1 / Math.log2(3) / idealThree + 1) / 2, 14);
    expect(report['recall@3']).toBeCloseTo(2 / 3, 14);
    expect(report['hit@3']).toBe(1);
    expect(report['map@3']).toBeCloseTo(7 / 12, 14);
    expect(report['coverage']).toBeCloseTo(0.3, 14);
    expect(report['users']).toBe(2);
  });

  it('gives zeros for no evaluable case and refuses k < 1', () => {
    expect(rankingReport([], 10, 5)).toEqual({
      'ndcg@10': 0,
      'recall@10': 0,
      'hit@10': 0,
      'map@10': 0,
      coverage: 0,
      users: 0,
    });
    expect(() => rankingReport([{ ranked, relevant }], 0, 5)).toThrow(/k must be/);
  });
});
