import { BprMfRecommender, EaseRecommender, InteractionMatrix, ItemKnnRecommender } from '@deepworks/recsys';
import { describe, expect, it } from 'vitest';
import { sparseVectorTimesRows } from '../model/sparse-rows.matrix';
import { itemItemWeights } from './item-item-weights.adapter';

// 6 users over 5 items, two overlapping groups, so that both models have non-trivial weights.
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

function servedScores(weights: ReturnType<typeof itemItemWeights>, user: number): number[] {
  return Array.from(
    sparseVectorTimesRows({ indices: train.userItems(user), values: train.userValues(user) }, weights),
  );
}

describe('itemItemWeights', () => {
  it("reads EASE's B (rows of similarItems) and reproduces its scores for every user", async () => {
    const ease = new EaseRecommender({ lambda: 1 });
    await ease.fit(train);
    const weights = itemItemWeights(ease, train);
    const expected = ease.scoreUsers([0, 1, 2, 3, 4, 5]);
    for (let user = 0; user < 6; user++) {
      servedScores(weights, user).forEach((score, item) =>
        expect(score).toBeCloseTo(expected[user * 5 + item], 4),
      );
    }
  });

  it("reads item kNN's neighbour lists (columns of similarItems) the same way", async () => {
    const knn = new ItemKnnRecommender({ neighbours: 2, shrinkage: 0 });
    await knn.fit(train);
    const weights = itemItemWeights(knn, train);
    const expected = knn.scoreUsers([0, 3]);
    [0, 3].forEach((user, row) =>
      servedScores(weights, user).forEach((score, item) =>
        expect(score).toBeCloseTo(expected[row * 5 + item], 5),
      ),
    );
    // Two neighbours kept per target item: at most 2 entries per column, so at most 10 in all.
    expect(weights.values.length).toBeLessThanOrEqual(10);
  });

  it('refuses a latent-factor model, which no item-item matrix reproduces', async () => {
    const bpr = new BprMfRecommender({ factors: 4, epochs: 5 });
    await bpr.fit(train);
    expect(() => itemItemWeights(bpr, train)).toThrow(/is not a linear item-item model/);
  });
});
