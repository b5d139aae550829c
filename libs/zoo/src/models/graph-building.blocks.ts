import { tf } from '@deepworks/engine';
import { type InitializerSeeds } from './model-config.validation';

/** `layer.apply` on one symbolic tensor (or a list), typed as the one tensor it gives back. */
export function applied(
  layer: tf.layers.Layer,
  input: tf.SymbolicTensor | tf.SymbolicTensor[],
): tf.SymbolicTensor {
  return layer.apply(input) as tf.SymbolicTensor;
}

export interface ClassifierHeadOptions {
  outputs: number;
  /** Dropout before the first dense layer of the head; none when 0. */
  dropout: number;
  /** ReLU hidden layers between `features` and the logits. */
  hiddenUnits?: readonly number[];
  seeds: InitializerSeeds;
}

/**
 * The head every classifier of the zoo ends with, after its `features` layer: `head_dropout` (when
 * dropout > 0), `head_hidden1`… (ReLU), then `head_dense`, which outputs logits (no softmax or sigmoid:
 * the engine's losses apply the link).
 */
export function classifierHead(
  features: tf.SymbolicTensor,
  options: ClassifierHeadOptions,
): tf.SymbolicTensor {
  let output = features;
  if (options.dropout > 0)
    output = applied(tf.layers.dropout({ rate: options.dropout, name: 'head_dropout' }), output);
  (options.hiddenUnits ?? []).forEach((units, index) => {
    const hidden = tf.layers.dense({
      units,
      activation: 'relu',
      kernelInitializer: options.seeds.glorotUniform(),
      name: `head_hidden${index + 1}`,
    });
    output = applied(hidden, output);
  });
  const logits = tf.layers.dense({
    units: options.outputs,
    kernelInitializer: options.seeds.glorotUniform(),
    name: 'head_dense',
  });
  return applied(logits, output);
}

/** Integer id inputs (token ids, user ids, item ids): the embeddings gather rows with them. */
export function idInput(name: string, length: number): tf.SymbolicTensor {
  return tf.input({ shape: [length], dtype: 'int32', name });
}
