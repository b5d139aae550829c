import { SeededRandom } from '@deepworks/demo-data';
import { adamOptimizer, type EpochRecord, tf, type TrainingProgress } from '@deepworks/engine';
import { attachHead } from '../fine-tuning/backbone.surgery';
import { shuffledIndices } from './seeded.shuffle';

export interface MaskedTokenOptions {
  vocabSize: number;
  /** The id that stands for a hidden token (`[MASK]`); its row in the vocabulary must exist. */
  maskTokenId: number;
  /** Share of (non-padding) tokens chosen for prediction per sequence; BERT's 0.15 by default. */
  maskRate?: number;
  /** Padding id, never chosen nor used as a replacement; none when absent. */
  paddingTokenId?: number;
  epochs: number;
  seed: number;
  batchSize?: number;
  /** Adam's constant rate; default 1e-3. */
  learningRate?: number;
  headName?: string;
  progress?: TrainingProgress | false;
}

export interface MaskedTokenResult {
  /** The same encoder object, its weights now pretrained. */
  backbone: tf.LayersModel;
  history: EpochRecord[];
  /**
   * Per-token encoders: share of chosen tokens predicted exactly, on a fresh masking of the sequences.
   * Pooled encoders: share of sequences whose top-scored token is one of their chosen tokens.
   */
  maskedAccuracy: number;
  mode: 'per-token' | 'pooled';
}

/**
 * Masked-token pretraining (Devlin et al. 2019, BERT §3.1) for an encoder that maps token ids
 * `[batch, length]` to per-token vectors `[batch, length, d]` or a pooled vector `[batch, d]`. Each
 * epoch draws a new masking (dynamic, as RoBERTa): ~`maskRate` of each sequence's tokens are chosen
 * (at least one); of these 80 % become `maskTokenId`, 10 % a random token and 10 % stay. Per-token
 * encoders predict each chosen token's id with a softmax scored on chosen positions only; a pooled
 * encoder cannot say which position is which, so it predicts the set of chosen ids (one sigmoid per id).
 * Its own loop (Adam), not `trainModel`: the loss is masked and the masking changes every epoch.
 */
export async function pretrainMaskedTokens(
  encoder: tf.LayersModel,
  sequences: number[][],
  options: MaskedTokenOptions,
): Promise<MaskedTokenResult> {
  const { vocabSize, maskTokenId } = options;
  const maskRate = options.maskRate ?? 0.15;
  if (!Number.isInteger(vocabSize) || vocabSize < 3)
    throw new Error(`pretrainMaskedTokens: vocabSize must be an integer ≥ 3, got ${vocabSize}`);
  if (!(maskRate > 0 && maskRate < 1))
    throw new Error(`pretrainMaskedTokens: maskRate must be in (0, 1), got ${maskRate}`);
  if (!(maskTokenId >= 0 && maskTokenId < vocabSize))
    throw new Error(`pretrainMaskedTokens: maskTokenId ${maskTokenId} is outside 0..${vocabSize - 1}`);
  const length = sequences[0]?.length ?? 0;
  if (length === 0) throw new Error('pretrainMaskedTokens: no sequences');
  for (const sequence of sequences) {
    if (sequence.length !== length)
      throw new Error(
        `pretrainMaskedTokens: sequences must be padded to one length (${length}), got ${sequence.length}`,
      );
    for (const token of sequence)
      if (!Number.isInteger(token) || token < 0 || token >= vocabSize)
        throw new Error(`pretrainMaskedTokens: token ${token} is outside 0..${vocabSize - 1}`);
  }
  const rank = encoder.outputs[0].shape.length;
  if (rank !== 2 && rank !== 3)
    throw new Error(
      `pretrainMaskedTokens: the encoder must output [batch, length, d] or [batch, d], not rank ${rank}`,
    );
  const mode = rank === 3 ? 'per-token' : 'pooled';
  const headName = options.headName ?? 'masked_tokens';

  // attachHead would pool per-token vectors; the per-token head is one dense layer applied at every position.
  const model =
    mode === 'per-token'
      ? tf.model({
          inputs: encoder.inputs,
          outputs: tf.layers
            .dense({
              units: vocabSize,
              kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
              name: `${headName}_logits`,
            })
            .apply(encoder.outputs[0]) as tf.SymbolicTensor,
        })
      : attachHead(encoder, { units: vocabSize, name: headName, seed: options.seed });
  const headLayers = model.layers.filter((layer) => !encoder.layers.includes(layer));

  const batchSize = options.batchSize ?? 32;
  const optimizer: tf.Optimizer = adamOptimizer(options.learningRate ?? 1e-3);
  const history: EpochRecord[] = [];
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const started = performance.now();
      const random = new SeededRandom((options.seed * 1_000_003 + epoch) >>> 0);
      const order = shuffledIndices(sequences.length, random);
      const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
      let lossSum = 0;
      if (options.progress)
        options.progress.startEpoch(epoch + 1, options.epochs, Math.ceil(order.length / batchSize));
      for (let start = 0; start < order.length; start += batchSize) {
        const batch = Array.from(order.subarray(start, start + batchSize), (index) => sequences[index]);
        const masked = maskBatch(batch, options, maskRate, random);
        const loss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(
            () =>
              mode === 'per-token'
                ? chosenPositionsLoss(encoder, headLayers[0], masked, vocabSize)
                : maskedLoss(model, masked, vocabSize),
            variables,
          );
          optimizer.applyGradients(grads as unknown as Parameters<tf.Optimizer['applyGradients']>[0]);
          return value;
        });
        lossSum += (await loss.data())[0] * batch.length;
        loss.dispose();
        if (options.progress) options.progress.batchDone(start / batchSize + 1);
      }
      const seconds = (performance.now() - started) / 1000;
      const record: EpochRecord = {
        epoch: epoch + 1,
        loss: lossSum / sequences.length,
        learningRate: options.learningRate ?? 1e-3,
        seconds: Number(seconds.toFixed(3)),
        samplesPerSecond: Number((sequences.length / seconds).toFixed(1)),
      };
      history.push(record);
      if (options.progress) options.progress.endEpoch(record);
    }
    const check = maskBatch(sequences, options, maskRate, new SeededRandom(options.seed ^ 0x5eed));
    const maskedAccuracy = await accuracyOf(model, check, mode);
    return { backbone: encoder, history, maskedAccuracy, mode };
  } finally {
    optimizer.dispose();
    if (options.progress) options.progress.close();
    for (const layer of headLayers) layer.dispose();
  }
}

interface MaskedBatch {
  inputs: Int32Array;
  /** The original token at every position. */
  targets: Int32Array;
  /** 1 where the token was chosen for prediction. */
  chosen: Float32Array;
  count: number;
  length: number;
}

function maskBatch(
  batch: number[][],
  options: MaskedTokenOptions,
  maskRate: number,
  random: SeededRandom,
): MaskedBatch {
  const length = batch[0].length;
  const inputs = new Int32Array(batch.length * length);
  const targets = new Int32Array(batch.length * length);
  const chosen = new Float32Array(batch.length * length);
  batch.forEach((sequence, row) => {
    const candidates: number[] = [];
    sequence.forEach((token, position) => {
      inputs[row * length + position] = token;
      targets[row * length + position] = token;
      if (token !== options.paddingTokenId) candidates.push(position);
    });
    if (candidates.length === 0) return;
    let picked = candidates.filter(() => random.next() < maskRate);
    if (picked.length === 0) picked = [random.pick(candidates)];
    for (const position of picked) {
      const index = row * length + position;
      chosen[index] = 1;
      const draw = random.next();
      if (draw < 0.8) inputs[index] = options.maskTokenId;
      else if (draw < 0.9) inputs[index] = randomToken(options, random);
    }
  });
  return { inputs, targets, chosen, count: batch.length, length };
}

function randomToken(options: MaskedTokenOptions, random: SeededRandom): number {
  for (;;) {
    const token = random.integer(options.vocabSize);
    if (token !== options.paddingTokenId && token !== options.maskTokenId) return token;
  }
}

/**
 * −log p(original | context) at the chosen positions, averaged over them. The vocabulary-wide head runs
 * on the chosen positions only (~15 % of them), not on every position of the batch.
 */
function chosenPositionsLoss(
  encoder: tf.LayersModel,
  head: tf.layers.Layer,
  batch: MaskedBatch,
  vocabSize: number,
): tf.Scalar {
  const inputs = tf.tensor2d(batch.inputs, [batch.count, batch.length], 'int32');
  const hidden = encoder.apply(inputs, { training: true }) as tf.Tensor;
  const width = hidden.shape[hidden.shape.length - 1]!;
  const positions: number[] = [];
  batch.chosen.forEach((isChosen, index) => {
    if (isChosen === 1) positions.push(index);
  });
  const rows = tf.gather(tf.reshape(hidden, [batch.count * batch.length, width]), positions);
  const logits = head.apply(rows) as tf.Tensor;
  const targets = tf.oneHot(
    tf.tensor1d(
      positions.map((index) => batch.targets[index]),
      'int32',
    ),
    vocabSize,
  );
  return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar;
}

/** Pooled encoders: which ids were chosen, one sigmoid per id. */
function maskedLoss(model: tf.LayersModel, batch: MaskedBatch, vocabSize: number): tf.Scalar {
  const inputs = tf.tensor2d(batch.inputs, [batch.count, batch.length], 'int32');
  const logits = model.apply(inputs, { training: true }) as tf.Tensor;
  return tf.losses.sigmoidCrossEntropy(bagOfChosen(batch, vocabSize), logits);
}

/** Multi-hot `[batch, vocab]`: which ids were chosen in each sequence. */
function bagOfChosen(batch: MaskedBatch, vocabSize: number): tf.Tensor2D {
  const bag = new Float32Array(batch.count * vocabSize);
  for (let index = 0; index < batch.chosen.length; index++)
    if (batch.chosen[index] === 1)
      bag[Math.floor(index / batch.length) * vocabSize + batch.targets[index]] = 1;
  return tf.tensor2d(bag, [batch.count, vocabSize]);
}

/** Sequences scored at once when measuring the masked accuracy. */
const ACCURACY_BATCH = 256;

async function accuracyOf(
  model: tf.LayersModel,
  batch: MaskedBatch,
  mode: 'per-token' | 'pooled',
): Promise<number> {
  // Batch by batch: the per-token scores of a whole corpus (sequences × length × vocabulary) would not fit
  // in memory (8.6k tweets × 40 × 5.5k ids = 7.5 GB), their arg-max does.
  const perRow = mode === 'per-token' ? batch.length : 1;
  const ids = new Int32Array(batch.count * perRow);
  for (let start = 0; start < batch.count; start += ACCURACY_BATCH) {
    const count = Math.min(ACCURACY_BATCH, batch.count - start);
    const predicted = tf.tidy(() => {
      const inputs = tf.tensor2d(
        batch.inputs.subarray(start * batch.length, (start + count) * batch.length),
        [count, batch.length],
        'int32',
      );
      return tf.argMax(model.predict(inputs) as tf.Tensor, -1);
    });
    ids.set(await predicted.data(), start * perRow);
    predicted.dispose();
  }
  let hits = 0;
  let total = 0;
  if (mode === 'per-token') {
    batch.chosen.forEach((isChosen, index) => {
      if (isChosen !== 1) return;
      total++;
      if (ids[index] === batch.targets[index]) hits++;
    });
  } else {
    for (let row = 0; row < batch.count; row++) {
      total++;
      for (let position = 0; position < batch.length; position++) {
        const index = row * batch.length + position;
        if (batch.chosen[index] === 1 && batch.targets[index] === ids[row]) {
          hits++;
          break;
        }
      }
    }
  }
  return total === 0 ? 0 : hits / total;
}
