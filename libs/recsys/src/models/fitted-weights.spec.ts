import { SeededRandom } from '@deepworks/demo-data';
import { resolveBackend } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Interaction } from '../interactions/interaction';
import { InteractionMatrix } from '../matrix/interaction-matrix';
import { BprMfRecommender } from './bpr-mf.model';
import { EaseRecommender } from './ease.model';
import type { FittedFactors, SparseItemWeights } from './fitted-weights';
import { ImplicitAlsRecommender } from './implicit-als.model';
import { ItemKnnRecommender } from './item-knn.model';

// Users: u1 = {0, 1}, u2 = {1, 2}, u3 = {1} (the hand-worked matrix of models.spec.ts).
const small = InteractionMatrix.fromInteractions(
  [
    ['u1', '0'],
    ['u1', '1'],
    ['u2', '1'],
    ['u2', '2'],
    ['u3', '1'],
  ].map(([user, item]) => ({ user, item })),
);

/** 40 users with 2–7 of 15 items each, drawn from a seed: enough for non-trivial weights. */
function randomMatrix(seed: number): InteractionMatrix {
  const random = new SeededRandom(seed);
  const interactions: Interaction[] = [];
  for (let user = 0; user < 40; user++) {
    const count = 2 + random.integer(6);
    for (let draw = 0; draw < count; draw++) {
      interactions.push({ user: `u${user}`, item: `i${String(random.integer(15)).padStart(2, '0')}` });
    }
  }
  return InteractionMatrix.fromInteractions(interactions);
}

const everyUser = (matrix: InteractionMatrix) => Array.from({ length: matrix.userCount }, (_, user) => user);

/** x·W for every user, accumulated into Float32 in the models' own order (history entry, then row). */
function denseProduct(matrix: InteractionMatrix, weights: Float32Array): Float32Array {
  const size = matrix.itemCount;
  const scores = new Float32Array(matrix.userCount * size);
  for (let user = 0; user < matrix.userCount; user++) {
    for (let entry = matrix.rowPointers[user]; entry < matrix.rowPointers[user + 1]; entry++) {
      const row = matrix.columnIndices[entry] * size;
      for (let item = 0; item < size; item++)
        scores[user * size + item] += matrix.values[entry] * weights[row + item];
    }
  }
  return scores;
}

function sparseProduct(matrix: InteractionMatrix, weights: SparseItemWeights): Float32Array {
  const size = matrix.itemCount;
  const scores = new Float32Array(matrix.userCount * size);
  for (let user = 0; user < matrix.userCount; user++) {
    for (let entry = matrix.rowPointers[user]; entry < matrix.rowPointers[user + 1]; entry++) {
      const row = matrix.columnIndices[entry];
      for (let link = weights.rowPointers[row]; link < weights.rowPointers[row + 1]; link++) {
        scores[user * size + weights.columnIndices[link]] += matrix.values[entry] * weights.values[link];
      }
    }
  }
  return scores;
}

/** p_u·q_i + b_i in float64 (the engine's float32 matmul may sum in another order). */
function factorProduct(factors: FittedFactors): number[] {
  const { dim, userFactors, itemFactors, itemBiases } = factors;
  const scores: number[] = [];
  for (let user = 0; user < factors.userIds.length; user++) {
    for (let item = 0; item < factors.itemIds.length; item++) {
      let sum = itemBiases ? itemBiases[item] : 0;
      for (let k = 0; k < dim; k++) sum += userFactors[user * dim + k] * itemFactors[item * dim + k];
      scores.push(sum);
    }
  }
  return scores;
}

describe('EaseRecommender.itemWeights', () => {
  it('is B worked out by hand, row-major, history item by target', async () => {
    // λ = 1: B01 = 0.5, B02 = −1/7, B10 = 2/7, B12 = 2/7, B20 = −1/7, B21 = 0.5 (models.spec.ts).
    const ease = new EaseRecommender({ lambda: 1 });
    await ease.fit(small);
    expect(Array.from(ease.itemWeights())).toEqual(
      [0, 0.5, -1 / 7, 2 / 7, 0, 2 / 7, -1 / 7, 0.5, 0].map((value) => expect.closeTo(value, 6)),
    );
  });

  it('reproduces scoreUsers exactly, and is a copy', async () => {
    const matrix = randomMatrix(3);
    const ease = new EaseRecommender({ lambda: 5 });
    await ease.fit(matrix);
    const weights = ease.itemWeights();
    expect(weights).toHaveLength(matrix.itemCount ** 2);
    const expected = ease.scoreUsers(everyUser(matrix));
    expect(denseProduct(matrix, weights)).toEqual(expected);
    weights.fill(0);
    expect(ease.scoreUsers(everyUser(matrix))).toEqual(expected);
  });

  it('refuses before fit', () => {
    expect(() => new EaseRecommender().itemWeights()).toThrow(/not fitted yet/);
  });
});

describe('ItemKnnRecommender.neighbourWeights', () => {
  it('holds, per history item, the targets that keep it as a neighbour', async () => {
    // Shrinkage 0: cos(0,1) = 1/√3, cos(0,2) = 0, cos(1,2) = 1/√3. One neighbour per target: 0 keeps
    // 1, 1 keeps 0 (tie with 2 goes to the lower index), 2 keeps 1. So row 0 = {1}, row 1 = {0, 2},
    // row 2 = {} (nobody keeps item 2).
    const knn = new ItemKnnRecommender({ neighbours: 1, shrinkage: 0 });
    await knn.fit(small);
    const weights = knn.neighbourWeights();
    expect(weights.itemCount).toBe(3);
    expect(Array.from(weights.rowPointers)).toEqual([0, 1, 3, 3]);
    expect(Array.from(weights.columnIndices)).toEqual([1, 0, 2]);
    expect(Array.from(weights.values)).toEqual([1, 1, 1].map(() => expect.closeTo(1 / Math.sqrt(3), 6)));
  });

  it('reproduces scoreUsers exactly, with each row ascending and at most `neighbours` per column', async () => {
    const matrix = randomMatrix(4);
    const knn = new ItemKnnRecommender({ neighbours: 4, shrinkage: 2 });
    await knn.fit(matrix);
    const weights = knn.neighbourWeights();
    expect(sparseProduct(matrix, weights)).toEqual(knn.scoreUsers(everyUser(matrix)));
    const perColumn = new Array<number>(matrix.itemCount).fill(0);
    for (let row = 0; row < matrix.itemCount; row++) {
      for (let link = weights.rowPointers[row]; link < weights.rowPointers[row + 1]; link++) {
        perColumn[weights.columnIndices[link]]++;
        if (link > weights.rowPointers[row])
          expect(weights.columnIndices[link]).toBeGreaterThan(weights.columnIndices[link - 1]);
      }
    }
    expect(Math.max(...perColumn)).toBeLessThanOrEqual(4);
    expect(weights.values.length).toBeGreaterThan(matrix.itemCount);
  });
});

describe('latent-factor models: factors()', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('ALS: user and item factors whose products are scoreUsers, no biases, ids in index order', async () => {
    const matrix = randomMatrix(5);
    const als = new ImplicitAlsRecommender({ factors: 6, iterations: 3 });
    await als.fit(matrix, { seed: 1 });
    const factors = als.factors();
    expect(factors.dim).toBe(6);
    expect(factors.userFactors).toHaveLength(matrix.userCount * 6);
    expect(factors.itemFactors).toHaveLength(matrix.itemCount * 6);
    expect(factors.itemBiases).toBeNull();
    expect(factors.userIds).toEqual(matrix.userIds);
    expect(factors.itemIds).toEqual(matrix.itemIds);
    const expected = Array.from(als.scoreUsers(everyUser(matrix)));
    const largest = Math.max(...expected.map(Math.abs));
    expect(largest).toBeGreaterThan(0.1);
    factorProduct(factors).forEach((score, position) =>
      expect(Math.abs(score - expected[position])).toBeLessThan(1e-5 * largest),
    );
  });

  it('BPR-MF: the item biases are part of the scores; the arrays are copies', async () => {
    const matrix = randomMatrix(6);
    const bpr = new BprMfRecommender({ factors: 4, epochs: 5 });
    await bpr.fit(matrix, { seed: 1 });
    const factors = bpr.factors();
    expect(factors.itemBiases).toHaveLength(matrix.itemCount);
    expect(factors.itemBiases!.some((bias) => bias !== 0)).toBe(true);
    const expected = Array.from(bpr.scoreUsers(everyUser(matrix)));
    const largest = Math.max(...expected.map(Math.abs));
    factorProduct(factors).forEach((score, position) =>
      expect(Math.abs(score - expected[position])).toBeLessThan(1e-5 * largest),
    );
    factors.itemFactors.fill(0);
    expect(Array.from(bpr.scoreUsers(everyUser(matrix)))).toEqual(expected);
    expect(() => new BprMfRecommender().factors()).toThrow(/not fitted yet/);
  });
});
