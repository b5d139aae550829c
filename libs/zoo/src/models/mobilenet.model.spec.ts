import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastConvLayerName } from './feature-map.locator';
import { mobilenet } from './mobilenet.model';
import { epochLosses, patchImages, tensorsLeftByPredict } from './synthetic-tasks.fixture';

describe('mobilenet', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds depthwise-separable blocks scaled by the width multiplier', () => {
    const model = mobilenet({
      inputShape: [16, 16, 1],
      widthMultiplier: 0.5,
      stemFilters: 16,
      blockFilters: [16, 32],
      blockStrides: [1, 2],
      outputs: 2,
    });
    // α = 0.5: stem 8, blocks 8 and 16 channels. stem 3·3·1·8 = 72 + BN 32;
    // block1 dw 3·3·8 = 72 + 32, pw 8·8 = 64 + 32; block2 dw 72 + 32, pw 8·16 = 128 + BN 64;
    // head 16·2 + 2 = 34. Total 634.
    expect(model.countParams()).toBe(634);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    // Stem stride 2, block2 stride 2: 16 → 8 → 4.
    expect(model.getLayer('block2_pw_relu').outputShape).toEqual([null, 4, 4, 16]);
    expect(lastConvLayerName(model)).toBe('block2_pw_relu');
    expect(model.getLayer('block1_dw').getClassName()).toBe('DepthwiseConv2D');
    expect(model.getLayer('block1_dw_relu').getConfig().maxValue).toBe(6);
    model.dispose();
  });

  it('rejects invalid options by name', () => {
    expect(() =>
      mobilenet({ inputShape: [16, 16, 1], outputs: 2, blockFilters: [8, 8], blockStrides: [1] }),
    ).toThrow('mobilenet: blockStrides has 1 entries, blockFilters 2; one stride per block');
    expect(() => mobilenet({ inputShape: [16, 16, 1], outputs: 2, widthMultiplier: 0 })).toThrow(
      'mobilenet: widthMultiplier must be a finite number > 0; got 0',
    );
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = patchImages(96, 16, 3);
    const model = mobilenet({
      inputShape: [16, 16, 1],
      stemFilters: 8,
      stemStride: 1,
      blockFilters: [16, 16],
      blockStrides: [2, 1],
      outputs: 2,
      seed: 4,
    });
    const losses = await epochLosses(model, data, { loss: 'softmaxCrossEntropy', epochs: 4, batchSize: 32 });
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, data.x)).toBe(0);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
