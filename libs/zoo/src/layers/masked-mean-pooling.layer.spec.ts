import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { MaskedMeanPooling } from './masked-mean-pooling.layer';

describe('MaskedMeanPooling', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('averages the non-padding positions only', async () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [100, 100],
      ],
      [
        [7, 7],
        [100, 100],
        [100, 100],
      ],
      [
        [5, 5],
        [5, 5],
        [5, 5],
      ],
    ]);
    const tokens = tf.tensor2d(
      [
        [4, 9, 0],
        [3, 0, 0],
        [0, 0, 0],
      ],
      [3, 3],
      'int32',
    );
    const pooling = new MaskedMeanPooling();
    // Text 1: ((1, 2) + (3, 4)) / 2 = (2, 3); text 2: (7, 7); text 3, padding only: zeros.
    const masked = pooling.apply([x, tokens]) as tf.Tensor;
    expect(await masked.array()).toEqual([
      [2, 3],
      [7, 7],
      [0, 0],
    ]);
    // Without token ids: the plain mean, (1 + 3 + 100) / 3 = 34.667 for text 1.
    const plain = (await (pooling.apply(x) as tf.Tensor).array()) as number[][];
    expect(plain[0][0]).toBeCloseTo(104 / 3, 4);
    expect(
      pooling.computeOutputShape([
        [null, 3, 2],
        [null, 3],
      ]),
    ).toEqual([null, 2]);
    tf.dispose([x, tokens, masked]);
  });
});
