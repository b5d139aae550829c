import { tf } from '@deepworks/engine';
import { applied, classifierHead } from './graph-building.blocks';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export const MLP_ACTIVATIONS = ['relu', 'elu', 'selu', 'tanh', 'sigmoid'] as const;
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

export interface MlpConfig extends SeedConfig {
  inputSize: number;
  /** Logits out: classes, or 1 for a binary (sigmoid) task. */
  outputs: number;
  /** Widths of the hidden layers, input side first; default [64]. [] gives a linear (logistic) model. */
  hiddenUnits?: readonly number[];
  /** Dropout after each hidden layer; default 0 (none). */
  dropout?: number;
  /** Of the hidden layers; default relu. */
  activation?: MlpActivation;
}

/**
 * A multilayer perceptron on flat feature vectors. Layers: `input`, `hidden1`, `hidden1_dropout`, …,
 * the last hidden layer named `features`, then `head_dropout`, `head_dense` (logits).
 */
export function mlp(config: MlpConfig): tf.LayersModel {
  const check = new ConfigCheck('mlp');
  const options = check.resolve(config, ['inputSize', 'outputs'], {
    hiddenUnits: [64],
    dropout: 0,
    activation: 'relu',
  });
  const inputSize = check.integer('inputSize', options.inputSize);
  const outputs = check.integer('outputs', options.outputs);
  const hiddenUnits = check.integers('hiddenUnits', options.hiddenUnits, 1, 0);
  const dropout = check.rate('dropout', options.dropout);
  const activation = check.choice('activation', options.activation, MLP_ACTIVATIONS);
  const seeds = new InitializerSeeds(options.seed);

  const input = tf.input({ shape: [inputSize], name: 'input' });
  let output = input;
  hiddenUnits.forEach((units, index) => {
    const last = index === hiddenUnits.length - 1;
    const name = last ? 'features' : `hidden${index + 1}`;
    output = applied(
      tf.layers.dense({ units, activation, kernelInitializer: seeds.glorotUniform(), name }),
      output,
    );
    if (!last && dropout > 0)
      output = applied(tf.layers.dropout({ rate: dropout, name: `hidden${index + 1}_dropout` }), output);
  });
  const logits = classifierHead(output, { outputs, dropout: hiddenUnits.length > 0 ? dropout : 0, seeds });
  return tf.model({ inputs: input, outputs: logits, name: 'mlp' });
}
