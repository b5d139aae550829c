import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAM_UPDATE } from '../backend/wasm/adam-update.kernel';
import { registerWasmTrainingKernels } from '../backend/wasm/register-training-kernels';
import { adamOptimizer } from './fused-adam.optimizer';

/** An embedding (its gradient is sparse rows) and dense layers of 3 and 1 units (sizes not a multiple of 4). */
function buildModel(seed: number): tf.LayersModel {
  const ids = tf.input({ shape: [2], dtype: 'int32' });
  const embedded = tf.layers
    .embedding({ inputDim: 37, outputDim: 6, embeddingsInitializer: tf.initializers.randomNormal({ seed }) })
    .apply(ids);
  const flat = tf.layers.flatten().apply(embedded);
  const hidden = tf.layers
    .dense({
      units: 3,
      activation: 'tanh',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    })
    .apply(flat);
  const output = tf.layers
    .dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) })
    .apply(hidden);
  return tf.model({ inputs: ids, outputs: output as tf.SymbolicTensor });
}

/** Trains a fresh copy of the same model for `steps` steps with `optimizer`; returns its weights. */
async function trainedWeights(optimizer: tf.Optimizer, steps: number): Promise<Float32Array[]> {
  const model = buildModel(7);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const x = tf.tensor2d(
    Array.from({ length: 32 }, (_, row) => [row % 37, (row * 5) % 37]),
    [32, 2],
    'int32',
  );
  const y = tf.tensor2d(
    Array.from({ length: 32 }, (_, row) => [Math.sin(row)]),
    [32, 1],
  );
  for (let step = 0; step < steps; step++) await model.trainOnBatch(x, y);
  const weights = model.getWeights().map((weight) => weight.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return weights;
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  return Math.max(
    ...a.map((values, index) => Math.max(...values.map((value, i) => Math.abs(value - b[index][i])))),
  );
}

describe('adamOptimizer', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('on wasm runs one fused kernel per variable and takes the same steps as tfjs Adam', async () => {
    const model = buildModel(3);
    const optimizer = adamOptimizer(0.01);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const x = tf.tensor2d(
      [
        [1, 2],
        [3, 4],
      ],
      [2, 2],
      'int32',
    );
    const y = tf.tensor2d([[0.5], [-0.5]], [2, 1]);
    const profile = await tf.profile(() => model.trainOnBatch(x, y) as Promise<number>);
    expect(profile.kernels.filter((kernel) => kernel.name === ADAM_UPDATE)).toHaveLength(
      model.trainableWeights.length,
    );
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();

    const fused = await trainedWeights(adamOptimizer(0.01), 40);
    const reference = await trainedWeights(tf.train.adam(0.01), 40);
    const untrained = buildModel(7)
      .getWeights()
      .map((weight) => weight.dataSync() as Float32Array);
    // The weights moved by ~0.1–0.4; the two optimizers differ by float32 rounding only.
    expect(maxDifference(fused, untrained)).toBeGreaterThan(0.05);
    expect(maxDifference(fused, reference)).toBeLessThan(1e-5);
  });

  it('saves the same optimizer state as tfjs Adam, so checkpoints move between the two', async () => {
    const model = buildModel(5);
    const fused = adamOptimizer(0.01);
    model.compile({ optimizer: fused, loss: 'meanSquaredError' });
    const x = tf.tensor2d([[1, 2]], [1, 2], 'int32');
    const y = tf.tensor2d([[0.5]], [1, 1]);
    await model.trainOnBatch(x, y);
    const saved = await fused.getWeights();
    const reference = tf.train.adam(0.01);
    await reference.setWeights(saved);
    const restored = await reference.getWeights();
    expect(restored.map(({ name, tensor }) => [name, tensor.shape])).toEqual(
      saved.map(({ name, tensor }) => [name, tensor.shape]),
    );
    expect(saved[0].tensor.dataSync()[0]).toBe(1);
    tf.dispose([x, y]);
    model.dispose();
    fused.dispose();
    reference.dispose();
  });

  it('falls back to tfjs Adam where the backend has no fused kernel (cpu): the same weights exactly', async () => {
    await tf.setBackend('cpu');
    expect(tf.getKernel(ADAM_UPDATE, 'cpu')).toBeUndefined();
    const fused = await trainedWeights(adamOptimizer(0.01), 5);
    const reference = await trainedWeights(tf.train.adam(0.01), 5);
    expect(maxDifference(fused, reference)).toBe(0);
  });
});
