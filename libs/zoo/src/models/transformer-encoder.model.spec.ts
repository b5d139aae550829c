import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, resolveBackend, saveModel, tf } from '@deepworks/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochLosses, markedTexts, tensorsLeftByPredict } from './synthetic-tasks.fixture';
import { transformerEncoder } from './transformer-encoder.model';

describe('transformerEncoder', () => {
  let root: string;
  beforeAll(async () => {
    await resolveBackend('wasm');
    root = await mkdtemp(join(tmpdir(), 'deepworks-zoo-transformer-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const small = {
    vocabSize: 20,
    sequenceLength: 6,
    modelDim: 8,
    heads: 2,
    feedForwardDim: 16,
    layers: 1,
    outputs: 2,
  };

  it('builds embeddings, encoder layers and a masked mean pool as `features`', () => {
    const model = transformerEncoder(small);
    // token embedding 20·8 = 160; positions 6·8 = 48; attention 4 · (8·8 + 8) = 288; norm 2·8 = 16;
    // ffn 8·16 + 16 = 144 and 16·8 + 8 = 136; norm 16; head 8·2 + 2 = 18. Total 826.
    expect(model.countParams()).toBe(826);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    expect(model.getLayer('encoder1_ffn_norm').outputShape).toEqual([null, 6, 8]);
    expect(model.getLayer('features').outputShape).toEqual([null, 8]);
    expect(model.layers.slice(-3).map((layer) => layer.name)).toEqual([
      'features',
      'head_dropout',
      'head_dense',
    ]);
    const twoLayers = transformerEncoder({ ...small, layers: 2 });
    // A second encoder layer adds 288 + 16 + 144 + 136 + 16 = 600.
    expect(twoLayers.countParams()).toBe(826 + 600);
    model.dispose();
    twoLayers.dispose();
  });

  it('rejects a model width that the heads do not divide', () => {
    expect(() => transformerEncoder({ ...small, heads: 3 })).toThrow(
      'transformerEncoder: modelDim 8 must be a multiple of heads 3',
    );
  });

  it('masks padding: a padded text gets the logits of the same text in a model without padding room', async () => {
    const model = transformerEncoder({ ...small, dropout: 0, seed: 2 });
    const unpadded = transformerEncoder({ ...small, sequenceLength: 3, dropout: 0 });
    // Same weights; the shorter model keeps the first 3 learned positions.
    for (const layer of unpadded.layers) {
      const weights = model.getLayer(layer.name).getWeights();
      if (layer.name !== 'position_embedding') layer.setWeights(weights);
      else tf.tidy(() => layer.setWeights([tf.slice(weights[0], 0, 3)]));
    }
    const padded = tf.tensor2d([[5, 6, 7, 0, 0, 0]], [1, 6], 'int32');
    const short = tf.tensor2d([[5, 6, 7]], [1, 3], 'int32');
    const logitsOf = async (network: tf.LayersModel, tokens: tf.Tensor) => {
      const logits = network.predict(tokens) as tf.Tensor;
      const values = await logits.data();
      logits.dispose();
      return values;
    };
    const expected = await logitsOf(unpadded, short);
    const actual = await logitsOf(model, padded);
    actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index], 5));
    // Without the mask the padding would count: a token in place of the padding changes the logits.
    const filled = tf.tensor2d([[5, 6, 7, 9, 9, 9]], [1, 6], 'int32');
    const changed = await logitsOf(model, filled);
    expect(Math.abs(changed[0] - actual[0])).toBeGreaterThan(1e-3);
    tf.dispose([padded, short, filled]);
    model.dispose();
    unpadded.dispose();
  });

  it('saves and loads through the engine with identical predictions', async () => {
    const model = transformerEncoder({ ...small, layers: 2, seed: 3 });
    const texts = tf.tensor2d(
      [
        [3, 4, 5, 0, 0, 0],
        [9, 8, 7, 6, 5, 4],
      ],
      [2, 6],
      'int32',
    );
    const directory = join(root, 'v1');
    await saveModel(model, directory);
    const { model: loaded } = await loadModel(directory);
    expect(loaded.getLayer('encoder2_attention').getClassName()).toBe('ZooMultiHeadSelfAttention');
    const expected = model.predict(texts) as tf.Tensor;
    const actual = loaded.predict(texts) as tf.Tensor;
    expect(Array.from(await actual.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([texts, expected, actual]);
    model.dispose();
    loaded.dispose();
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = markedTexts(192, 10, 30, 3);
    const model = transformerEncoder({
      vocabSize: 30,
      sequenceLength: 10,
      modelDim: 16,
      heads: 2,
      feedForwardDim: 32,
      layers: 1,
      outputs: 2,
      seed: 7,
    });
    const losses = await epochLosses(model, data, {
      loss: 'softmaxCrossEntropy',
      epochs: 5,
      batchSize: 32,
      learningRate: 3e-3,
    });
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, data.x)).toBe(0);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
