import { describe, expect, it } from 'vitest';
import { ItemTextIndex } from './item-text.index';
import { mergeHistory, RecommendationModel } from './recommendation.model';
import { sparseRowsFromMaps, sparseVectorTimesRows } from './sparse-rows.matrix';

const items = [
  { id: 'kettle', title: 'Kettle', category: 'kitchen' },
  { id: 'teapot', title: 'Teapot', category: 'kitchen' },
  { id: 'lamp', title: 'Lamp', category: 'lighting' },
  { id: 'kite', title: 'Kite', category: 'toys' },
  { id: 'notebook', title: 'Notebook', category: 'stationery' },
];

// W[j, i]: what history item j adds to item i.
const weights = sparseRowsFromMaps(
  [
    new Map([
      [1, 0.5],
      [2, 0.1],
    ]),
    new Map([
      [0, 0.4],
      [3, -0.2],
    ]),
    new Map([[3, 0.3]]),
    new Map(),
    new Map(),
  ],
  5,
);

function model(): RecommendationModel {
  return new RecommendationModel({
    kind: 'item-item',
    items,
    userIds: ['u', 'v'],
    // u: viewed the kettle (1), bought the lamp (5); v: viewed the teapot.
    histories: sparseRowsFromMaps(
      [
        new Map([
          [0, 1],
          [2, 5],
        ]),
        new Map([[1, 1]]),
      ],
      5,
    ),
    weights,
    popularity: Float32Array.of(3, 2, 1, 0, 7),
    text: ItemTextIndex.build(items.map((item) => item.title)),
  });
}

describe('RecommendationModel', () => {
  it('scores the catalogue as the history times W', () => {
    const served = model();
    // u = (1, 0, 5, 0, 0): 1·row0 + 5·row2 = (0, 0.5, 0.1, 1.5, 0)
    const scores = Array.from(served.scores(served.trainingHistory('u')));
    [0, 0.5, 0.1, 1.5, 0].forEach((expected, item) => expect(scores[item]).toBeCloseTo(expected, 6));
    expect(served.trainingHistory('stranger').indices.length).toBe(0);
  });

  it('ranks unseen items, tops up with popular ones, and filters by category', () => {
    const served = model();
    const history = served.trainingHistory('u');
    const ranked = served.recommend(history, { k: 3, exclude: history.indices });
    expect(ranked.map((entry) => [items[entry.itemIndex].id, entry.fallback])).toEqual([
      ['kite', false],
      ['teapot', false],
      ['notebook', true],
    ]);
    const kitchen = served.recommend(history, { k: 3, exclude: history.indices, category: 'kitchen' });
    expect(kitchen.map((entry) => items[entry.itemIndex].id)).toEqual(['teapot']);
  });

  it('does not recommend on negative evidence', () => {
    const served = model();
    // v = teapot: row1 = (0.4, 0, 0, −0.2, 0): only the kettle has positive evidence.
    expect(Array.from(served.rank(served.scores(served.trainingHistory('v')), { k: 5 }))).toEqual([0]);
  });

  it('explains an item by the history item with the largest x_j·W[j, i]', () => {
    const served = model();
    const history = served.trainingHistory('u');
    // kite: lamp contributes 5·0.3 = 1.5, kettle 0; teapot: kettle 1·0.5
    expect(served.strongestContribution(history, 3)).toEqual({
      itemIndex: 2,
      historyWeight: 5,
      value: 5 * Math.fround(0.3),
    });
    expect(served.strongestContribution(history, 1)).toEqual({ itemIndex: 0, historyWeight: 1, value: 0.5 });
    expect(served.strongestContribution(history, 4)).toBeUndefined();
  });

  it('merges later events into a history by the strongest weight', () => {
    const merged = mergeHistory(model().trainingHistory('u'), [
      { itemIndex: 0, weight: 5 },
      { itemIndex: 3, weight: 1 },
      { itemIndex: 2, weight: 1 },
      { itemIndex: 4, weight: 0 },
    ]);
    expect(Array.from(merged.indices)).toEqual([0, 2, 3]);
    expect(Array.from(merged.values)).toEqual([5, 5, 1]);
  });
});

describe('RecommendationModel with a dense W (EASE-like: every off-diagonal entry set)', () => {
  // W[j, i] = (j + 1)·(i + 1)/10 − 0.5 off the diagonal, 0 on it: 20 of 25 entries, kept dense.
  const dense = sparseRowsFromMaps(
    Array.from(
      { length: 5 },
      (_, j) =>
        new Map(Array.from({ length: 5 }, (_, i) => [i, i === j ? 0 : ((j + 1) * (i + 1)) / 10 - 0.5])),
    ),
    5,
  );
  const served = new RecommendationModel({ ...model().parts, weights: dense });
  // Five history items, so that the four-row pass and the one-row remainder both run.
  const history = { indices: Int32Array.of(0, 1, 2, 3, 4), values: Float32Array.of(1, 3, 5, 1, 4) };

  it('scores as the sparse product does', () => {
    const expected = Array.from(sparseVectorTimesRows(history, dense));
    Array.from(served.scores(history)).forEach((score, item) => expect(score).toBeCloseTo(expected[item], 5));
  });

  it('reuses its buffers without one answer leaking into the next', () => {
    const u = served.trainingHistory('u');
    // u = (1, 0, 5, 0, 0): scores = row0 + 5·row2 = (−1, 0.2, −0.2, 3.4, 5); with 0 and 2 excluded,
    // item 4 (0 + 5·1) then item 3 (−0.1 + 5·0.7).
    const first = served.recommend(u, { k: 2, exclude: u.indices });
    served.recommend(history, { k: 5 });
    expect(served.recommend(u, { k: 2, exclude: u.indices })).toEqual(first);
    expect(first.map((entry) => entry.itemIndex)).toEqual([4, 3]);
    expect(first.map((entry) => entry.score)).toEqual([5, 3.4].map((value) => expect.closeTo(value, 5)));
    // The strongest term of item 4 is the lamp's (x = 5, W[2, 4] = 3·5/10 − 0.5 = 1).
    expect(served.strongestContribution(u, 4)).toEqual({ itemIndex: 2, historyWeight: 5, value: 5 });
  });
});

describe('RecommendationModel with factors', () => {
  // 2-d factors; user u = (1, 0) likes the first direction.
  const factorsModel = new RecommendationModel({
    kind: 'factors',
    items: items.slice(0, 3),
    userIds: ['u'],
    histories: sparseRowsFromMaps([new Map([[0, 1]])], 3),
    factors: {
      dimension: 2,
      userFactors: Float32Array.of(1, 0),
      itemFactors: Float32Array.of(2, 0, 1, 1, 0, 3),
      itemBiases: Float32Array.of(0, 0.5, 0),
    },
    popularity: Float32Array.of(1, 1, 1),
    text: ItemTextIndex.build(['kettle', 'teapot', 'lamp']),
  });

  it("scores Q·p + b with the user's trained vector", () => {
    // (2·1 + 0, 1·1 + 0.5, 0) = (2, 1.5, 0)
    expect(Array.from(factorsModel.scores(factorsModel.trainingHistory('u'), 'u'))).toEqual([2, 1.5, 0]);
  });

  it("folds in an unknown user's history as the weighted mean of its item vectors", () => {
    // history teapot ×1, lamp ×3: p = ((1, 1) + 3·(0, 3)) / 4 = (0.25, 2.5); scores = (0.5, 3.25, 7.5)
    const history = { indices: Int32Array.of(1, 2), values: Float32Array.of(1, 3) };
    expect(Array.from(factorsModel.scores(history, 'stranger'))).toEqual([0.5, 3.25, 7.5]);
    // kettle: teapot·kettle = 2 (×1), lamp·kettle = 0 → the teapot explains it
    expect(factorsModel.strongestContribution(history, 0)).toEqual({
      itemIndex: 1,
      historyWeight: 1,
      value: 2,
    });
  });

  it('refuses factors that do not cover its users and items', () => {
    expect(
      () =>
        new RecommendationModel({
          ...factorsModel.parts,
          factors: { ...factorsModel.parts.factors!, itemBiases: Float32Array.of(0) },
        }),
    ).toThrow(/needs user and item factors/);
  });
});
