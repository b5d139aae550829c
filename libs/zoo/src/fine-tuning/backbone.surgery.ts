import { tf } from '@deepworks/engine';

export interface HeadOptions {
  /** Outputs of the head: logits, one per class (1 for a binary sigmoid head). */
  units: number;
  /** A ReLU hidden layer of this width before the logits; none when absent. */
  hiddenUnits?: number;
  /** Dropout rate before the logits (0 ≤ rate < 1); none when absent or 0. */
  dropout?: number;
  /** Prefix of the head's layer names (`<name>_pool`, `<name>_hidden`, `<name>_dropout`, `<name>_logits`). */
  name?: string;
  /** Seed of the head's weight initialisers, for reproducible runs; tfjs' unseeded default when absent. */
  seed?: number;
}

const HEAD_OPTIONS = ['units', 'hiddenUnits', 'dropout', 'name', 'seed'];

/**
 * The part of `model` from its inputs up to (and including) `layerName`, as a model of its own. The
 * layers are the same objects, so the backbone shares — not copies — the weights: training or freezing
 * it changes `model` too.
 */
export function cutAt(model: tf.LayersModel, layerName: string): tf.LayersModel {
  const layer = model.layers.find((candidate) => candidate.name === layerName);
  if (!layer) {
    const names = model.layers.map((candidate) => candidate.name).join(', ');
    throw new Error(`cutAt: model "${model.name}" has no layer "${layerName}"; its layers are ${names}`);
  }
  let output: tf.SymbolicTensor;
  try {
    output = layer.output as tf.SymbolicTensor;
  } catch {
    // A layer applied more than once (shared) has one output per call: no single place to cut.
    throw new Error(`cutAt: layer "${layerName}" is used more than once in the model; cut at another layer`);
  }
  if (Array.isArray(output)) throw new Error(`cutAt: layer "${layerName}" has several outputs`);
  return tf.model({ inputs: model.inputs, outputs: output, name: `${model.name}_to_${layerName}` });
}

/**
 * A new model: `backbone` (its layers, not a copy) followed by a classification head that outputs
 * logits. Feature maps (rank 4) are global-average pooled and sequences (rank 3) averaged over time
 * first, as in ResNet's and most fine-tuning recipes' heads.
 */
export function attachHead(backbone: tf.LayersModel, options: HeadOptions): tf.LayersModel {
  const unknown = Object.keys(options).filter((key) => !HEAD_OPTIONS.includes(key));
  if (unknown.length > 0)
    throw new Error(`attachHead: unknown option ${unknown.join(', ')}; allowed: ${HEAD_OPTIONS.join(', ')}`);
  if (!Number.isInteger(options.units) || options.units < 1)
    throw new Error(`attachHead: units must be a positive integer, got ${options.units}`);
  if (options.dropout !== undefined && !(options.dropout >= 0 && options.dropout < 1))
    throw new Error(`attachHead: dropout must be in [0, 1), got ${options.dropout}`);
  if (backbone.outputs.length !== 1) throw new Error('attachHead: the backbone must have exactly one output');
  const name = options.name ?? 'head';
  const taken = backbone.layers
    .filter((layer) => layer.name.startsWith(`${name}_`))
    .map((layer) => layer.name);
  if (taken.length > 0)
    throw new Error(
      `attachHead: the backbone already has layers named ${taken.join(', ')}; pick another name`,
    );

  const initializer = (offset: number) =>
    options.seed === undefined ? undefined : tf.initializers.glorotUniform({ seed: options.seed + offset });
  let features = backbone.outputs[0];
  const rank = features.shape.length;
  if (rank === 4) features = applied(tf.layers.globalAveragePooling2d({ name: `${name}_pool` }), features);
  else if (rank === 3)
    features = applied(tf.layers.globalAveragePooling1d({ name: `${name}_pool` }), features);
  else if (rank > 4) features = applied(tf.layers.flatten({ name: `${name}_pool` }), features);
  if (options.hiddenUnits) {
    const hidden = tf.layers.dense({
      units: options.hiddenUnits,
      activation: 'relu',
      kernelInitializer: initializer(1),
      name: `${name}_hidden`,
    });
    features = applied(hidden, features);
  }
  if (options.dropout) {
    const dropout = tf.layers.dropout({ rate: options.dropout, seed: options.seed, name: `${name}_dropout` });
    features = applied(dropout, features);
  }
  const logits = tf.layers.dense({
    units: options.units,
    kernelInitializer: initializer(2),
    name: `${name}_logits`,
  });
  return tf.model({
    inputs: backbone.inputs,
    outputs: applied(logits, features),
    name: `${backbone.name}_${name}`,
  });
}

function applied(layer: tf.layers.Layer, input: tf.SymbolicTensor): tf.SymbolicTensor {
  return layer.apply(input) as tf.SymbolicTensor;
}
