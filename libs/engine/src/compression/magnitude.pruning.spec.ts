import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@deepworks/demo-data';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../backend/resolve-backend';
import { trainModel } from '../training/trainer';
import { compressionReport } from './compression.report';
import { fineTunePruned, kernelSparsity, magnitudePrune } from './magnitude.pruning';

/** Three Gaussian blobs in 2-D; the class is the blob. */
function blobs(count: number, seed: number) {
  const random = new SeededRandom(seed);
  const centres = [
    [0, 2],
    [-2, -1],
    [2, -1],
  ];
  const x: number[][] = [];
  const y: number[][] = [];
  for (let index = 0; index < count; index++) {
    const label = index % 3;
    x.push(centres[label].map((value) => value + 0.7 * random.gaussian()));
    y.push([0, 1, 2].map((cls) => (cls === label ? 1 : 0)));
  }
  return { x: tf.tensor2d(x), y: tf.tensor2d(y), labels: x.map((_, index) => index % 3) };
}

function mlp(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [2],
        units: 32,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        name: 'hidden',
      }),
      tf.layers.batchNormalization({ name: 'norm' }),
      tf.layers.dense({
        units: 3,
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
        name: 'logits',
      }),
    ],
  });
}

function accuracy(model: tf.LayersModel, x: tf.Tensor, labels: number[]): number {
  const predicted = tf.tidy(() => tf.argMax(model.predict(x) as tf.Tensor, -1).dataSync());
  return labels.filter((label, index) => predicted[index] === label).length / labels.length;
}

describe('magnitudePrune / fineTunePruned', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('zeroes exactly the smallest-magnitude kernel weights, not biases or batch norm', () => {
    const model = mlp();
    const before = new Map(
      model.weights.map((weight) => [weight.originalName, weight.read().dataSync().slice()]),
    );
    const result = magnitudePrune(model, { sparsity: 0.75 });
    // hidden kernel 2·32 = 64 → 48 pruned; logits kernel 32·3 = 96 → 72 pruned: 120 of 160
    expect(result.kernelWeights).toBe(160);
    expect(result.prunedWeights).toBe(120);
    expect(result.sparsity).toBe(0.75);
    expect(kernelSparsity(model)).toBe(0.75);
    for (const mask of result.masks) {
      const original = before.get(mask.name)!;
      const pruned = Array.from(original)
        .filter((_, index) => mask.keep[index] === 0)
        .map(Math.abs);
      const kept = Array.from(original)
        .filter((_, index) => mask.keep[index] === 1)
        .map(Math.abs);
      expect(Math.max(...pruned)).toBeLessThanOrEqual(Math.min(...kept));
    }
    for (const weight of model.weights) {
      if (weight.originalName.endsWith('kernel')) continue;
      expect(Array.from(weight.read().dataSync())).toEqual(Array.from(before.get(weight.originalName)!));
    }
    expect(() => magnitudePrune(model, { sparsity: 1 })).toThrow(/sparsity must be in \[0, 1\)/);
    expect(() => magnitudePrune(model, { sparsity: 0.5, amount: 2 } as never)).toThrow(
      /unknown option amount/,
    );
  });

  it('global scope prunes the requested share over all kernels together', () => {
    const model = mlp();
    const result = magnitudePrune(model, { sparsity: 0.5, scope: 'global' });
    expect(result.prunedWeights).toBe(80);
    expect(kernelSparsity(model)).toBe(0.5);
  });

  it('fine-tuning keeps the pruned weights at zero and recovers the accuracy', async () => {
    const train = blobs(300, 1);
    const test = blobs(300, 2);
    const model = mlp();
    const options = {
      batchSize: 32,
      loss: 'softmaxCrossEntropy' as const,
      seed: 1,
      progress: false as const,
    };
    await trainModel(model, train, {
      ...options,
      epochs: 15,
      learningRate: { kind: 'constant', rate: 1e-2 },
    });
    const dense = accuracy(model, test.x, test.labels);
    const { masks } = magnitudePrune(model, { sparsity: 0.8 });
    const prunedOnly = accuracy(model, test.x, test.labels);
    let epochsSeen = 0;
    await fineTunePruned(model, train, masks, {
      ...options,
      epochs: 5,
      learningRate: { kind: 'constant', rate: 3e-3 },
      callbacks: { onEpochEnd: () => void epochsSeen++ },
    });
    const recovered = accuracy(model, test.x, test.labels);
    console.log(
      `pruning 80 %: accuracy ${dense.toFixed(3)} dense → ${prunedOnly.toFixed(3)} pruned → ${recovered.toFixed(3)} after 5 epochs`,
    );
    expect(epochsSeen).toBe(5);
    expect(kernelSparsity(model)).toBeCloseTo(0.8, 10);
    // Three well-separated blobs: a third is chance; the pruned network still separates them.
    expect(dense).toBeGreaterThan(0.85);
    expect(recovered).toBeGreaterThan(dense - 0.05);
  });
});

describe('compressionReport', () => {
  it('sums manifest file sizes and subtracts metrics', () => {
    const manifest = (bytes: number[]) =>
      ({ files: bytes.map((size, index) => ({ name: `f${index}`, bytes: size, sha256: '' })) }) as never;
    // (1000 + 4000) / (1000 + 1000) = 2.5; 0.9 − 0.92 = −0.02
    const report = compressionReport({
      before: { manifest: manifest([1000, 4000]), metric: 0.92 },
      after: { manifest: manifest([1000, 1000]), metric: 0.9 },
    });
    expect(report).toMatchObject({ bytesBefore: 5000, bytesAfter: 2000, ratio: 2.5, bytesSaved: 3000 });
    expect(report.metricDelta).toBeCloseTo(-0.02, 12);
    expect(compressionReport({ before: { bytes: 10 }, after: { bytes: 5 } }).metricDelta).toBeNull();
    expect(() => compressionReport({ before: {}, after: { bytes: 5 } })).toThrow(/before needs a manifest/);
  });
});
