import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { gmf, matrixFactorization } from './matrix-factorization.model';
import { epochLosses, groupedInteractions, tensorsLeftByPredict } from './synthetic-tasks.fixture';

describe('matrixFactorization', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds the dot product of two embeddings plus user and item biases', async () => {
    const model = matrixFactorization({ users: 5, items: 7, dim: 3 });
    // 5·3 + 7·3 = 36 factors + 5 + 7 = 12 biases.
    expect(model.countParams()).toBe(48);
    expect(model.inputNames).toEqual(['user', 'item']);
    expect(model.inputs.map((input) => [input.dtype, input.shape])).toEqual([
      ['int32', [null, 1]],
      ['int32', [null, 1]],
    ]);
    expect(model.outputs[0].shape).toEqual([null, 1]);
    // Logit = ⟨p_u, q_i⟩ + b_u + b_i, checked against the weights themselves.
    const user = model.getLayer('user_embedding').getWeights()[0];
    const item = model.getLayer('item_embedding').getWeights()[0];
    tf.tidy(() => {
      model.getLayer('user_bias').setWeights([tf.fill([5, 1], 0.5)]);
      model.getLayer('item_bias').setWeights([tf.fill([7, 1], -0.25)]);
    });
    const ids = [tf.tensor2d([[2]], [1, 1], 'int32'), tf.tensor2d([[6]], [1, 1], 'int32')];
    const prediction = model.predict(ids) as tf.Tensor;
    const logit = (await prediction.data())[0];
    const p = (await user.array()) as number[][];
    const q = (await item.array()) as number[][];
    const dot = p[2].reduce((sum, value, index) => sum + value * q[6][index], 0);
    expect(logit).toBeCloseTo(dot + 0.5 - 0.25, 5);
    tf.dispose([...ids, prediction]);
    model.dispose();
    const plain = matrixFactorization({ users: 5, items: 7, dim: 3, biases: false });
    expect(plain.countParams()).toBe(36);
    expect(plain.layers[plain.layers.length - 1].name).toBe('score');
    plain.dispose();
  });

  it('rejects invalid options by name', () => {
    expect(() => matrixFactorization({ users: 0, items: 7 })).toThrow(
      'matrixFactorization: users must be an integer ≥ 1; got 0',
    );
    expect(() => matrixFactorization({ users: 5, items: 7, biases: 'yes' as never })).toThrow(
      'matrixFactorization: biases must be true or false; got "yes"',
    );
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = groupedInteractions(1024, 30, 24, 1);
    const model = matrixFactorization({ users: 30, items: 24, dim: 8, seed: 1 });
    const x = [data.users, data.items];
    const losses = await epochLosses(
      model,
      { x, y: data.y },
      {
        loss: 'sigmoidCrossEntropy',
        epochs: 6,
        batchSize: 64,
        learningRate: 2e-2,
      },
    );
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, x)).toBe(0);
    tf.dispose([data.users, data.items, data.y]);
    model.dispose();
  });
});

describe('gmf', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds the element-wise product of two embeddings and a learned weighting of it', () => {
    const model = gmf({ users: 5, items: 7, dim: 3 });
    // 5·3 + 7·3 = 36; prediction h 3 + bias 1.
    expect(model.countParams()).toBe(40);
    expect(model.layers.map((layer) => layer.name).slice(2)).toEqual([
      'gmf_user_embedding',
      'gmf_item_embedding',
      'gmf_user_vector',
      'gmf_item_vector',
      'gmf_product',
      'prediction',
    ]);
    model.dispose();
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = groupedInteractions(1024, 30, 24, 2);
    const model = gmf({ users: 30, items: 24, dim: 8, seed: 2 });
    const x = [data.users, data.items];
    const losses = await epochLosses(
      model,
      { x, y: data.y },
      {
        loss: 'sigmoidCrossEntropy',
        epochs: 6,
        batchSize: 64,
        learningRate: 2e-2,
      },
    );
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, x)).toBe(0);
    tf.dispose([data.users, data.items, data.y]);
    model.dispose();
  });
});
