import { tf } from '@deepworks/engine';
import { applied, classifierHead } from './graph-building.blocks';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export interface ResnetConfig extends SeedConfig {
  /** [height, width, channels]; meant for 28–64 px. */
  inputShape: readonly [number, number, number];
  outputs: number;
  /** Channels of each stage; every stage after the first halves the resolution. Default [16, 32, 64]. */
  stageWidths?: readonly number[];
  /** Basic residual blocks per stage; default 2 (with 3 stages: ResNet-14 of He et al. 2016 §4.2). */
  blocksPerStage?: number;
  /** Stride of the stem convolution: 2 halves a 64 px input once more before the stages; default 1. */
  stemStride?: 1 | 2;
  /** Dropout on the pooled features; default 0. */
  dropout?: number;
  /** Batch norm's moving-statistics momentum; default 0.99, 0.9 for short runs on small data. */
  batchNormMomentum?: number;
}

/**
 * A small residual network for 28–64 px images (He et al. 2016, the CIFAR variant of §4.2): a 3×3 stem,
 * stages of basic blocks (two 3×3 convolutions with batch norm; identity shortcut, or a 1×1 projection
 * with batch norm where the shape changes, option B of §3.3), global average pooling.
 * Layers: `stem_conv`, `stem_bn`, `stem_relu`; per stage s and block b the prefix `stage{s}_block{b}_`
 * with `conv1`, `bn1`, `relu1`, `conv2`, `bn2`, `shortcut_conv` + `shortcut_bn` (projections only),
 * `add`, `out` (the block's ReLU output); `features` (global average pooling); `head_dropout`,
 * `head_dense` (logits). The last convolutional feature map is the last block's `…_out`.
 */
export function resnet(config: ResnetConfig): tf.LayersModel {
  const check = new ConfigCheck('resnet');
  const options = check.resolve(config, ['inputShape', 'outputs'], {
    stageWidths: [16, 32, 64],
    blocksPerStage: 2,
    stemStride: 1,
    dropout: 0,
    batchNormMomentum: 0.99,
  });
  const inputShape = check.imageShape('inputShape', options.inputShape);
  const outputs = check.integer('outputs', options.outputs);
  const stageWidths = check.integers('stageWidths', options.stageWidths);
  const blocksPerStage = check.integer('blocksPerStage', options.blocksPerStage);
  const stemStride = check.choice('stemStride', options.stemStride, [1, 2]);
  const dropout = check.rate('dropout', options.dropout);
  const momentum = check.rate('batchNormMomentum', options.batchNormMomentum);
  const seeds = new InitializerSeeds(options.seed);

  const conv = (filters: number, kernelSize: number, strides: number, name: string) =>
    tf.layers.conv2d({
      filters,
      kernelSize,
      strides,
      padding: 'same',
      // Batch norm's β follows: a bias would be redundant.
      useBias: false,
      kernelInitializer: seeds.heNormal(),
      name,
    });
  const batchNorm = (name: string) => tf.layers.batchNormalization({ name, momentum });

  const input = tf.input({ shape: inputShape, name: 'input' });
  let output = applied(conv(stageWidths[0], 3, stemStride, 'stem_conv'), input);
  output = applied(batchNorm('stem_bn'), output);
  output = applied(tf.layers.reLU({ name: 'stem_relu' }), output);
  let width = stageWidths[0];
  stageWidths.forEach((stageWidth, stageIndex) => {
    for (let block = 1; block <= blocksPerStage; block++) {
      const prefix = `stage${stageIndex + 1}_block${block}_`;
      const strides = stageIndex > 0 && block === 1 ? 2 : 1;
      let residual = applied(conv(stageWidth, 3, strides, `${prefix}conv1`), output);
      residual = applied(batchNorm(`${prefix}bn1`), residual);
      residual = applied(tf.layers.reLU({ name: `${prefix}relu1` }), residual);
      residual = applied(conv(stageWidth, 3, 1, `${prefix}conv2`), residual);
      residual = applied(batchNorm(`${prefix}bn2`), residual);
      let shortcut = output;
      if (strides !== 1 || stageWidth !== width) {
        shortcut = applied(conv(stageWidth, 1, strides, `${prefix}shortcut_conv`), shortcut);
        shortcut = applied(batchNorm(`${prefix}shortcut_bn`), shortcut);
      }
      output = applied(tf.layers.add({ name: `${prefix}add` }), [residual, shortcut]);
      output = applied(tf.layers.reLU({ name: `${prefix}out` }), output);
      width = stageWidth;
    }
  });
  const features = applied(tf.layers.globalAveragePooling2d({ name: 'features' }), output);
  const logits = classifierHead(features, { outputs, dropout, seeds });
  return tf.model({ inputs: input, outputs: logits, name: 'resnet' });
}
