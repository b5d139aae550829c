import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnn } from '../models/cnn.model';
import { attachHead, cutAt } from './backbone.surgery';
import { fineTune } from './fine-tune.trainer';
import { freeze, parameterCounts, unfreeze } from './layer.freezing';

/** conv 3×3×1→4 (36 + 4 = 40) → batch norm (4 γ + 4 β trainable, 4 mean + 4 variance not) → pool → dense 4→3 (15). */
function smallCnn(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 1] });
  let x = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, name: 'block1_conv' })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'block1_bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({ name: 'features' }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 3, name: 'classifier' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

/** Two Gaussian clouds in 4-D, label = which cloud. */
function twoClouds(count: number) {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let index = 0; index < count; index++) {
    const label = index % 2;
    x.push([0, 1, 2, 3].map((dim) => (label ? 1 : -1) + 0.5 * Math.sin(index * 7.1 + dim)));
    y.push([label]);
  }
  return { x: tf.tensor2d(x), y: tf.tensor2d(y) };
}

function denseBackbone(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [4],
        units: 8,
        activation: 'relu',
        name: 'trunk1',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 8,
        activation: 'relu',
        name: 'trunk2',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
}

const snapshot = (model: tf.LayersModel, layer: string) =>
  model.getLayer(layer).getWeights()[0].dataSync().slice();

describe('cutAt / attachHead', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('cuts a backbone that shares its layers (and weights) with the model', () => {
    const model = smallCnn();
    const backbone = cutAt(model, 'features');
    expect(backbone.outputs[0].shape).toEqual([null, 4]);
    expect(backbone.getLayer('block1_conv')).toBe(model.getLayer('block1_conv'));
    backbone.getLayer('block1_conv').setWeights([tf.ones([3, 3, 1, 4]), tf.zeros([4])]);
    expect(Array.from(snapshot(model, 'block1_conv'))).toEqual(new Array(36).fill(1));
    expect(() => cutAt(model, 'nope')).toThrow(/no layer "nope"; its layers are .*block1_conv/);
  });

  it('attaches a pooled head with hidden layer and dropout, by name', () => {
    const backbone = cutAt(smallCnn(), 'block1_bn');
    const model = attachHead(backbone, { units: 2, hiddenUnits: 5, dropout: 0.2, name: 'triage' });
    expect(model.outputs[0].shape).toEqual([null, 2]);
    const names = model.layers.map((layer) => layer.name);
    expect(names.slice(-4)).toEqual(['triage_pool', 'triage_hidden', 'triage_dropout', 'triage_logits']);
    const logits = model.predict(tf.zeros([3, 6, 6, 1])) as tf.Tensor;
    expect(logits.shape).toEqual([3, 2]);
    expect(() => attachHead(backbone, { units: 2, widht: 3 } as never)).toThrow(
      /unknown option widht; allowed: units/,
    );
    expect(() => attachHead(cutAt(model, 'triage_hidden'), { units: 2, name: 'triage' })).toThrow(
      /already has layers named triage_pool/,
    );
  });
});

describe('with a zoo model', () => {
  it('cuts cnn at features, freezes its first block and puts a new head on', () => {
    const model = cnn({ inputShape: [12, 12, 1], outputs: 5, filters: [4, 8], batchNorm: 'none', seed: 1 });
    const backbone = cutAt(model, 'features');
    freeze(backbone, { firstBlocks: 1, blockPrefix: 'block' });
    const tuned = attachHead(backbone, { units: 2, seed: 2 });
    expect((tuned.predict(tf.zeros([2, 12, 12, 1])) as tf.Tensor).shape).toEqual([2, 2]);
    // block1 conv 3·3·1·4 + 4 = 40 frozen; block2 conv 3·3·4·8 + 8 = 296 and the head on the
    // flattened 3·3·8 = 72 features, 72·2 + 2 = 146, trainable
    expect(parameterCounts(tuned)).toEqual({ trainable: 442, frozen: 40, total: 482 });
  });
});

describe('freeze / unfreeze / parameterCounts', () => {
  it('counts trainable and frozen numbers as layers are frozen and unfrozen', () => {
    const model = smallCnn();
    // conv 40 + bn 16 (8 trainable, 8 moving statistics) + dense 15 = 71
    expect(parameterCounts(model)).toEqual({ trainable: 63, frozen: 8, total: 71 });
    // The input layer comes along: freezing a block freezes everything before it.
    expect(freeze(model, { firstBlocks: 1, blockPrefix: 'block' })).toEqual([
      model.layers[0].name,
      'block1_conv',
      'block1_bn',
    ]);
    expect(parameterCounts(model)).toEqual({ trainable: 15, frozen: 56, total: 71 });
    unfreeze(model);
    expect(parameterCounts(model)).toEqual({ trainable: 63, frozen: 8, total: 71 });
    // Without a prefix each layer with weights is a block: the first two are conv and batch norm.
    freeze(model, { firstBlocks: 1 });
    expect(parameterCounts(model).trainable).toBe(8 + 15);
    freeze(model, { all: true });
    expect(parameterCounts(model).trainable).toBe(0);
    expect(() => freeze(model, { firstBlocks: 4 })).toThrow(
      /asked for 4 blocks but the model has 3 layers with weights/,
    );
  });
});

describe('fineTune', () => {
  it('trains only the head while frozen, then everything at the lower rate', async () => {
    const data = twoClouds(64);
    const headOnly = denseBackbone();
    const before = snapshot(headOnly, 'trunk1');
    const frozenRun = await fineTune(headOnly, data, {
      head: { units: 1, seed: 3 },
      frozenEpochs: 3,
      unfrozenEpochs: 0,
      learningRate: 1e-2,
      batchSize: 16,
      loss: 'sigmoidCrossEntropy',
      seed: 1,
      progress: false,
    });
    // trunk 4·8 + 8 + 8·8 + 8 = 112 frozen, head 8 + 1 = 9 trainable
    expect(frozenRun.frozen.parameters).toEqual({ trainable: 9, frozen: 112, total: 121 });
    expect(frozenRun.frozen.history).toHaveLength(3);
    expect(frozenRun.unfrozen.history).toHaveLength(0);
    expect(Array.from(snapshot(headOnly, 'trunk1'))).toEqual(Array.from(before));

    const full = denseBackbone();
    const result = await fineTune(full, data, {
      head: { units: 1, seed: 3 },
      frozenEpochs: 4,
      unfrozenEpochs: 4,
      learningRate: 5e-2,
      unfrozenLearningRate: 5e-3,
      batchSize: 8,
      loss: 'sigmoidCrossEntropy',
      seed: 1,
      progress: false,
    });
    expect(result.unfrozen.parameters).toEqual({ trainable: 121, frozen: 0, total: 121 });
    expect(result.frozen.history.map((record) => record.learningRate)).toEqual([5e-2, 5e-2, 5e-2, 5e-2]);
    expect(result.unfrozen.history.map((record) => record.learningRate)).toEqual([5e-3, 5e-3, 5e-3, 5e-3]);
    expect(Array.from(snapshot(full, 'trunk1'))).not.toEqual(Array.from(before));
    // The whole run learns the clouds: the loss of the last epoch is below half of the first's.
    const losses = [...result.frozen.history, ...result.unfrozen.history].map((record) => record.loss);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 2);
  });
});
