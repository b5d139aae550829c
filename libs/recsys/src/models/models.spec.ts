import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Interaction } from '../interactions/interaction';
import { InteractionMatrix } from '../matrix/interaction-matrix';
import { EaseRecommender } from './ease.model';
import { ItemKnnRecommender } from './item-knn.model';
import { defaultRecommenderRegistry, registryEntry, UnknownModelError } from './recommender.registry';

const pairs = (rows: [string, string][]): Interaction[] => rows.map(([user, item]) => ({ user, item }));

describe('InteractionMatrix', () => {
  it('maps ids in sorted order to a CSR matrix, collapsing repeated pairs', () => {
    const matrix = InteractionMatrix.fromInteractions(
      pairs([
        ['u2', 'b'],
        ['u1', 'c'],
        ['u1', 'a'],
        ['u2', 'b'],
      ]),
    );
    expect(matrix.userIds).toEqual(['u1', 'u2']);
    expect(matrix.itemIds).toEqual(['a', 'b', 'c']);
    expect(Array.from(matrix.rowPointers)).toEqual([0, 2, 3]);
    expect(Array.from(matrix.columnIndices)).toEqual([0, 2, 1]);
    expect(Array.from(matrix.itemPopularity())).toEqual([1, 1, 1]);
    const transposed = matrix.transpose();
    expect(Array.from(transposed.rowPointers)).toEqual([0, 1, 2, 3]);
    expect(Array.from(transposed.columnIndices)).toEqual([0, 1, 0]);
  });
});

describe('EaseRecommender', () => {
  it('matches B worked out by hand on a 3 × 3 matrix', async () => {
    // Users: u1 = {0, 1}, u2 = {1, 2}, u3 = {1}. XᵀX = [[1,1,0],[1,3,1],[0,1,1]]; λ = 1 gives
    // A = [[2,1,0],[1,4,1],[0,1,2]], det A = 12, P = A⁻¹ = [[7,−2,1],[−2,4,−2],[1,−2,7]] / 12.
    // B_ij = −P_ij / P_jj:  B01 = 2/4 = 0.5, B02 = −1/7, B10 = 2/7, B12 = 2/7, B20 = −1/7, B21 = 0.5.
    // Scores: u1 = row0 + row1 = [2/7, 0.5, 1/7]; u3 = row1 = [2/7, 0, 2/7].
    const matrix = InteractionMatrix.fromInteractions(
      pairs([
        ['u1', '0'],
        ['u1', '1'],
        ['u2', '1'],
        ['u2', '2'],
        ['u3', '1'],
      ]),
    );
    const ease = new EaseRecommender({ lambda: 1 });
    await ease.fit(matrix);
    const scores = Array.from(ease.scoreUsers([0, 2]));
    expect(scores).toEqual([2 / 7, 0.5, 1 / 7, 2 / 7, 0, 2 / 7].map((value) => expect.closeTo(value, 6)));
    expect(ease.similarItems(0, 2)).toEqual([
      { itemIndex: 1, score: expect.closeTo(0.5, 6) },
      { itemIndex: 2, score: expect.closeTo(-1 / 7, 6) },
    ]);
  });

  it('refuses unknown options and scoring before fit', () => {
    expect(() => new EaseRecommender({ lamda: 5 } as never)).toThrow(
      /unknown option\(s\) lamda; allowed: lambda, dropout/,
    );
    expect(() => new EaseRecommender().scoreUsers([0])).toThrow(/not fitted yet/);
  });
});

describe('ItemKnnRecommender', () => {
  it('scores with shrunk cosine similarities worked out by hand', async () => {
    // Same matrix as above. Norms: |0| = 1, |1| = √3, |2| = 1. With shrinkage 0:
    // cos(0,1) = 1/√3, cos(0,2) = 0, cos(1,2) = 1/√3. u1 = {0,1} scores item 2 as cos(1,2) = 1/√3.
    const matrix = InteractionMatrix.fromInteractions(
      pairs([
        ['u1', '0'],
        ['u1', '1'],
        ['u2', '1'],
        ['u2', '2'],
        ['u3', '1'],
      ]),
    );
    const knn = new ItemKnnRecommender({ neighbours: 2, shrinkage: 0 });
    await knn.fit(matrix);
    const scores = Array.from(knn.scoreUsers([0]));
    expect(scores).toEqual(
      [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)].map((value) => expect.closeTo(value, 6)),
    );
    expect(knn.similarItems(1, 5).map((entry) => entry.itemIndex)).toEqual([0, 2]);
  });
});

describe('registry', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('says which models exist when asked for one that does not', () => {
    expect(() => registryEntry(defaultRecommenderRegistry(), 'slim')).toThrow(UnknownModelError);
    expect(() => registryEntry(defaultRecommenderRegistry(), 'slim')).toThrow(
      'model "slim" is not available yet; available models: pop, itemknn, ease, mf, als, bpr, neumf, twotower, best',
    );
  });

  it('builds a fresh model per call, and latent-factor scoring leaks no tensor', async () => {
    const entry = registryEntry(defaultRecommenderRegistry(), 'mf');
    const first = entry.create({ factors: 4, iterations: 2 });
    expect(first).not.toBe(entry.create({ factors: 4, iterations: 2 }));
    const matrix = InteractionMatrix.fromInteractions(
      pairs([
        ['u1', 'a'],
        ['u1', 'b'],
        ['u2', 'b'],
        ['u2', 'c'],
      ]),
    );
    await first.fit(matrix, { seed: 1 });
    const before = tf.memory().numTensors;
    expect(first.scoreUsers([0, 1])).toHaveLength(6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ends an engine-trained fit with the reason of its aborted signal', async () => {
    const matrix = InteractionMatrix.fromInteractions(
      pairs([
        ['u1', 'a'],
        ['u2', 'b'],
      ]),
    );
    const superseded = new Error('the job was handed to another worker');
    const before = tf.memory().numTensors;
    for (const name of ['neumf', 'twotower']) {
      const model = registryEntry(defaultRecommenderRegistry(), name).create({ epochs: 2 });
      const itemTexts = new Map([
        ['a', 'red kettle'],
        ['b', 'blue teapot'],
      ]);
      await expect(model.fit(matrix, { itemTexts, signal: AbortSignal.abort(superseded) })).rejects.toBe(
        superseded,
      );
    }
    // Nothing of the aborted fits stays behind.
    expect(tf.memory().numTensors).toBe(before);
  });
});
