import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { LayerNormalization } from './layer-normalization.layer';

describe('LayerNormalization', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('normalises over the last axis: by hand, and as tfjs’ own layer with the same weights', async () => {
    // Row (1, 2, 3, 6): μ = 3, σ² = (4 + 1 + 0 + 9) / 4 = 3.5, ε = 1e-3:
    // (x − 3) / √3.501 = (−1.0689, −0.5344, 0, 1.6033).
    const row = tf.tensor3d([[[1, 2, 3, 6]]]);
    const ours = new LayerNormalization();
    const byHand = (await (ours.apply(row) as tf.Tensor).data()) as Float32Array;
    [-1.0689, -0.5344, 0, 1.6033].forEach((value, index) => expect(byHand[index]).toBeCloseTo(value, 3));

    const x = tf.randomNormal([2, 3, 4], 0, 2, 'float32', 5);
    const theirs = tf.layers.layerNormalization();
    theirs.apply(x);
    const gamma = tf.tensor1d([0.5, 1, 1.5, 2]);
    const beta = tf.tensor1d([0, 0.1, -0.1, 0.2]);
    ours.setWeights([gamma, beta]);
    theirs.setWeights([gamma, beta]);
    const expected = (await (theirs.apply(x) as tf.Tensor).data()) as Float32Array;
    const actual = (await (ours.apply(x) as tf.Tensor).data()) as Float32Array;
    actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index], 5));
    expect(ours.getConfig().epsilon).toBe(1e-3);
    tf.dispose([row, x, gamma, beta]);
  });
});
