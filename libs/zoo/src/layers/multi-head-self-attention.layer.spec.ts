import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadSelfAttention } from './multi-head-self-attention.layer';
import { registerZooLayers } from './zoo-layers.registry';

/** An attention layer over [batch, length, 2] inputs whose projections are all the identity. */
function identityAttention(heads: number): MultiHeadSelfAttention {
  const layer = new MultiHeadSelfAttention({ heads, keyDim: 2 / heads });
  layer.apply(tf.input({ shape: [3, 2] }));
  const eye = tf.eye(2);
  const zeros = tf.zeros([2]);
  layer.setWeights([eye, zeros, eye, zeros, eye, zeros, eye, zeros]);
  tf.dispose([eye, zeros]);
  return layer;
}

describe('MultiHeadSelfAttention', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('computes softmax(QKᵀ/√d)V, one problem per head', async () => {
    // One head, identity projections, d = 2. Rows x1 = (1, 0), x2 = (0, 1), x3 = (1, 1).
    // Scores of x1 against x1, x2, x3: (1, 0, 1)/√2 → weights e^{0.7071} : 1 : e^{0.7071}
    // = 2.0281 : 1 : 2.0281, normalised 0.4013, 0.1974, 0.4013; output = 0.4013·(1,0) + 0.1974·(0,1)
    // + 0.4013·(1,1) = (0.8026, 0.5987).
    const x = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
    ]);
    const single = identityAttention(1);
    const output = (await (single.apply(x) as tf.Tensor).array()) as number[][][];
    expect(output[0][0][0]).toBeCloseTo(0.8026, 3);
    expect(output[0][0][1]).toBeCloseTo(0.5987, 3);
    // Two heads of width 1: head 1 sees the first coordinate only, scores of x1: (1, 0, 1)/1 →
    // e : 1 : e → 0.4223, 0.1554, 0.4223, output 0.4223 + 0.4223 = 0.8446; head 2 sees (0, 1, 1)·0 = 0
    // for x1: uniform weights, output (0 + 1 + 1)/3 = 0.6667.
    const double = identityAttention(2);
    const split = (await (double.apply(x) as tf.Tensor).array()) as number[][][];
    expect(split[0][0][0]).toBeCloseTo(0.8446, 3);
    expect(split[0][0][1]).toBeCloseTo(0.6667, 3);
    x.dispose();
  });

  it('does not attend to padding (token id 0)', async () => {
    // With x3 masked, x1 attends to x1 and x2 only: weights e^{0.7071} : 1 → 0.6698, 0.3302;
    // output (0.6698, 0.3302).
    const x = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
    ]);
    const tokens = tf.tensor2d([[4, 5, 0]], [1, 3], 'int32');
    const output = (await (identityAttention(1).apply([x, tokens]) as tf.Tensor).array()) as number[][][];
    expect(output[0][0][0]).toBeCloseTo(0.6698, 3);
    expect(output[0][0][1]).toBeCloseTo(0.3302, 3);
    tf.dispose([x, tokens]);
  });

  it('serialises its configuration and rebuilds from it', () => {
    registerZooLayers();
    const layer = new MultiHeadSelfAttention({ heads: 4, keyDim: 8, seed: 3, name: 'attention' });
    const config = layer.getConfig();
    expect(config).toMatchObject({ heads: 4, keyDim: 8, seed: 3, name: 'attention' });
    const copy = tf.layers.Layer.fromConfig(MultiHeadSelfAttention, config) as MultiHeadSelfAttention;
    expect([copy.heads, copy.keyDim, copy.name]).toEqual([4, 8, 'attention']);
    expect(() => new MultiHeadSelfAttention({ heads: 0, keyDim: 8 })).toThrow(
      'MultiHeadSelfAttention: heads must be an integer ≥ 1; got 0',
    );
  });
});
