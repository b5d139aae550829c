import { SeededRandom } from '@deepworks/demo-data';
import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { pretrainContrastive } from './contrastive.pretext';

function smallBackbone(): tf.LayersModel {
  const input = tf.input({ shape: [12, 12, 1] });
  let x = tf.layers
    .conv2d({
      filters: 8,
      kernelSize: 3,
      activation: 'relu',
      padding: 'same',
      kernelInitializer: tf.initializers.heNormal({ seed: 1 }),
    })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'features' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

/** 64 images, each a few bright blobs at random places on noise: every image is its own instance. */
function blobImages(seed: number): tf.Tensor4D {
  const random = new SeededRandom(seed);
  const pixels = new Float32Array(64 * 144);
  for (let image = 0; image < 64; image++) {
    for (let index = 0; index < 144; index++) pixels[image * 144 + index] = 0.1 * random.gaussian();
    for (let blob = 0; blob < 3; blob++) {
      const [row, column] = [random.integer(10), random.integer(10)];
      for (let dy = 0; dy < 3; dy++)
        for (let dx = 0; dx < 3; dx++) pixels[image * 144 + (row + dy) * 12 + column + dx] += 1;
    }
  }
  return tf.tensor4d(pixels, [64, 12, 12, 1]);
}

describe('pretrainContrastive (SimCLR)', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('learns to find each view’s partner among the batch, and keeps the backbone', async () => {
    const images = blobImages(1);
    const backbone = smallBackbone();
    const options = { epochs: 6, seed: 2, batchSize: 16, learningRate: 3e-3, maxShift: 1 };
    const untrained = await pretrainContrastive(smallBackbone(), images, { ...options, epochs: 0 });
    const result = await pretrainContrastive(backbone, images, options);
    console.log(
      `contrastive: partner retrieval ${untrained.pretextAccuracy.toFixed(3)} untrained → ${result.pretextAccuracy.toFixed(3)} (chance 1/31); NT-Xent ${result.history[0].loss.toFixed(2)} → ${result.history.at(-1)!.loss.toFixed(2)}`,
    );
    // NT-Xent over 32 views starts near ln 31 ≈ 3.43 and must fall.
    expect(result.history[0].loss).toBeGreaterThan(2.5);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0].loss - 0.5);
    expect(result.pretextAccuracy).toBeGreaterThan(untrained.pretextAccuracy + 0.2);
    expect(result.backbone).toBe(backbone);
    expect(backbone.outputs[0].shape).toEqual([null, 288]);
    // Same seed, same views, same weights.
    const again = smallBackbone();
    await pretrainContrastive(again, images, { ...options, epochs: 1 });
    const twice = smallBackbone();
    await pretrainContrastive(twice, images, { ...options, epochs: 1 });
    expect(Array.from(again.getWeights()[0].dataSync())).toEqual(
      Array.from(twice.getWeights()[0].dataSync()),
    );
  });
});
