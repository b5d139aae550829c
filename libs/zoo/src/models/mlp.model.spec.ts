import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastConvLayerName } from './feature-map.locator';
import { mlp } from './mlp.model';
import { epochLosses, linearClasses, tensorsLeftByPredict } from './synthetic-tasks.fixture';

describe('mlp', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds hidden layers, `features` last, and a logits head', () => {
    const model = mlp({ inputSize: 4, hiddenUnits: [8, 6], outputs: 3, dropout: 0.2 });
    // 4·8 + 8 = 40, 8·6 + 6 = 54, 6·3 + 3 = 21: 115.
    expect(model.countParams()).toBe(115);
    expect(model.layers.map((layer) => layer.name)).toEqual([
      'input',
      'hidden1',
      'hidden1_dropout',
      'features',
      'head_dropout',
      'head_dense',
    ]);
    expect(model.getLayer('head_dense').getConfig().activation).toBe('linear');
    expect(() => lastConvLayerName(model)).toThrow(
      'lastConvLayerName: model "mlp" has no convolutional feature map before "features"',
    );
    model.dispose();
  });

  it('with no hidden layer is a linear model', () => {
    const model = mlp({ inputSize: 4, hiddenUnits: [], outputs: 3 });
    // 4·3 + 3
    expect(model.countParams()).toBe(15);
    model.dispose();
  });

  it('builds the same weights from the same seed', () => {
    const first = mlp({ inputSize: 3, outputs: 2, seed: 11 });
    const second = mlp({ inputSize: 3, outputs: 2, seed: 11 });
    const other = mlp({ inputSize: 3, outputs: 2, seed: 12 });
    const kernel = (model: tf.LayersModel) =>
      Array.from(model.getLayer('features').getWeights()[0].dataSync());
    expect(kernel(first)).toEqual(kernel(second));
    expect(kernel(first)).not.toEqual(kernel(other));
    [first, second, other].forEach((model) => model.dispose());
  });

  it('rejects invalid options by name', () => {
    expect(() => mlp({ inputSize: 4, outputs: 2, activation: 'swish' as 'relu' })).toThrow(
      'mlp: activation must be one of relu, elu, selu, tanh, sigmoid; got "swish"',
    );
    expect(() => mlp({ inputSize: 4, outputs: 2, dropout: 1 })).toThrow(
      'mlp: dropout must be a number in [0, 1); got 1',
    );
    expect(() => mlp({ outputs: 2 } as never)).toThrow('mlp: option "inputSize" is required');
    expect(() => mlp({ inputSize: 4, outputs: 2, hiddenUnits: [8, 0] })).toThrow(
      'mlp: hiddenUnits must be a list of integers ≥ 1; got [8,0]',
    );
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = linearClasses(256, 8, 3, 1);
    const model = mlp({ inputSize: 8, hiddenUnits: [32], outputs: 3, dropout: 0.1, seed: 8 });
    const losses = await epochLosses(model, data, { loss: 'softmaxCrossEntropy', epochs: 5, batchSize: 32 });
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, data.x)).toBe(0);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
