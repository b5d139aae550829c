import { resolveBackend } from '@deepworks/engine';
import {
  BprMfRecommender,
  EaseRecommender,
  ImplicitAlsRecommender,
  InteractionMatrix,
  ItemKnnRecommender,
  PopularityRecommender,
} from '@deepworks/recsys';
import { beforeAll, describe, expect, it } from 'vitest';
import { RecommendationModel } from '../model/recommendation.model';
import { ItemTextIndex } from '../model/item-text.index';
import { sparseVectorTimesRows } from '../model/sparse-rows.matrix';
import { denseToRows, servedParameters } from './recsys-model.adapter';

// 6 users over 5 items, two overlapping groups, so that every model has non-trivial weights.
const train = InteractionMatrix.fromInteractions(
  [
    ['u1', ['a', 'b', 'c']],
    ['u2', ['a', 'b']],
    ['u3', ['b', 'c', 'd']],
    ['u4', ['c', 'd', 'e']],
    ['u5', ['d', 'e']],
    ['u6', ['a', 'e']],
  ].flatMap(([user, items]) => (items as string[]).map((item) => ({ user: user as string, item }))),
);
const users = [0, 1, 2, 3, 4, 5];

function servedItemItemScores(weights: Parameters<typeof sparseVectorTimesRows>[1], user: number): number[] {
  return Array.from(
    sparseVectorTimesRows({ indices: train.userItems(user), values: train.userValues(user) }, weights),
  );
}

/** The served model's scores (the API's own path) for every training user. */
function servedFactorScores(parameters: ReturnType<typeof servedParameters>): number[] {
  if (parameters.kind !== 'factors') throw new Error('expected factors');
  const model = new RecommendationModel({
    kind: 'factors',
    items: train.itemIds.map((id) => ({ id, title: id, category: null })),
    userIds: [...train.userIds],
    histories: {
      rowCount: train.userCount,
      columnCount: train.itemCount,
      pointers: train.rowPointers,
      indices: train.columnIndices,
      values: train.values,
    },
    factors: parameters.factors,
    popularity: Float32Array.from(train.itemPopularity()),
    text: ItemTextIndex.build(train.itemIds),
  });
  return users.flatMap((user) =>
    Array.from(model.scores(model.trainingHistory(train.userIds[user]), train.userIds[user])),
  );
}

describe('servedParameters', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it("serves EASE's B read with itemWeights: exactly the model's scores, diagonal dropped", async () => {
    const ease = new EaseRecommender({ lambda: 1 });
    await ease.fit(train);
    const served = servedParameters(ease, train);
    if (served.kind !== 'item-item') throw new Error('expected item-item');
    // B is dense off the diagonal here (every item pair is linked through some chain): 5 × 4 entries.
    expect(served.weights.values).toHaveLength(20);
    const expected = ease.scoreUsers(users);
    for (const user of users) {
      servedItemItemScores(served.weights, user).forEach((score, item) =>
        expect(Math.abs(score - expected[user * 5 + item])).toBe(0),
      );
    }
  });

  it("serves item kNN's neighbour matrix as it is (sparse), with the model's scores", async () => {
    const knn = new ItemKnnRecommender({ neighbours: 2, shrinkage: 0 });
    await knn.fit(train);
    const served = servedParameters(knn, train);
    if (served.kind !== 'item-item') throw new Error('expected item-item');
    // Two neighbours kept per target item: at most 2 entries per column, so at most 10 in all.
    expect(served.weights.values.length).toBeLessThanOrEqual(10);
    const expected = knn.scoreUsers(users);
    for (const user of users) {
      servedItemItemScores(served.weights, user).forEach((score, item) =>
        expect(Math.abs(score - expected[user * 5 + item])).toBe(0),
      );
    }
  });

  it('serves ALS and BPR-MF from their factors (BPR with its item biases)', async () => {
    for (const model of [
      new ImplicitAlsRecommender({ factors: 4, iterations: 3 }),
      new BprMfRecommender({ factors: 4, epochs: 20 }),
    ]) {
      await model.fit(train, { seed: 3 });
      const expected = Array.from(model.scoreUsers(users));
      const largest = Math.max(...expected.map(Math.abs));
      expect(largest).toBeGreaterThan(0);
      servedFactorScores(servedParameters(model, train)).forEach((score, position) =>
        expect(Math.abs(score - expected[position])).toBeLessThan(1e-5 * largest),
      );
    }
  });

  it('refuses a model with nothing to read, and factors fitted on another matrix', async () => {
    const popularity = new PopularityRecommender();
    await popularity.fit(train);
    expect(() => servedParameters(popularity, train)).toThrow(/exposes neither/);
    const als = new ImplicitAlsRecommender({ factors: 2, iterations: 1 });
    await als.fit(InteractionMatrix.fromInteractions([{ user: 'x', item: 'a' }]));
    expect(() => servedParameters(als, train)).toThrow(/fitted on other users or items/);
  });
});

describe('denseToRows', () => {
  it('keeps the non-zero entries of each row, columns ascending', () => {
    // [[0, 2, 0], [0, 0, 0], [−1, 0, 3]] → rows {1: 2}, {}, {0: −1, 2: 3}.
    const rows = denseToRows(Float32Array.of(0, 2, 0, 0, 0, 0, -1, 0, 3), 3);
    expect(Array.from(rows.pointers)).toEqual([0, 1, 1, 3]);
    expect(Array.from(rows.indices)).toEqual([1, 0, 2]);
    expect(Array.from(rows.values)).toEqual([2, -1, 3]);
  });
});
