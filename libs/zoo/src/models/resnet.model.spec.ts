import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastConvLayerName } from './feature-map.locator';
import { resnet } from './resnet.model';
import { epochLosses, patchImages, tensorsLeftByPredict } from './synthetic-tasks.fixture';

describe('resnet', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('builds stages of residual blocks with projection shortcuts where the shape changes', () => {
    const model = resnet({ inputShape: [16, 16, 1], stageWidths: [4, 8], blocksPerStage: 1, outputs: 2 });
    // stem 3·3·1·4 = 36 + BN 4·4 = 16; stage1 (identity) 2 × (3·3·4·4 = 144 + BN 16) = 320;
    // stage2 3·3·4·8 = 288 + 32, 3·3·8·8 = 576 + 32, projection 1·1·4·8 = 32 + 32 = 992;
    // head 8·2 + 2 = 18. Total 1382.
    expect(model.countParams()).toBe(1382);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    const names = model.layers.map((layer) => layer.name);
    expect(names).not.toContain('stage1_block1_shortcut_conv');
    expect(names).toContain('stage2_block1_shortcut_conv');
    expect(model.getLayer('stage2_block1_out').outputShape).toEqual([null, 8, 8, 8]);
    expect(lastConvLayerName(model)).toBe('stage2_block1_out');
    expect(names.slice(-2)).toEqual(['features', 'head_dense']);
    const backbone = tf.model({ inputs: model.inputs, outputs: model.getLayer('features').output });
    expect(backbone.outputs[0].shape).toEqual([null, 8]);
    model.dispose();
  });

  it('rejects invalid options by name', () => {
    expect(() => resnet({ inputShape: [16, 16, 1], outputs: 2, stemStride: 3 as 1 })).toThrow(
      'resnet: stemStride must be one of 1, 2; got 3',
    );
    expect(() => resnet({ inputShape: [16, 16, 1], outputs: 2, depth: 18 } as never)).toThrow(
      'resnet: unknown option "depth"; allowed options: inputShape, outputs, stageWidths, blocksPerStage, stemStride, dropout, batchNormMomentum, seed',
    );
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = patchImages(96, 16, 2);
    const model = resnet({
      inputShape: [16, 16, 1],
      stageWidths: [8, 16],
      blocksPerStage: 1,
      outputs: 2,
      seed: 3,
    });
    const losses = await epochLosses(model, data, { loss: 'softmaxCrossEntropy', epochs: 4, batchSize: 32 });
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, data.x)).toBe(0);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
