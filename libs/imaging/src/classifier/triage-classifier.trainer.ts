import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AugmentationOptions, augmentImages, type EpochRecord, tf, trainModel } from '@deepworks/engine';
import { fitTemperature, macroRocAuc, rocAuc } from '@deepworks/metrics';
import { cnn, lastConvLayerName, pretrainContrastive, resnet } from '@deepworks/zoo';
import type { ImageSet } from '../datasets/medmnist.dataset';
import { imageTensor, TRIAGE_PREPROCESSING } from './image-input';
import { evaluateScores, scoreLogits, type TriageEvaluation } from './triage.scoring';

export const TRIAGE_ARCHITECTURES = ['cnn', 'resnet'] as const;
export type TriageArchitecture = (typeof TRIAGE_ARCHITECTURES)[number];

export interface TriageTrainingOptions {
  architecture?: TriageArchitecture;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  learningRate?: number;
  /**
   * Epochs of self-supervised contrastive pretraining (SimCLR) of the backbone on the training images,
   * labels unused; 0: none. Contrastive, not rotation prediction: on chest films rotation transferred
   * little in the zoo's measurements (libs/zoo README).
   */
  pretrainEpochs?: number;
  /** On-the-fly augmentation of each training batch; `false` for none. */
  augmentation?: AugmentationOptions | false;
  /** Sensitivity the operating threshold is chosen for, on the validation split. */
  targetSensitivity?: number;
  /** The class that means "nothing found"; the abnormality score is 1 − its probability. */
  normalClass?: number;
  classNames?: readonly string[];
  /** Early stopping on validation AUC: epochs without improvement before stopping. */
  patience?: number;
  onEpoch?: (record: EpochRecord, phase: 'pretrain' | 'fine-tune') => void | Promise<void>;
  /**
   * A directory that outlives the process (a job's workspace): checkpoints go there each epoch, and a
   * run started again with the same options continues from the last one instead of from scratch.
   * Without it, checkpoints live in a temporary directory removed at the end.
   */
  checkpointDir?: string;
  /** Stops training (and its checkpoints) with the signal's reason: see the engine's `TrainOptions`. */
  signal?: AbortSignal;
}

/** Everything serving needs besides the weights; stored beside them as the artifact's metadata. */
export interface TriageModelMetadata {
  kind: 'deepworks.triage-classifier';
  preprocessing: typeof TRIAGE_PREPROCESSING;
  architecture: TriageArchitecture;
  inputShape: [number, number, number];
  classNames: string[];
  normalClass: number;
  /** Divides the logits before the softmax (temperature scaling, fitted on the validation split). */
  temperature: number;
  /** Abnormality score at or above which a study is flagged. */
  threshold: number;
  targetSensitivity: number;
  /** Grad-CAM's layer. */
  explainLayer: string;
  validation: TriageEvaluation;
  training: {
    epochs: number;
    bestEpoch: number | null;
    seconds: number;
    pretrainEpochs: number;
    trainCount: number;
    /** Epochs taken over from an interrupted run's checkpoint (0: trained in one go). */
    resumedFromEpoch?: number;
  };
}

// Small geometric and brightness jitter: chest films are not mirrored (the heart is on the left).
const DEFAULT_AUGMENTATION: AugmentationOptions = {
  rotation: 10,
  shear: 5,
  zoom: 0.1,
  shift: 0.05,
  brightness: 0.1,
};

/**
 * Fine-tunes a zoo CNN/ResNet for triage: optional self-supervised contrastive pretraining of the backbone
 * on the training images, then class-weighted training with on-the-fly augmentation and early stopping
 * on validation AUC (best weights kept), then temperature scaling and an operating threshold for the
 * target sensitivity, both fitted on the validation split only.
 */
export async function trainTriageClassifier(
  train: ImageSet,
  validation: ImageSet,
  options: TriageTrainingOptions = {},
): Promise<{ model: tf.LayersModel; metadata: TriageModelMetadata }> {
  const started = performance.now();
  const architecture = options.architecture ?? 'cnn';
  if (!TRIAGE_ARCHITECTURES.includes(architecture))
    throw new Error(
      `architecture must be one of ${TRIAGE_ARCHITECTURES.join(', ')}, not ${String(architecture)}`,
    );
  const seed = options.seed ?? 42;
  const classCount = Math.max(2, ...Array.from(train.labels, (label) => label + 1));
  const classNames = options.classNames
    ? [...options.classNames]
    : Array.from({ length: classCount }, (_, index) => `class-${index}`);
  if (classNames.length !== classCount)
    throw new Error(`${classNames.length} class names for ${classCount} classes in the training labels`);
  const normalClass = options.normalClass ?? 0;
  const inputShape: [number, number, number] = [train.height, train.width, train.channels];
  const model = buildModel(architecture, inputShape, classCount, seed);
  const checkpoints = options.checkpointDir ?? (await mkdtemp(join(tmpdir(), 'deepworks-triage-')));
  // A resumed run's checkpoint already holds the pretrained backbone, fine-tuned further.
  const resuming = options.checkpointDir !== undefined && existsSync(join(checkpoints, 'last'));
  const x = imageTensor(train);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), classCount).toFloat());
  const validationX = imageTensor(validation);
  const validationY = tf.tidy(() => tf.oneHot(tf.tensor1d(validation.labels, 'int32'), classCount).toFloat());
  try {
    const pretrainEpochs = options.pretrainEpochs ?? 0;
    if (pretrainEpochs > 0 && !resuming) {
      const backbone = tf.model({ inputs: model.inputs, outputs: model.getLayer('features').output });
      await pretrainContrastive(backbone, x as tf.Tensor4D, {
        epochs: pretrainEpochs,
        seed,
        batchSize: options.batchSize ?? 64,
        // Chest films are not mirrored: the heart is on the left.
        flips: 'none',
        progress: false,
      });
    }
    const batchSize = options.batchSize ?? 64;
    const epochs = options.epochs ?? 20;
    const stepsPerEpoch = Math.ceil(train.count / batchSize);
    const augmentation =
      options.augmentation === false ? null : (options.augmentation ?? DEFAULT_AUGMENTATION);
    const result = await trainModel(
      model,
      { x, y },
      {
        epochs,
        batchSize,
        seed,
        loss: 'softmaxCrossEntropy',
        learningRate: {
          kind: 'cosine',
          rate: options.learningRate ?? 2e-3,
          totalSteps: epochs * stepsPerEpoch,
          warmupSteps: stepsPerEpoch,
        },
        classWeights: balancedClassWeights(train.labels, classCount),
        augment: augmentation
          ? (batch, step) => augmentImages(batch as tf.Tensor4D, augmentation, seed + step)
          : undefined,
        validation: { x: validationX, y: validationY },
        validationMetrics: { auc: (labels, logits) => validationAuc(labels, logits, normalClass) },
        earlyStopping: { monitor: 'val_auc', patience: options.patience ?? 4 },
        checkpointDir: checkpoints,
        resume: options.checkpointDir !== undefined,
        progress: false,
        signal: options.signal,
        callbacks: { onEpochEnd: (record) => options.onEpoch?.(record, 'fine-tune') },
      },
    );
    const predicted = model.predict(validationX, { batchSize: 256 }) as tf.Tensor2D;
    const logits = predicted.arraySync();
    predicted.dispose();
    const temperature = fitTemperature(logits, Array.from(validation.labels));
    const scores = scoreLogits(logits, temperature, normalClass);
    const targetSensitivity = options.targetSensitivity ?? 0.95;
    const calibration = evaluateScores(scores, validation.labels, {
      normalClass,
      threshold: null,
      targetSensitivity,
    });
    return {
      model,
      metadata: {
        kind: 'deepworks.triage-classifier',
        preprocessing: TRIAGE_PREPROCESSING,
        architecture,
        inputShape,
        classNames,
        normalClass,
        temperature,
        threshold: calibration.threshold,
        targetSensitivity,
        explainLayer: lastConvLayerName(model),
        validation: calibration,
        training: {
          epochs: result.epochs,
          bestEpoch: result.bestEpoch,
          seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
          pretrainEpochs,
          trainCount: train.count,
          resumedFromEpoch: result.resumedFromEpoch,
        },
      },
    };
  } finally {
    tf.dispose([x, y, validationX, validationY]);
    if (options.checkpointDir === undefined) await rm(checkpoints, { recursive: true, force: true });
  }
}

function buildModel(
  architecture: TriageArchitecture,
  inputShape: [number, number, number],
  outputs: number,
  seed: number,
): tf.LayersModel {
  // Momentum 0.9: runs here are a few hundred steps, too few for 0.99's moving statistics to settle.
  if (architecture === 'resnet') return resnet({ inputShape, outputs, seed, batchNormMomentum: 0.9 });
  return cnn({
    inputShape,
    outputs,
    seed,
    filters: [32, 64, 128],
    batchNorm: 'all',
    batchNormMomentum: 0.9,
    dropout: 0.3,
    denseUnits: [64],
  });
}

/** n / (k · n_c): each class contributes equally to the loss (King & Zeng 2001; sklearn "balanced"). */
function balancedClassWeights(labels: Int32Array, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const label of labels) counts[label]++;
  return counts.map((count) => (count === 0 ? 0 : labels.length / (classCount * count)));
}

function validationAuc(labels: tf.Tensor, logits: tf.Tensor, normalClass: number): number {
  const [truth, probabilities] = tf.tidy(() => [
    Array.from(labels.argMax(-1).dataSync()),
    tf.softmax(logits).arraySync() as number[][],
  ]);
  if (probabilities[0].length === 2)
    return rocAuc(
      truth.map((label) => (label === normalClass ? 0 : 1)),
      probabilities.map((row) => 1 - row[normalClass]),
    );
  return macroRocAuc(truth, probabilities);
}
