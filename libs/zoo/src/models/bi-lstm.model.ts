import { tf } from '@deepworks/engine';
import { applied, classifierHead, idInput } from './graph-building.blocks';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export interface BiLstmConfig extends SeedConfig {
  /** Token ids run 0 … vocabSize − 1; id 0 is padding and is masked out. */
  vocabSize: number;
  sequenceLength: number;
  outputs: number;
  /** Default 64. */
  embeddingDim?: number;
  /** LSTM units per direction; the features are twice as wide. Default 32. */
  units?: number;
  /** Dropout on the features; default 0.3. */
  dropout?: number;
}

/**
 * A bidirectional LSTM text classifier (Graves & Schmidhuber 2005): embedding with padding (id 0)
 * masked, so left and right padding give the same result, a forward and a backward LSTM whose final
 * states are concatenated, dropout, dense. Input: int32 token ids [batch, sequenceLength]. Layers:
 * `tokens`, `embedding`, `features` (the bidirectional LSTM, output [batch, 2·units]), `head_dropout`,
 * `head_dense` (logits).
 */
export function biLstm(config: BiLstmConfig): tf.LayersModel {
  const check = new ConfigCheck('biLstm');
  const options = check.resolve(config, ['vocabSize', 'sequenceLength', 'outputs'], {
    embeddingDim: 64,
    units: 32,
    dropout: 0.3,
  });
  const vocabSize = check.integer('vocabSize', options.vocabSize, 2);
  const sequenceLength = check.integer('sequenceLength', options.sequenceLength);
  const outputs = check.integer('outputs', options.outputs);
  const embeddingDim = check.integer('embeddingDim', options.embeddingDim);
  const units = check.integer('units', options.units);
  const dropout = check.rate('dropout', options.dropout);
  const seeds = new InitializerSeeds(options.seed);

  const tokens = idInput('tokens', sequenceLength);
  const embedded = applied(
    tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: embeddingDim,
      maskZero: true,
      embeddingsInitializer: seeds.embedding(),
      name: 'embedding',
    }),
    tokens,
  );
  const lstm = tf.layers.lstm({
    units,
    kernelInitializer: seeds.glorotUniform(),
    recurrentInitializer: seeds.orthogonal(),
  }) as tf.RNN;
  const features = applied(
    tf.layers.bidirectional({ layer: lstm, mergeMode: 'concat', name: 'features' }),
    embedded,
  );
  const logits = classifierHead(features, { outputs, dropout, seeds });
  return tf.model({ inputs: tokens, outputs: logits, name: 'bi_lstm' });
}
