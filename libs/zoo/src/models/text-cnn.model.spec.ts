import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { epochLosses, markedTexts, tensorsLeftByPredict } from './synthetic-tasks.fixture';
import { textCnn } from './text-cnn.model';

describe('textCnn', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds one convolution and max-over-time pooling per kernel size, concatenated as `features`', () => {
    const model = textCnn({
      vocabSize: 20,
      sequenceLength: 10,
      embeddingDim: 8,
      kernelSizes: [2, 3],
      filters: 4,
      outputs: 2,
    });
    // embedding 20·8 = 160; conv_k2 2·8·4 + 4 = 68; conv_k3 3·8·4 + 4 = 100; head 8·2 + 2 = 18. Total 346.
    expect(model.countParams()).toBe(346);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    expect(model.inputs[0].dtype).toBe('int32');
    expect(model.getLayer('conv_k3').outputShape).toEqual([null, 8, 4]);
    expect(model.getLayer('features').outputShape).toEqual([null, 8]);
    expect(model.layers.slice(-2).map((layer) => layer.name)).toEqual(['head_dropout', 'head_dense']);
    model.dispose();
  });

  it('names its one pooling layer `features` when given one kernel size', () => {
    const model = textCnn({ vocabSize: 20, sequenceLength: 10, kernelSizes: [3], filters: 4, outputs: 2 });
    expect(model.getLayer('features').getClassName()).toBe('GlobalMaxPooling1D');
    model.dispose();
  });

  it('rejects invalid options by name', () => {
    expect(() => textCnn({ vocabSize: 20, sequenceLength: 4, kernelSizes: [3, 5], outputs: 2 })).toThrow(
      'textCnn: kernelSizes must each be at most sequenceLength 4; got [3, 5]',
    );
    expect(() => textCnn({ vocabSize: 20, sequenceLength: 8, kernelSizes: [3, 3], outputs: 2 })).toThrow(
      /must not repeat/,
    );
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = markedTexts(192, 12, 30, 1);
    const model = textCnn({
      vocabSize: 30,
      sequenceLength: 12,
      embeddingDim: 16,
      kernelSizes: [2, 3],
      filters: 8,
      outputs: 2,
      seed: 5,
    });
    const losses = await epochLosses(model, data, {
      loss: 'softmaxCrossEntropy',
      epochs: 5,
      batchSize: 32,
      learningRate: 1e-2,
    });
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, data.x)).toBe(0);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
