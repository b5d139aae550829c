import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnn, CNN28_CONFIG } from './cnn.model';
import { lastConvLayerName } from './feature-map.locator';
import { epochLosses, patchImages, tensorsLeftByPredict } from './synthetic-tasks.fixture';

/** apps/bench's cnn28, copied layer for layer: the reference `CNN28_CONFIG` must rebuild. */
function benchCnn28(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same' }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 2 }),
    ],
  });
}

function layerSummary(model: tf.LayersModel) {
  return model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer')
    .map((layer) => {
      const config = layer.getConfig();
      return {
        className: layer.getClassName(),
        weights: layer.getWeights().map((weight) => weight.shape),
        activation: config.activation ?? null,
        rate: config.rate ?? null,
        padding: config.padding ?? null,
        outputShape: layer.outputShape,
      };
    });
}

describe('cnn', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('rebuilds the benchmark cnn28 exactly from CNN28_CONFIG, as logits', () => {
    const model = cnn(CNN28_CONFIG);
    const reference = benchCnn28();
    expect(layerSummary(model)).toEqual(layerSummary(reference));
    // conv 3·3·1·32 + 32 = 320, BN 4·32 = 128, conv 3·3·32·64 + 64 = 18 496,
    // dense 7·7·64·128 + 128 = 401 536, dense 128·2 + 2 = 258: 420 738.
    expect(model.countParams()).toBe(420_738);
    expect(reference.countParams()).toBe(420_738);
    expect(model.layers.map((layer) => layer.name)).toEqual([
      'input',
      'block1_conv1',
      'block1_bn1',
      'block1_relu1',
      'block1_pool',
      'block2_conv1',
      'block2_pool',
      'features',
      'head_dropout',
      'head_hidden1',
      'head_dense',
    ]);
    expect(lastConvLayerName(model)).toBe('block2_conv1');
    model.dispose();
    reference.dispose();
  });

  it('builds a VGG-style variant: output shape, parameters, a backbone at `features`', () => {
    const model = cnn({
      inputShape: [16, 16, 1],
      filters: [4, 8],
      convsPerBlock: 2,
      batchNorm: 'none',
      denseUnits: [],
      outputs: 3,
    });
    // block1: 3·3·1·4 + 4 = 40, 3·3·4·4 + 4 = 148; block2: 3·3·4·8 + 8 = 296, 3·3·8·8 + 8 = 584;
    // features 4·4·8 = 128; head 128·3 + 3 = 387. Total 1455.
    expect(model.countParams()).toBe(1455);
    expect(model.outputs[0].shape).toEqual([null, 3]);
    expect(lastConvLayerName(model)).toBe('block2_conv2');
    const backbone = tf.model({ inputs: model.inputs, outputs: model.getLayer('features').output });
    expect(backbone.outputs[0].shape).toEqual([null, 128]);
    model.dispose();
  });

  it('gives a fresh model per call and rejects invalid options by name', () => {
    const first = cnn({ inputShape: [8, 8, 1], outputs: 2, filters: [2] });
    const second = cnn({ inputShape: [8, 8, 1], outputs: 2, filters: [2] });
    expect(first.getLayer('block1_conv1')).not.toBe(second.getLayer('block1_conv1'));
    first.dispose();
    second.dispose();
    expect(() => cnn({ ...CNN28_CONFIG, batchNorm: 'some' as 'all' })).toThrow(
      'cnn: batchNorm must be one of none, first, all; got "some"',
    );
    expect(() => cnn({ inputShape: [4, 4, 1], outputs: 2, filters: [2, 2, 2] })).toThrow(
      /too small for 3 blocks/,
    );
    expect(() => cnn({ inputShape: [28, 28], outputs: 2 } as never)).toThrow(
      /inputShape must be \[height, width/,
    );
  });

  it('trains with the engine to a falling loss and leaks no tensors on predict', async () => {
    const data = patchImages(128, 16, 1);
    const model = cnn({
      inputShape: [16, 16, 1],
      filters: [8, 16],
      batchNorm: 'first',
      denseUnits: [32],
      outputs: 2,
      seed: 9,
    });
    const losses = await epochLosses(model, data, { loss: 'softmaxCrossEntropy', epochs: 4, batchSize: 32 });
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * losses[0]);
    expect(tensorsLeftByPredict(model, data.x)).toBe(0);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });
});
