import { tf } from '@deepworks/engine';
import { applied, classifierHead, idInput } from './graph-building.blocks';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export interface TextCnnConfig extends SeedConfig {
  /** Token ids run 0 … vocabSize − 1. */
  vocabSize: number;
  /** Token ids per text (padded or cut to this length). */
  sequenceLength: number;
  outputs: number;
  /** Default 64. */
  embeddingDim?: number;
  /** Widths of the n-gram filters, each at most `sequenceLength`, no repeats; default [3, 4, 5]. */
  kernelSizes?: readonly number[];
  /** Filters per kernel size; default 64 (Kim used 100). */
  filters?: number;
  /** Dropout on the pooled features; default 0.5, as in Kim 2014. */
  dropout?: number;
}

/**
 * Kim 2014's CNN for sentence classification: embedding, one 1-D convolution (ReLU, valid padding) per
 * kernel size, max-over-time pooling, concatenation, dropout, dense. Input: int32 token ids
 * [batch, sequenceLength]. Layers: `tokens`, `embedding`, `conv_k{k}`, `pool_k{k}`, `features` (the
 * concatenation; with one kernel size, its pooling layer), `head_dropout`, `head_dense` (logits).
 */
export function textCnn(config: TextCnnConfig): tf.LayersModel {
  const check = new ConfigCheck('textCnn');
  const options = check.resolve(config, ['vocabSize', 'sequenceLength', 'outputs'], {
    embeddingDim: 64,
    kernelSizes: [3, 4, 5],
    filters: 64,
    dropout: 0.5,
  });
  const vocabSize = check.integer('vocabSize', options.vocabSize, 2);
  const sequenceLength = check.integer('sequenceLength', options.sequenceLength);
  const outputs = check.integer('outputs', options.outputs);
  const embeddingDim = check.integer('embeddingDim', options.embeddingDim);
  const kernelSizes = check.integers('kernelSizes', options.kernelSizes);
  const filters = check.integer('filters', options.filters);
  const dropout = check.rate('dropout', options.dropout);
  if (kernelSizes.some((size) => size > sequenceLength))
    check.fail(
      `kernelSizes must each be at most sequenceLength ${sequenceLength}; got [${kernelSizes.join(', ')}]`,
    );
  if (new Set(kernelSizes).size !== kernelSizes.length)
    check.fail(`kernelSizes must not repeat a size; got [${kernelSizes.join(', ')}]`);
  const seeds = new InitializerSeeds(options.seed);

  const tokens = idInput('tokens', sequenceLength);
  const embedded = applied(
    tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: embeddingDim,
      embeddingsInitializer: seeds.embedding(),
      name: 'embedding',
    }),
    tokens,
  );
  const pooled = kernelSizes.map((kernelSize) => {
    const convolved = applied(
      tf.layers.conv1d({
        filters,
        kernelSize,
        activation: 'relu',
        kernelInitializer: seeds.glorotUniform(),
        name: `conv_k${kernelSize}`,
      }),
      embedded,
    );
    const name = kernelSizes.length === 1 ? 'features' : `pool_k${kernelSize}`;
    return applied(tf.layers.globalMaxPooling1d({ name }), convolved);
  });
  const features =
    pooled.length === 1 ? pooled[0] : applied(tf.layers.concatenate({ name: 'features' }), pooled);
  const logits = classifierHead(features, { outputs, dropout, seeds });
  return tf.model({ inputs: tokens, outputs: logits, name: 'text_cnn' });
}
