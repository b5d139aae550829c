import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  epochLosses,
  groupedInteractions,
  itemTokens,
  tensorsLeftByPredict,
} from './synthetic-tasks.fixture';
import { twoTower } from './two-tower.model';

describe('twoTower', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds a user tower and a token item tower whose dot product is the logit', async () => {
    const { model, userTower, itemTower } = twoTower({
      users: 5,
      vocabSize: 11,
      tokensPerItem: 4,
      dim: 3,
      seed: 1,
    });
    // user embedding 5·3 = 15; token embedding 11·3 = 33; item_vector 3·3 + 3 = 12. Total 60.
    expect(model.countParams()).toBe(60);
    expect(model.inputNames).toEqual(['user', 'item_tokens']);
    expect(userTower.outputs[0].shape).toEqual([null, 3]);
    expect(itemTower.outputs[0].shape).toEqual([null, 3]);
    // The towers share the model's weights: ⟨userTower(u), itemTower(tokens)⟩ is the model's logit.
    const user = tf.tensor2d([[2], [4]], [2, 1], 'int32');
    const tokens = tf.tensor2d(
      [
        [3, 7, 0, 0],
        [10, 1, 2, 5],
      ],
      [2, 4],
      'int32',
    );
    const [logits, users, items] = [
      model.predict([user, tokens]),
      userTower.predict(user),
      itemTower.predict(tokens),
    ] as tf.Tensor[];
    const logitValues = await logits.data();
    const userVectors = (await users.array()) as number[][];
    const itemVectors = (await items.array()) as number[][];
    userVectors.forEach((vector, row) =>
      expect(logitValues[row]).toBeCloseTo(
        vector.reduce((sum, value, index) => sum + value * itemVectors[row][index], 0),
        5,
      ),
    );
    tf.dispose([user, tokens, logits, users, items]);
    model.dispose();
  });

  it('adds an item-id embedding to the item tower when given `items`', () => {
    const { model, itemTower } = twoTower({ users: 5, vocabSize: 11, tokensPerItem: 4, dim: 3, items: 7 });
    // 15 + 33 + item ids 7·3 = 21 + item_vector (3 + 3)·3 + 3 = 21. Total 90.
    expect(model.countParams()).toBe(90);
    expect(itemTower.inputNames).toEqual(['item_tokens', 'item']);
    model.dispose();
  });

  it('rejects invalid options by name', () => {
    expect(() => twoTower({ users: 5, vocabSize: 11, tokensPerItem: 4, items: -1 })).toThrow(
      'twoTower: items must be an integer ≥ 0; got -1',
    );
  });

  it('trains with the engine to a falling loss; the item tower embeds items by their tokens', async () => {
    const vocabSize = 40;
    const data = groupedInteractions(1024, 30, 24, 5);
    const tokensOfItem = itemTokens(24, vocabSize, 6);
    const tokens = tf.tensor2d(
      data.itemIds.map((item) => tokensOfItem[item]),
      [data.itemIds.length, 4],
      'int32',
    );
    const { model, itemTower } = twoTower({ users: 30, vocabSize, tokensPerItem: 4, dim: 8, seed: 7 });
    const x = [data.users, tokens];
    const losses = await epochLosses(
      model,
      { x, y: data.y },
      {
        loss: 'sigmoidCrossEntropy',
        epochs: 6,
        batchSize: 64,
        learningRate: 1e-2,
      },
    );
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, x)).toBe(0);
    expect(tensorsLeftByPredict(itemTower, tokens)).toBe(0);
    tf.dispose([data.users, data.items, data.y, tokens]);
    model.dispose();
  });
});
