import { SeededRandom } from '@deepworks/demo-data';
import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { pretrainRotation, rotateQuarterTurns } from './rotation.pretext';

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

describe('pretrainRotation', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('turns images by quarter turns counter-clockwise', () => {
    const image = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    // [[1,2],[3,4]] turned 90° counter-clockwise is [[2,4],[1,3]]; 180° [[4,3],[2,1]]; 270° [[3,1],[4,2]].
    expect(Array.from(rotateQuarterTurns(image, 1).dataSync())).toEqual([2, 4, 1, 3]);
    expect(Array.from(rotateQuarterTurns(image, 2).dataSync())).toEqual([4, 3, 2, 1]);
    expect(Array.from(rotateQuarterTurns(image, 3).dataSync())).toEqual([3, 1, 4, 2]);
    expect(Array.from(rotateQuarterTurns(image, 4).dataSync())).toEqual([1, 2, 3, 4]);
  });

  it('learns the rotation of images that have an up (a bright top band) and keeps the weights', async () => {
    const random = new SeededRandom(2);
    const count = 128;
    const pixels = Float32Array.from(
      { length: count * 144 },
      (_, index) => (index % 144 < 24 ? 1 : 0) + 0.3 * random.gaussian(),
    );
    const images = tf.tensor4d(pixels, [count, 12, 12, 1]);
    const backbone = smallBackbone();
    const before = backbone.getWeights()[0].dataSync().slice();
    const result = await pretrainRotation(backbone, images, {
      epochs: 3,
      seed: 1,
      batchSize: 32,
      learningRate: 3e-3,
    });
    // Chance is 1/4; the band says where up is.
    expect(result.pretextAccuracy).toBeGreaterThan(0.9);
    expect(result.backbone).toBe(backbone);
    expect(Array.from(backbone.getWeights()[0].dataSync())).not.toEqual(Array.from(before));
    expect(backbone.outputs[0].shape).toEqual([null, 288]);
    await expect(
      pretrainRotation(backbone, tf.zeros([2, 12, 10, 1]), { epochs: 1, seed: 1 }),
    ).rejects.toThrow(/square/);
  });
});
