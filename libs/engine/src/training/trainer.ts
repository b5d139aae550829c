import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@deepworks/demo-data';
import { adamOptimizer } from './fused-adam.optimizer';
import { learningCurvesSvg } from './learning-curves';
import { type LearningRateSchedule, learningRateAt } from './learning-rate-schedule';
import {
  type EpochRecord,
  hasCheckpoint,
  restoreCheckpoint,
  saveCheckpoint,
  type TrainingState,
} from './training-checkpoint';
import { type TrainingProgress, trainingProgress } from './training-progress';

/** The model outputs logits; the loss applies the matching link (softmax, sigmoid) itself. */
export type TrainingLoss = 'softmaxCrossEntropy' | 'sigmoidCrossEntropy' | 'meanSquaredError';
/** `val_<name>` for a metric given in `validationMetrics`; losses are minimised, the rest maximised. */
export type MonitoredMetric = 'loss' | 'val_loss' | 'val_accuracy' | `val_${string}`;

/** A validation metric from labels and logits read back to the host, e.g. ROC-AUC. */
export type ValidationMetric = (labels: tf.Tensor, logits: tf.Tensor) => number;

export interface TrainingData {
  /** One tensor, or one per model input; the first axis is the sample. */
  x: tf.Tensor | tf.Tensor[];
  y: tf.Tensor;
}

export interface TrainerCallbacks {
  /** Return 'stop' to end the run after this epoch (its checkpoint is written first). */
  onEpochEnd?(record: EpochRecord): void | 'stop' | Promise<void | 'stop'>;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  loss: TrainingLoss;
  /** Seeds the order of samples in every epoch: same seed, same backend, same weights. */
  seed: number;
  optimizer?: 'adam' | 'sgd';
  learningRate?: LearningRateSchedule;
  /** Rescales the gradients whenever their global L2 norm exceeds this. */
  clipNorm?: number;
  /** A weight per class index, multiplying each sample's loss (imbalanced data). */
  classWeights?: number[];
  validation?: TrainingData;
  /** Computed on the validation data after each epoch, recorded as `val_<name>`. */
  validationMetrics?: Record<string, ValidationMetric>;
  /**
   * Transforms each training batch's (first) input on the fly, e.g. image augmentation. `step` is the
   * global step, so a seeded augmentation is the same in a resumed run.
   */
  augment?: (x: tf.Tensor, step: number) => tf.Tensor;
  earlyStopping?: { monitor: MonitoredMetric; patience: number; minDelta?: number };
  /** Where `last/` (resumable) and `best/` checkpoints and the run log go. */
  checkpointDir?: string;
  /** Continue from `checkpointDir/last` when it exists. */
  resume?: boolean;
  callbacks?: TrainerCallbacks;
  /** Progress: a bar on a terminal, else one JSON line per epoch; `false` for none. */
  progress?: TrainingProgress | false;
  /**
   * Ends the run with the signal's reason, checked before each epoch and before its checkpoints are
   * written: a run that has been superseded (its job handed to another worker) writes nothing more.
   */
  signal?: AbortSignal;
}

export interface TrainResult {
  history: EpochRecord[];
  /** Epochs completed, including those before a resume. */
  epochs: number;
  bestEpoch: number | null;
  bestValue: number | null;
  stoppedEarly: boolean;
  /** Epochs already done in the checkpoint this run resumed from; 0 for a fresh run. */
  resumedFromEpoch: number;
}

/**
 * The engine's training loop around a tfjs Layers model: seeded shuffling, learning-rate schedules,
 * gradient clipping, class weights, validation, early stopping, best and resumable checkpoints
 * (optimiser state included), a JSONL run log and learning-curve SVG. Losses stay on the device
 * during an epoch and are read once at its end.
 */
export async function trainModel(
  model: tf.LayersModel,
  data: TrainingData,
  options: TrainOptions,
): Promise<TrainResult> {
  const samples = data.y.shape[0];
  const schedule = options.learningRate ?? { kind: 'constant', rate: 1e-3 };
  const optimizer: tf.Optimizer =
    options.optimizer === 'sgd' ? tf.train.sgd(schedule.rate) : adamOptimizer(schedule.rate);
  const lastDir = options.checkpointDir && join(options.checkpointDir, 'last');
  const bestDir = options.checkpointDir && join(options.checkpointDir, 'best');
  const minimise = (options.earlyStopping?.monitor ?? 'loss').endsWith('loss');
  const progress = options.progress === false ? undefined : (options.progress ?? trainingProgress());

  let state: TrainingState = {
    epoch: 0,
    step: 0,
    seed: options.seed,
    bestValue: null,
    bestEpoch: null,
    epochsWithoutImprovement: 0,
    history: [],
  };
  if (options.resume && lastDir && hasCheckpoint(lastDir)) {
    state = await restoreCheckpoint(lastDir, model, optimizer);
    if (state.seed !== options.seed)
      throw new Error(`checkpoint was trained with seed ${state.seed}, not ${options.seed}`);
  }
  const resumedFromEpoch = state.epoch;
  if (options.checkpointDir) {
    await mkdir(options.checkpointDir, { recursive: true });
    // A fresh run starts a fresh log; a resumed one continues it.
    if (state.epoch === 0) await writeFile(join(options.checkpointDir, 'history.jsonl'), '');
  }

  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const classWeights = options.classWeights && tf.tensor1d(options.classWeights);
  let stoppedEarly = false;
  try {
    while (state.epoch < options.epochs && !stoppedEarly) {
      options.signal?.throwIfAborted();
      const started = performance.now();
      const order = shuffledOrder(samples, options.seed, state.epoch);
      const batches = Math.ceil(samples / options.batchSize);
      progress?.startEpoch(state.epoch + 1, options.epochs, batches);
      let lossSum = tf.scalar(0);
      let learningRate = 0;
      for (let batch = 0; batch < batches; batch++) {
        const indices = tf.tensor1d(
          order.subarray(batch * options.batchSize, (batch + 1) * options.batchSize),
          'int32',
        );
        learningRate = learningRateAt(schedule, state.step);
        setLearningRate(optimizer, learningRate);
        const batchLoss = tf.tidy(() => {
          const x = augmentFirst(gatherInputs(data.x, indices), options.augment, state.step);
          const y = tf.gather(data.y, indices);
          const { value, grads } = tf.variableGrads(
            () =>
              lossOf(
                options.loss,
                y,
                model.apply(x, { training: true }) as tf.Tensor,
                classWeights,
              ) as tf.Scalar,
            variables,
          );
          optimizer.applyGradients(
            (options.clipNorm ? clipByGlobalNorm(grads, options.clipNorm) : grads) as unknown as Parameters<
              tf.Optimizer['applyGradients']
            >[0],
          );
          return tf.mul(value, indices.shape[0]);
        });
        const total = tf.add(lossSum, batchLoss) as tf.Scalar;
        tf.dispose([lossSum, batchLoss, indices]);
        lossSum = total;
        state.step++;
        progress?.batchDone(batch + 1);
      }
      const loss = (await lossSum.data())[0] / samples;
      lossSum.dispose();
      const seconds = (performance.now() - started) / 1000;
      const record: EpochRecord = {
        epoch: state.epoch + 1,
        loss,
        learningRate,
        seconds: Number(seconds.toFixed(3)),
        samplesPerSecond: Number((samples / seconds).toFixed(1)),
        ...(options.validation ? await evaluate(model, options.validation, options, classWeights) : {}),
      };
      options.signal?.throwIfAborted();
      state.epoch++;
      state.history.push(record);

      const improved = await trackBest(state, record, options, minimise);
      if (improved && bestDir) await saveCheckpoint(bestDir, model, optimizer, state);
      if (options.earlyStopping && state.epochsWithoutImprovement > options.earlyStopping.patience)
        stoppedEarly = true;
      if (lastDir) await saveCheckpoint(lastDir, model, optimizer, state);
      if (options.checkpointDir) await writeRunLog(options.checkpointDir, record, state.history);
      progress?.endEpoch(record);
      if ((await options.callbacks?.onEpochEnd?.(record)) === 'stop') break;
    }
    // Early stopping hands back the best weights seen, not the last.
    if (stoppedEarly && bestDir && hasCheckpoint(bestDir)) {
      const kept = state;
      await restoreCheckpoint(bestDir, model, optimizer);
      state = kept;
    }
  } finally {
    classWeights?.dispose();
    optimizer.dispose();
    progress?.close();
  }
  return {
    history: state.history,
    epochs: state.epoch,
    bestEpoch: state.bestEpoch,
    bestValue: state.bestValue,
    stoppedEarly,
    resumedFromEpoch,
  };
}

/** The monitored value of an epoch; updates best and patience counters. True when it improved. */
async function trackBest(
  state: TrainingState,
  record: EpochRecord,
  options: TrainOptions,
  minimise: boolean,
) {
  const monitor = options.earlyStopping?.monitor ?? (options.validation ? 'val_loss' : 'loss');
  const value = record[monitor];
  if (value === undefined) throw new Error(`cannot monitor ${monitor}: the run has no validation data`);
  const minDelta = options.earlyStopping?.minDelta ?? 0;
  const improved =
    state.bestValue === null ||
    (minimise ? value < state.bestValue - minDelta : value > state.bestValue + minDelta);
  if (improved) {
    state.bestValue = value;
    state.bestEpoch = record.epoch;
    state.epochsWithoutImprovement = 0;
  } else {
    state.epochsWithoutImprovement++;
  }
  return improved;
}

/** Validation loss (class-weighted like training) and, for classification, accuracy. */
async function evaluate(
  model: tf.LayersModel,
  validation: TrainingData,
  options: TrainOptions,
  classWeights?: tf.Tensor,
) {
  const [loss, accuracy] = tf.tidy(() => {
    const logits = model.predict(validation.x, { batchSize: Math.max(options.batchSize, 256) }) as tf.Tensor;
    const lossValue = lossOf(options.loss, validation.y, logits, classWeights);
    return [lossValue, accuracyOf(options.loss, validation.y, logits)];
  });
  const metrics: Record<string, number> = { val_loss: (await loss.data())[0] };
  if (accuracy) metrics.val_accuracy = (await accuracy.data())[0];
  tf.dispose([loss, accuracy]);
  const custom = Object.entries(options.validationMetrics ?? {});
  if (custom.length > 0) {
    const logits = model.predict(validation.x, { batchSize: Math.max(options.batchSize, 256) }) as tf.Tensor;
    try {
      for (const [name, metric] of custom) metrics[`val_${name}`] = metric(validation.y, logits);
    } finally {
      logits.dispose();
    }
  }
  return metrics;
}

function lossOf(
  loss: TrainingLoss,
  labels: tf.Tensor,
  logits: tf.Tensor,
  classWeights?: tf.Tensor,
): tf.Tensor {
  const weights = classWeights && sampleWeights(loss, labels, classWeights);
  switch (loss) {
    case 'softmaxCrossEntropy':
      return tf.losses.softmaxCrossEntropy(labels, logits, weights);
    case 'sigmoidCrossEntropy':
      return tf.losses.sigmoidCrossEntropy(labels, logits, weights);
    case 'meanSquaredError':
      return tf.losses.meanSquaredError(labels, logits, weights);
  }
}

/** One-hot labels pick their class's weight; binary labels weigh w1·y + w0·(1 − y). */
function sampleWeights(loss: TrainingLoss, labels: tf.Tensor, classWeights: tf.Tensor): tf.Tensor {
  if (loss === 'softmaxCrossEntropy') return tf.sum(tf.mul(labels, classWeights), -1);
  const [negative, positive] = tf.split(classWeights, [1, classWeights.shape[0] - 1]);
  return tf.add(tf.mul(labels, positive), tf.mul(tf.sub(1, labels), negative));
}

function accuracyOf(loss: TrainingLoss, labels: tf.Tensor, logits: tf.Tensor): tf.Tensor | undefined {
  if (loss === 'softmaxCrossEntropy')
    return tf.mean(tf.cast(tf.equal(tf.argMax(labels, -1), tf.argMax(logits, -1)), 'float32'));
  if (loss === 'sigmoidCrossEntropy') {
    return tf.mean(tf.cast(tf.equal(tf.greater(logits, 0), tf.greater(labels, 0.5)), 'float32'));
  }
  return undefined;
}

/** g · min(1, clip / ‖g‖₂), over all gradients together (Pascanu et al. 2013), without a sync. */
function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): tf.NamedTensorMap {
  const norm = tf.sqrt(tf.addN(Object.values(grads).map((grad) => tf.sum(tf.square(grad)))));
  const scale = tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-12)));
  return Object.fromEntries(Object.entries(grads).map(([name, grad]) => [name, tf.mul(grad, scale)]));
}

function augmentFirst(
  x: tf.Tensor | tf.Tensor[],
  augment: TrainOptions['augment'],
  step: number,
): tf.Tensor | tf.Tensor[] {
  if (!augment) return x;
  return Array.isArray(x) ? [augment(x[0], step), ...x.slice(1)] : augment(x, step);
}

function gatherInputs(x: tf.Tensor | tf.Tensor[], indices: tf.Tensor1D): tf.Tensor | tf.Tensor[] {
  return Array.isArray(x) ? x.map((input) => tf.gather(input, indices)) : tf.gather(x, indices);
}

/** Fisher–Yates with a PRNG seeded by (seed, epoch): a resumed run sees the same order. */
function shuffledOrder(samples: number, seed: number, epoch: number): Int32Array {
  const random = new SeededRandom((seed * 1_000_003 + epoch) >>> 0);
  const order = Int32Array.from({ length: samples }, (_, index) => index);
  for (let index = samples - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order;
}

/** tfjs optimisers read their rate at each step; the schedule sets it before each step. */
function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const settable = optimizer as unknown as { learningRate: number; setLearningRate?(rate: number): void };
  // SGD keeps the rate as a tensor and must rebuild it; Adam reads the number.
  if (settable.setLearningRate) settable.setLearningRate(rate);
  else settable.learningRate = rate;
}

async function writeRunLog(directory: string, record: EpochRecord, history: EpochRecord[]): Promise<void> {
  await appendFile(join(directory, 'history.jsonl'), JSON.stringify(record) + '\n');
  await writeFile(join(directory, 'learning-curves.svg'), learningCurvesSvg(history, 'training run'));
}
