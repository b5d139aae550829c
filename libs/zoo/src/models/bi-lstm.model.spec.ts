import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { biLstm } from './bi-lstm.model';
import { epochLosses, markedTexts, tensorsLeftByPredict } from './synthetic-tasks.fixture';

describe('biLstm', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds an embedding and a bidirectional LSTM as `features`', () => {
    const model = biLstm({ vocabSize: 20, sequenceLength: 10, embeddingDim: 8, units: 4, outputs: 2 });
    // embedding 20·8 = 160; each LSTM 4 gates · (8·4 + 4·4 + 4) = 208, two of them 416; head 8·2 + 2 = 18.
    expect(model.countParams()).toBe(594);
    expect(model.getLayer('features').getClassName()).toBe('Bidirectional');
    expect(model.getLayer('features').outputShape).toEqual([null, 8]);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    model.dispose();
  });

  it('masks padding: the same tokens padded left or right give the same logits', async () => {
    const model = biLstm({
      vocabSize: 20,
      sequenceLength: 6,
      embeddingDim: 4,
      units: 3,
      outputs: 2,
      seed: 1,
    });
    const texts = tf.tensor2d(
      [
        [5, 6, 7, 0, 0, 0],
        [0, 0, 0, 5, 6, 7],
      ],
      [2, 6],
      'int32',
    );
    const logits = model.predict(texts) as tf.Tensor;
    const [right, left] = (await logits.array()) as number[][];
    right.forEach((value, index) => expect(value).toBeCloseTo(left[index], 5));
    tf.dispose([texts, logits]);
    model.dispose();
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = markedTexts(128, 10, 30, 2);
    const model = biLstm({
      vocabSize: 30,
      sequenceLength: 10,
      embeddingDim: 16,
      units: 8,
      outputs: 2,
      seed: 6,
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
