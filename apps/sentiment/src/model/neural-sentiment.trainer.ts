import { tf, trainModel } from '@deepworks/engine';
import { type LabelMap, PAD_ID, PREPROCESSING_VERSION, UNKNOWN_ID, Vocabulary } from '@deepworks/text';
import {
  biLstm,
  pretrainMaskedTokens,
  pretrainWordEmbeddings,
  setEmbeddingWeights,
  textCnn,
  transformerEncoder,
} from '@deepworks/zoo';
import { EnsembleSentimentModel } from './ensemble-sentiment.model';
import type { LinearSentimentModel } from './linear-sentiment.model';
import {
  chooseBlendWeight,
  fitTemperature,
  logProbabilityRows,
  meanLogLoss,
  softmaxRows,
} from './probability.calibration';
import {
  DEFAULT_SENTIMENT_TRAINING,
  fingerprintRows,
  fitSentimentModel,
  resolveTrainingOptions,
  stratifiedValidationSplit,
  type SentimentTrainingOptions,
  type TrainedSentimentModel,
} from './sentiment-model.trainer';
import { evaluateSentimentModel } from './sentiment.evaluation';
import { NEURAL_SENTIMENT_MODEL_KINDS } from './sentiment.model';
import { type SequenceSentimentKind, SequenceSentimentModel } from './sequence-sentiment.model';

export interface NeuralSentimentOptions {
  /** Token ids per text; longer texts are cut (default 40: ~99 % of the tweets are shorter). */
  sequenceLength?: number;
  embeddingDim?: number;
  filters?: number;
  kernelSizes?: number[];
  dropout?: number;
  /** Fine-tuning epochs at most (default 6), with early stopping on the validation loss. */
  epochs?: number;
  batchSize?: number;
  /** Adam's rate (default 1e-3). */
  learningRate?: number;
  /** Epochs without a better validation loss before stopping (default 1). */
  patience?: number;
  /** A token must occur this often in the training texts to get an id (default 2). */
  minCount?: number;
  /** Skip-gram epochs over the training texts (default 5); 0 keeps the random embedding. */
  pretrainEpochs?: number;
  window?: number;
  negatives?: number;
}

const NEURAL_OPTION_KEYS = [
  'sequenceLength',
  'embeddingDim',
  'filters',
  'kernelSizes',
  'dropout',
  'epochs',
  'batchSize',
  'learningRate',
  'patience',
  'minCount',
  'pretrainEpochs',
  'window',
  'negatives',
] as const;

/**
 * Sized for a few minutes on a shared 2-core machine (wasm backend) with the Twitter Financial News train
 * split; filter widths 2–4 because the texts are short headlines.
 */
export const DEFAULT_NEURAL_SENTIMENT_OPTIONS = {
  sequenceLength: 40,
  embeddingDim: 64,
  filters: 64,
  kernelSizes: [2, 3, 4],
  dropout: 0.5,
  epochs: 6,
  batchSize: 64,
  learningRate: 1e-3,
  patience: 1,
  minCount: 2,
  pretrainEpochs: 5,
  window: 5,
  negatives: 5,
} as const satisfies Required<NeuralSentimentOptions>;

export interface NeuralTrainingReport {
  options: Required<NeuralSentimentOptions>;
  vocabularySize: number;
  pretrainSeconds: number;
  trainSeconds: number;
  epochsRun: number;
  /** The epoch whose weights were kept (lowest validation loss). */
  bestEpoch: number;
  history: { epoch: number; loss: number; valLoss: number; valAccuracy: number }[];
  /** The CNN's fitted temperature. */
  temperature: number;
  /** Ensemble only: the linear member's temperature and weight. */
  linearTemperature?: number;
  linearWeight?: number;
  /** Log-loss of the final model's probabilities on the validation split. */
  validationLogLoss: number;
}

/**
 * `textcnn`, `bilstm`: a text-lib `Vocabulary` of the training texts; skip-gram vectors pretrained on those
 * texts alone (no labels) initialise the zoo network's `embedding` layer. `transformer`: the zoo's
 * `transformerEncoder`, pretrained by masked tokens on the same texts. Then each is fine-tuned, keeping the
 * weights of the epoch with the lowest validation loss; fine-tuning keeps the weights of the epoch
 * with the lowest validation loss. `ensemble`: also the linear model on the same training rows, and the
 * blend weight. The validation split (stratified, seeded, carved from `rows`) makes every choice: early
 * stopping, temperatures, the blend weight. So its metrics are slightly optimistic; a separate test file
 * is the honest measure. Call `resolveBackend` before.
 */
export async function trainNeuralSentimentModel<R extends { text: string; label: string }>(
  rows: readonly R[],
  labelMap: LabelMap,
  options: SentimentTrainingOptions = {},
  neuralOptions: NeuralSentimentOptions = {},
): Promise<TrainedSentimentModel> {
  const settings = resolveTrainingOptions(options);
  if (!NEURAL_SENTIMENT_MODEL_KINDS.includes(settings.kind)) {
    throw new Error(
      `trainNeuralSentimentModel trains ${NEURAL_SENTIMENT_MODEL_KINDS.join(', ')}; got "${settings.kind}"`,
    );
  }
  const unknown = Object.keys(neuralOptions).filter(
    (key) => !(NEURAL_OPTION_KEYS as readonly string[]).includes(key),
  );
  if (unknown.length > 0) {
    throw new Error(
      `Unknown neural option(s) ${unknown.join(', ')}; allowed: ${NEURAL_OPTION_KEYS.join(', ')}`,
    );
  }
  const given = Object.fromEntries(Object.entries(neuralOptions).filter(([, value]) => value !== undefined));
  const neural = { ...DEFAULT_NEURAL_SENTIMENT_OPTIONS, ...given } as Required<NeuralSentimentOptions>;
  const [train, validation] = stratifiedValidationSplit(rows, settings);
  if (train.length === 0 || validation.length === 0) {
    throw new Error(`Too few rows (${rows.length}) to hold out a validation split`);
  }
  const classes = labelMap.classes;
  const classIndex = (label: string) => classes.indexOf(label);
  const trainTexts = train.map((row) => row.text);
  const validationLabels = validation.map((row) => classIndex(row.label));

  const vocabulary = Vocabulary.build(trainTexts, { minCount: neural.minCount });
  // The ensemble's network member is the text CNN.
  const networkKind: SequenceSentimentKind =
    settings.kind === 'ensemble' ? 'textcnn' : (settings.kind as SequenceSentimentKind);
  const network = sequenceNetwork(networkKind, {
    vocabSize: vocabulary.size,
    sequenceLength: neural.sequenceLength,
    outputs: classes.length,
    neural,
    seed: settings.seed,
  });
  const atUnitTemperature = new SequenceSentimentModel(
    networkKind,
    network,
    vocabulary,
    classes,
    neural.sequenceLength,
  );
  const trainIds = atUnitTemperature.encode(trainTexts);

  const pretrainStarted = performance.now();
  if (neural.pretrainEpochs > 0 && networkKind === 'transformer') {
    // Masked tokens (BERT's pretext) on the training texts alone, no labels; <unk> stands for the hidden
    // token (the vocabulary has no [MASK] of its own). The encoder is the network up to its last layer.
    const lastLayer = network.layers.filter((layer) => /^encoder\d+_ffn_norm$/.test(layer.name)).pop()!;
    const encoder = tf.model({ inputs: network.inputs, outputs: lastLayer.output as tf.SymbolicTensor });
    const sequences = trainTexts.map((_, row) =>
      Array.from(trainIds.subarray(row * neural.sequenceLength, (row + 1) * neural.sequenceLength)),
    );
    await pretrainMaskedTokens(encoder, sequences, {
      vocabSize: vocabulary.size,
      maskTokenId: UNKNOWN_ID,
      paddingTokenId: PAD_ID,
      epochs: neural.pretrainEpochs,
      seed: settings.seed,
      batchSize: neural.batchSize,
      progress: false,
    });
  } else if (neural.pretrainEpochs > 0) {
    // Unpadded id sequences of the training texts; padding and unknown ids are neither trained nor context.
    const sequences = trainTexts.map((_, row) =>
      Array.from(trainIds.subarray(row * neural.sequenceLength, (row + 1) * neural.sequenceLength)).filter(
        (id) => id !== PAD_ID,
      ),
    );
    const vectors = pretrainWordEmbeddings(sequences, {
      vocabSize: vocabulary.size,
      dim: neural.embeddingDim,
      window: neural.window,
      negatives: neural.negatives,
      epochs: neural.pretrainEpochs,
      seed: settings.seed,
      skipTokenIds: [PAD_ID, UNKNOWN_ID],
    });
    setEmbeddingWeights(network, 'embedding', vectors);
  }
  const pretrainSeconds = (performance.now() - pretrainStarted) / 1000;

  const trainStarted = performance.now();
  const data = {
    x: tf.tensor2d(trainIds, [train.length, neural.sequenceLength], 'int32'),
    y: oneHot(
      train.map((row) => classIndex(row.label)),
      classes.length,
    ),
  };
  const held = {
    x: tf.tensor2d(
      atUnitTemperature.encode(validation.map((row) => row.text)),
      [validation.length, neural.sequenceLength],
      'int32',
    ),
    y: oneHot(validationLabels, classes.length),
  };
  let best: { valLoss: number; epoch: number; weights: tf.Tensor[] } | undefined;
  let result: Awaited<ReturnType<typeof trainModel>>;
  try {
    result = await trainModel(network, data, {
      epochs: neural.epochs,
      batchSize: neural.batchSize,
      loss: 'softmaxCrossEntropy',
      seed: settings.seed,
      learningRate: { kind: 'constant', rate: neural.learningRate },
      validation: held,
      earlyStopping: { monitor: 'val_loss', patience: neural.patience },
      progress: false,
      callbacks: {
        // The trainer restores the best weights only through checkpoint files; a copy in memory is enough.
        onEpochEnd: (record) => {
          if (best !== undefined && !(record.val_loss < best.valLoss)) return;
          best?.weights.forEach((weight) => weight.dispose());
          best = {
            valLoss: record.val_loss,
            epoch: record.epoch,
            weights: network.getWeights().map((weight) => weight.clone()),
          };
        },
      },
    });
  } finally {
    tf.dispose([data.x, data.y, held.x, held.y]);
  }
  const kept = best as { valLoss: number; epoch: number; weights: tf.Tensor[] } | undefined;
  if (kept) {
    network.setWeights(kept.weights);
    kept.weights.forEach((weight) => weight.dispose());
  }
  const trainSeconds = (performance.now() - trainStarted) / 1000;

  const validationTexts = validation.map((row) => row.text);
  const temperature = fitTemperature(atUnitTemperature.logits(validationTexts), validationLabels);
  const textCnnModel = atUnitTemperature.withTemperature(temperature);
  let model: SequenceSentimentModel | EnsembleSentimentModel = textCnnModel;
  let blend: { linearTemperature: number; linearWeight: number } | undefined;
  if (settings.kind === 'ensemble') {
    const linear = fitSentimentModel(train, labelMap, {
      ...settings,
      kind: 'linear',
    }) as LinearSentimentModel;
    const linearScores = logProbabilityRows(linear.classifier.predictProba(validationTexts));
    const linearTemperature = fitTemperature(linearScores, validationLabels);
    const { weight } = chooseBlendWeight(
      softmaxRows(linearScores, linearTemperature),
      textCnnModel.predictProba(validationTexts),
      validationLabels,
    );
    blend = { linearTemperature, linearWeight: weight };
    model = new EnsembleSentimentModel(linear, textCnnModel, weight, linearTemperature);
  }
  const validationLogLoss = meanLogLoss(model.predictProba(validationTexts), validationLabels);

  const report: NeuralTrainingReport = {
    options: neural,
    vocabularySize: vocabulary.size,
    pretrainSeconds: round(pretrainSeconds),
    trainSeconds: round(trainSeconds),
    epochsRun: result.epochs,
    bestEpoch: kept?.epoch ?? result.epochs,
    history: result.history.map((record) => ({
      epoch: record.epoch,
      loss: record.loss,
      valLoss: record.val_loss,
      valAccuracy: record.val_accuracy,
    })),
    temperature,
    ...blend,
    validationLogLoss,
  };
  return {
    model,
    metadata: {
      format: 'deepworks.sentiment.model',
      kind: settings.kind,
      labels: [...classes],
      labelMap: labelMap.toJSON(),
      preprocessingVersion: PREPROCESSING_VERSION,
      options: settings,
      validation: evaluateSentimentModel(model, validation),
      trainRows: train.length,
      validationRows: validation.length,
      dataFingerprint: fingerprintRows(rows),
      trainedAt: new Date().toISOString(),
      neural: report,
    },
  };
}

export function isNeuralTraining(options: SentimentTrainingOptions): boolean {
  return NEURAL_SENTIMENT_MODEL_KINDS.includes(options.kind ?? DEFAULT_SENTIMENT_TRAINING.kind);
}

/**
 * The zoo network of a sequence kind, logits out: `embeddingDim` is also the transformer's model width,
 * `dropout` every network's; the CNN's filters and widths apply to it alone.
 */
function sequenceNetwork(
  kind: SequenceSentimentKind,
  shape: {
    vocabSize: number;
    sequenceLength: number;
    outputs: number;
    neural: Required<NeuralSentimentOptions>;
    seed: number;
  },
): tf.LayersModel {
  const { vocabSize, sequenceLength, outputs, neural, seed } = shape;
  const common = { vocabSize, sequenceLength, outputs, dropout: neural.dropout, seed };
  if (kind === 'bilstm') return biLstm({ ...common, embeddingDim: neural.embeddingDim });
  if (kind === 'transformer') return transformerEncoder({ ...common, modelDim: neural.embeddingDim });
  return textCnn({
    ...common,
    embeddingDim: neural.embeddingDim,
    kernelSizes: neural.kernelSizes,
    filters: neural.filters,
  });
}

function oneHot(labels: readonly number[], classes: number): tf.Tensor {
  return tf.tidy(() => tf.oneHot(tf.tensor1d([...labels], 'int32'), classes).toFloat());
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
