import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { gmf } from './matrix-factorization.model';
import { initNeuMFFromPretrained, ncfMlp, neuMF } from './neu-mf.model';
import { epochLosses, groupedInteractions, tensorsLeftByPredict } from './synthetic-tasks.fixture';

async function logits(model: tf.LayersModel, x: tf.Tensor[]): Promise<number[]> {
  const output = model.predict(x) as tf.Tensor;
  const values = Array.from(await output.data());
  output.dispose();
  return values;
}

describe('ncfMlp and neuMF', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds the NCF MLP and NeuMF with the layer names pre-training relies on', () => {
    const mlpModel = ncfMlp({ users: 5, items: 7, dim: 3, hiddenUnits: [4, 2] });
    // embeddings 5·3 + 7·3 = 36; mlp_dense1 6·4 + 4 = 28; mlp_dense2 4·2 + 2 = 10; prediction 2 + 1 = 3.
    expect(mlpModel.countParams()).toBe(77);
    const neumf = neuMF({ users: 5, items: 7, gmfDim: 3, mlpDim: 3, mlpLayers: [4, 2] });
    // GMF embeddings 36 + MLP embeddings 36 + 28 + 10 + prediction (3 + 2) + 1 = 116.
    expect(neumf.countParams()).toBe(116);
    expect(neumf.getLayer('neumf_concat').outputShape).toEqual([null, 5]);
    for (const name of [
      'gmf_user_embedding',
      'gmf_item_embedding',
      'mlp_user_embedding',
      'mlp_dense2',
      'prediction',
    ])
      expect(neumf.getLayer(name)).toBeDefined();
    mlpModel.dispose();
    neumf.dispose();
  });

  it('starts NeuMF from a pretrained GMF and MLP as the α-blend of their logits', async () => {
    const config = { users: 6, items: 5 };
    const gmfModel = gmf({ ...config, dim: 4, seed: 1 });
    const mlpModel = ncfMlp({ ...config, dim: 3, hiddenUnits: [6, 3], seed: 2 });
    const neumf = neuMF({ ...config, gmfDim: 4, mlpDim: 3, mlpLayers: [6, 3], seed: 3 });
    // Non-zero biases, so the blend of the biases is checked too.
    tf.tidy(() => {
      gmfModel
        .getLayer('prediction')
        .setWeights([gmfModel.getLayer('prediction').getWeights()[0], tf.tensor1d([0.7])]);
      mlpModel
        .getLayer('prediction')
        .setWeights([mlpModel.getLayer('prediction').getWeights()[0], tf.tensor1d([-0.3])]);
    });
    const x = [tf.tensor2d([[0], [3], [5]], [3, 1], 'int32'), tf.tensor2d([[4], [1], [0]], [3, 1], 'int32')];
    const alpha = 0.3;
    expect(initNeuMFFromPretrained(neumf, gmfModel, mlpModel, alpha)).toBe(neumf);
    const [fromGmf, fromMlp, blended] = await Promise.all(
      [gmfModel, mlpModel, neumf].map((model) => logits(model, x)),
    );
    // The concatenation splits the prediction layer: h·[g; m] + b = α(h_g·g + b_g) + (1 − α)(h_m·m + b_m).
    blended.forEach((value, index) =>
      expect(value).toBeCloseTo(alpha * fromGmf[index] + (1 - alpha) * fromMlp[index], 5),
    );
    const mismatched = ncfMlp({ ...config, dim: 3, hiddenUnits: [5, 3] });
    expect(() => initNeuMFFromPretrained(neumf, gmfModel, mismatched)).toThrow(
      'initNeuMFFromPretrained: layer "mlp_dense1" has weights [6×6, 6], the pretrained model gives [6×5, 5]',
    );
    expect(() => initNeuMFFromPretrained(neumf, gmfModel, mlpModel, 1.5)).toThrow(
      /alpha must be in \[0, 1\]/,
    );
    tf.dispose(x);
    [gmfModel, mlpModel, neumf, mismatched].forEach((model) => model.dispose());
  });

  it('trains NeuMF with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = groupedInteractions(1024, 30, 24, 3);
    const model = neuMF({ users: 30, items: 24, gmfDim: 8, mlpDim: 8, mlpLayers: [16, 8], seed: 4 });
    const x = [data.users, data.items];
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
    tf.dispose([data.users, data.items, data.y]);
    model.dispose();
  });

  it('trains the NCF MLP with the engine to a falling loss', async () => {
    const data = groupedInteractions(1024, 30, 24, 4);
    const model = ncfMlp({ users: 30, items: 24, dim: 8, hiddenUnits: [16, 8], seed: 5 });
    const losses = await epochLosses(
      model,
      { x: [data.users, data.items], y: data.y },
      {
        loss: 'sigmoidCrossEntropy',
        epochs: 6,
        batchSize: 64,
        learningRate: 1e-2,
      },
    );
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    tf.dispose([data.users, data.items, data.y]);
    model.dispose();
  });
});
