import { tf } from '@deepworks/engine';
import { LayerNormalization } from '../layers/layer-normalization.layer';
import { MaskedMeanPooling } from '../layers/masked-mean-pooling.layer';
import { MultiHeadSelfAttention } from '../layers/multi-head-self-attention.layer';
import { PositionEmbedding } from '../layers/position-embedding.layer';
import { registerZooLayers } from '../layers/zoo-layers.registry';
import { applied, classifierHead, idInput } from './graph-building.blocks';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export interface TransformerEncoderConfig extends SeedConfig {
  /** Token ids run 0 … vocabSize − 1; id 0 is padding: not attended to, not pooled. */
  vocabSize: number;
  sequenceLength: number;
  outputs: number;
  /** Width of embeddings and of every layer; a multiple of `heads`. Default 64. */
  modelDim?: number;
  /** Default 4. */
  heads?: number;
  /** Inner width of each feed-forward block; default 2 × 64 = 128. */
  feedForwardDim?: number;
  /** Encoder layers; default 2. */
  layers?: number;
  /** After the embeddings, each sub-layer, and on the pooled features; default 0.1. */
  dropout?: number;
}

/**
 * A Transformer encoder classifier (Vaswani et al. 2017, §3.1, post-layer-norm): token plus learned
 * position embeddings, then per layer multi-head self-attention (padding masked) and a ReLU
 * feed-forward block, each with dropout, a residual connection and layer normalisation; the mean
 * over the non-padding positions; dense. Input: int32 token ids [batch, sequenceLength].
 * Layers: `tokens`, `token_embedding`, `position_embedding`, `embedding_dropout`; per layer i the prefix
 * `encoder{i}_` with `attention`, `attention_dropout`, `attention_residual`, `attention_norm`,
 * `ffn_dense1`, `ffn_dense2`, `ffn_dropout`, `ffn_residual`, `ffn_norm`; `features` (masked mean pooling);
 * `head_dropout`, `head_dense` (logits). Uses the zoo's custom layers: see `registerZooLayers`.
 */
export function transformerEncoder(config: TransformerEncoderConfig): tf.LayersModel {
  const check = new ConfigCheck('transformerEncoder');
  const options = check.resolve(config, ['vocabSize', 'sequenceLength', 'outputs'], {
    modelDim: 64,
    heads: 4,
    feedForwardDim: 128,
    layers: 2,
    dropout: 0.1,
  });
  const vocabSize = check.integer('vocabSize', options.vocabSize, 2);
  const sequenceLength = check.integer('sequenceLength', options.sequenceLength);
  const outputs = check.integer('outputs', options.outputs);
  const modelDim = check.integer('modelDim', options.modelDim);
  const heads = check.integer('heads', options.heads);
  const feedForwardDim = check.integer('feedForwardDim', options.feedForwardDim);
  const layers = check.integer('layers', options.layers);
  const dropout = check.rate('dropout', options.dropout);
  if (modelDim % heads !== 0) check.fail(`modelDim ${modelDim} must be a multiple of heads ${heads}`);
  registerZooLayers();
  const seeds = new InitializerSeeds(options.seed);
  const dropoutLayer = (name: string) => tf.layers.dropout({ rate: dropout, name });

  const tokens = idInput('tokens', sequenceLength);
  let output = applied(
    tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: modelDim,
      embeddingsInitializer: seeds.embedding(),
      name: 'token_embedding',
    }),
    tokens,
  );
  output = applied(new PositionEmbedding({ seed: seeds.next(), name: 'position_embedding' }), output);
  output = applied(dropoutLayer('embedding_dropout'), output);
  for (let layer = 1; layer <= layers; layer++) {
    const prefix = `encoder${layer}_`;
    const attention = new MultiHeadSelfAttention({
      heads,
      keyDim: modelDim / heads,
      seed: seeds.next(),
      name: `${prefix}attention`,
    });
    let attended = applied(attention, [output, tokens]);
    attended = applied(dropoutLayer(`${prefix}attention_dropout`), attended);
    output = applied(tf.layers.add({ name: `${prefix}attention_residual` }), [output, attended]);
    output = applied(new LayerNormalization({ name: `${prefix}attention_norm` }), output);

    let transformed = applied(
      tf.layers.dense({
        units: feedForwardDim,
        activation: 'relu',
        kernelInitializer: seeds.glorotUniform(),
        name: `${prefix}ffn_dense1`,
      }),
      output,
    );
    transformed = applied(
      tf.layers.dense({
        units: modelDim,
        kernelInitializer: seeds.glorotUniform(),
        name: `${prefix}ffn_dense2`,
      }),
      transformed,
    );
    transformed = applied(dropoutLayer(`${prefix}ffn_dropout`), transformed);
    output = applied(tf.layers.add({ name: `${prefix}ffn_residual` }), [output, transformed]);
    output = applied(new LayerNormalization({ name: `${prefix}ffn_norm` }), output);
  }
  const features = applied(new MaskedMeanPooling({ name: 'features' }), [output, tokens]);
  const logits = classifierHead(features, { outputs, dropout, seeds });
  return tf.model({ inputs: tokens, outputs: logits, name: 'transformer_encoder' });
}
