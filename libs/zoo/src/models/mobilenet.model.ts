import { tf } from '@deepworks/engine';
import { applied, classifierHead } from './graph-building.blocks';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export interface MobilenetConfig extends SeedConfig {
  /** [height, width, channels]. */
  inputShape: readonly [number, number, number];
  outputs: number;
  /** α of Howard et al. 2017 §3.3: scales every layer's channels (rounded, at least 1); default 1. */
  widthMultiplier?: number;
  /** Channels of the stem convolution (before α); default 32. */
  stemFilters?: number;
  /** Stride of the stem convolution; default 2, as in MobileNet. */
  stemStride?: 1 | 2;
  /** Pointwise channels of each depthwise-separable block (before α); default [64, 128, 128, 256, 256]. */
  blockFilters?: readonly number[];
  /** Depthwise stride of each block (1 or 2), as many as `blockFilters`; default [1, 2, 1, 2, 1]. */
  blockStrides?: readonly number[];
  /** Dropout on the pooled features; default 0. */
  dropout?: number;
}

/**
 * MobileNet v1 (Howard et al. 2017): depthwise-separable blocks, each a 3×3 depthwise convolution and a
 * 1×1 pointwise convolution, both followed by batch norm and ReLU6; the default is the first five
 * blocks of the paper's Table 1, sized for 28–64 px inputs. Layers: `stem_conv`, `stem_bn`,
 * `stem_relu`; per block i `block{i}_dw`, `block{i}_dw_bn`, `block{i}_dw_relu`, `block{i}_pw`,
 * `block{i}_pw_bn`, `block{i}_pw_relu` (the last block's is the last convolutional feature map);
 * `features` (global average pooling); `head_dropout`, `head_dense` (logits).
 */
export function mobilenet(config: MobilenetConfig): tf.LayersModel {
  const check = new ConfigCheck('mobilenet');
  const options = check.resolve(config, ['inputShape', 'outputs'], {
    widthMultiplier: 1,
    stemFilters: 32,
    stemStride: 2,
    blockFilters: [64, 128, 128, 256, 256],
    blockStrides: [1, 2, 1, 2, 1],
    dropout: 0,
  });
  const inputShape = check.imageShape('inputShape', options.inputShape);
  const outputs = check.integer('outputs', options.outputs);
  const widthMultiplier = check.positive('widthMultiplier', options.widthMultiplier);
  const stemFilters = check.integer('stemFilters', options.stemFilters);
  const stemStride = check.choice('stemStride', options.stemStride, [1, 2]);
  const blockFilters = check.integers('blockFilters', options.blockFilters);
  const blockStrides = check.integers('blockStrides', options.blockStrides);
  if (blockStrides.some((stride) => stride !== 1 && stride !== 2))
    check.fail(`blockStrides must each be 1 or 2; got ${JSON.stringify(blockStrides)}`);
  if (blockStrides.length !== blockFilters.length)
    check.fail(
      `blockStrides has ${blockStrides.length} entries, blockFilters ${blockFilters.length}; one stride per block`,
    );
  const dropout = check.rate('dropout', options.dropout);
  const seeds = new InitializerSeeds(options.seed);
  const scaled = (channels: number) => Math.max(1, Math.round(channels * widthMultiplier));
  const relu6 = (name: string) => tf.layers.reLU({ maxValue: 6, name });

  const input = tf.input({ shape: inputShape, name: 'input' });
  let output = applied(
    tf.layers.conv2d({
      filters: scaled(stemFilters),
      kernelSize: 3,
      strides: stemStride,
      padding: 'same',
      useBias: false,
      kernelInitializer: seeds.glorotUniform(),
      name: 'stem_conv',
    }),
    input,
  );
  output = applied(tf.layers.batchNormalization({ name: 'stem_bn' }), output);
  output = applied(relu6('stem_relu'), output);
  blockFilters.forEach((filters, index) => {
    const block = `block${index + 1}`;
    output = applied(
      tf.layers.depthwiseConv2d({
        kernelSize: 3,
        strides: blockStrides[index],
        padding: 'same',
        useBias: false,
        depthwiseInitializer: seeds.glorotUniform(),
        name: `${block}_dw`,
      }),
      output,
    );
    output = applied(tf.layers.batchNormalization({ name: `${block}_dw_bn` }), output);
    output = applied(relu6(`${block}_dw_relu`), output);
    output = applied(
      tf.layers.conv2d({
        filters: scaled(filters),
        kernelSize: 1,
        useBias: false,
        kernelInitializer: seeds.glorotUniform(),
        name: `${block}_pw`,
      }),
      output,
    );
    output = applied(tf.layers.batchNormalization({ name: `${block}_pw_bn` }), output);
    output = applied(relu6(`${block}_pw_relu`), output);
  });
  const features = applied(tf.layers.globalAveragePooling2d({ name: 'features' }), output);
  const logits = classifierHead(features, { outputs, dropout, seeds });
  return tf.model({ inputs: input, outputs: logits, name: 'mobilenet' });
}
