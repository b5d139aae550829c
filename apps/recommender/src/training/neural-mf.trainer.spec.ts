import { resolveBackend } from '@deepworks/engine';
import { InteractionMatrix } from '@deepworks/recsys';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitNeuralMf } from './neural-mf.trainer';

describe('fitNeuralMf', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it("learns two groups of users: a user's items score above every item of the other group", async () => {
    // Users 0–5 take items a–d, users 6–11 items e–h, each missing one item of their group.
    const interactions = Array.from({ length: 12 }, (_, user) => {
      const group = user < 6 ? ['a', 'b', 'c', 'd'] : ['e', 'f', 'g', 'h'];
      return group
        .filter((_, position) => position !== user % 4)
        .map((item) => ({ user: `u${String(user).padStart(2, '0')}`, item }));
    }).flat();
    const train = InteractionMatrix.fromInteractions(interactions);
    const factors = await fitNeuralMf(train, {
      dim: 4,
      epochs: 60,
      negatives: 2,
      learningRate: 0.05,
      batchSize: 16,
      seed: 7,
    });
    expect(factors.userFactors.length).toBe(12 * 4);
    expect(factors.itemFactors.length).toBe(8 * 4);
    const score = (user: number, item: number) => {
      let sum = factors.itemBiases[item];
      for (let k = 0; k < 4; k++)
        sum += factors.userFactors[user * 4 + k] * factors.itemFactors[item * 4 + k];
      return sum;
    };
    // Every user's observed items beat every item of the other group (the item a user never took is
    // sometimes drawn as a negative, so it is not asked about).
    let wins = 0;
    for (let user = 0; user < 12; user++) {
      const own = (user < 6 ? [0, 1, 2, 3] : [4, 5, 6, 7]).filter((_, position) => position !== user % 4);
      const other = user < 6 ? [4, 5, 6, 7] : [0, 1, 2, 3];
      const index = train.userIndex(`u${String(user).padStart(2, '0')}`)!;
      const lowestOwn = Math.min(...own.map((item) => score(index, item)));
      if (lowestOwn > Math.max(...other.map((item) => score(index, item)))) {
        wins++;
      }
    }
    expect(wins).toBeGreaterThanOrEqual(11);
  });
});
