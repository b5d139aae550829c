import { tf } from '@deepworks/engine';
import { applied, classifierHead } from './graph-building.blocks';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export const CNN_BATCH_NORM = ['none', 'first', 'all'] as const;
/** Batch normalisation after no convolution, the first one only (as in `cnn28`), or every one. */
export type CnnBatchNorm = (typeof CNN_BATCH_NORM)[number];

export interface CnnConfig extends SeedConfig {
  /** [height, width, channels]. */
  inputShape: readonly [number, number, number];
  outputs: number;
  /** Filters of each block's convolutions; one 2×2 max-pool per block. Default [32, 64]. */
  filters?: readonly number[];
  /** Convolutions per block; default 1 (LeNet-like), 2–3 for VGG-like blocks. */
  convsPerBlock?: number;
  /** Square kernel size, 'same' padding; default 3. */
  kernelSize?: number;
  /** Default 'all'. */
  batchNorm?: CnnBatchNorm;
  /** Dropout on the flattened features, before the dense layers; default 0.3. */
  dropout?: number;
  /**
   * Weight of the old value in batch norm's moving statistics (what inference uses). Default 0.99 (Keras);
   * 0.9 suits short runs on small datasets, where 0.99 has not forgotten its initial statistics yet.
   */
  batchNormMomentum?: number;
  /** ReLU dense layers between the flattened features and the logits; default [128]. */
  denseUnits?: readonly number[];
}

/**
 * The engine benchmark's `cnn28`, exactly (apps/bench engine suite): conv32 + BN + ReLU → max-pool →
 * conv64 + ReLU → max-pool → flatten → dropout 0.3 → dense128 (ReLU) → dense2. `cnn(CNN28_CONFIG)`.
 */
export const CNN28_CONFIG: Readonly<CnnConfig> = Object.freeze({
  inputShape: Object.freeze([28, 28, 1] as const),
  outputs: 2,
  filters: Object.freeze([32, 64]),
  convsPerBlock: 1,
  kernelSize: 3,
  batchNorm: 'first',
  dropout: 0.3,
  denseUnits: Object.freeze([128]),
});

/**
 * A LeNet/VGG-style convolutional classifier. Layers: `input`; per block b and convolution c
 * `block{b}_conv{c}` (ReLU fused when not normalised), else `block{b}_bn{c}` and `block{b}_relu{c}`;
 * `block{b}_pool`; `features` (flatten); `head_dropout`, `head_hidden{i}`, `head_dense` (logits).
 * Convolutions keep their bias even before batch norm, as the benchmark's model does.
 */
export function cnn(config: CnnConfig): tf.LayersModel {
  const check = new ConfigCheck('cnn');
  const options = check.resolve(config, ['inputShape', 'outputs'], {
    filters: [32, 64],
    convsPerBlock: 1,
    kernelSize: 3,
    batchNorm: 'all',
    dropout: 0.3,
    batchNormMomentum: 0.99,
    denseUnits: [128],
  });
  const inputShape = check.imageShape('inputShape', options.inputShape);
  const outputs = check.integer('outputs', options.outputs);
  const filters = check.integers('filters', options.filters);
  const convsPerBlock = check.integer('convsPerBlock', options.convsPerBlock);
  const kernelSize = check.integer('kernelSize', options.kernelSize);
  const batchNorm = check.choice('batchNorm', options.batchNorm, CNN_BATCH_NORM);
  const dropout = check.rate('dropout', options.dropout);
  const momentum = check.rate('batchNormMomentum', options.batchNormMomentum);
  const denseUnits = check.integers('denseUnits', options.denseUnits, 1, 0);
  const smallestSide = Math.min(inputShape[0], inputShape[1]);
  if (smallestSide < 2 ** filters.length)
    check.fail(
      `inputShape ${inputShape[0]}×${inputShape[1]} is too small for ${filters.length} blocks of 2×2 pooling`,
    );
  const seeds = new InitializerSeeds(options.seed);

  const input = tf.input({ shape: inputShape, name: 'input' });
  let output = input;
  filters.forEach((blockFilters, blockIndex) => {
    const block = `block${blockIndex + 1}`;
    for (let conv = 1; conv <= convsPerBlock; conv++) {
      const normalised = batchNorm === 'all' || (batchNorm === 'first' && blockIndex === 0 && conv === 1);
      output = applied(
        tf.layers.conv2d({
          filters: blockFilters,
          kernelSize,
          padding: 'same',
          activation: normalised ? 'linear' : 'relu',
          kernelInitializer: seeds.glorotUniform(),
          name: `${block}_conv${conv}`,
        }),
        output,
      );
      if (normalised) {
        output = applied(tf.layers.batchNormalization({ name: `${block}_bn${conv}`, momentum }), output);
        output = applied(tf.layers.reLU({ name: `${block}_relu${conv}` }), output);
      }
    }
    output = applied(tf.layers.maxPooling2d({ poolSize: 2, name: `${block}_pool` }), output);
  });
  const features = applied(tf.layers.flatten({ name: 'features' }), output);
  const logits = classifierHead(features, { outputs, dropout, hiddenUnits: denseUnits, seeds });
  return tf.model({ inputs: input, outputs: logits, name: 'cnn' });
}
