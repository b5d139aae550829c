import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@deepworks/demo-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../backend/resolve-backend';
import { trainModel, type TrainOptions } from './trainer';

/** The same initial weights on every call (seeded initialisers). */
function seededModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [6],
        units: 16,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** Three classes decided by which of the first three features is largest, plus noise features. */
function dataset(count: number, seed: number) {
  const random = new SeededRandom(seed);
  const rows = Array.from({ length: count }, () => Array.from({ length: 6 }, () => random.gaussian()));
  const labels = rows.map((row) => row.slice(0, 3).indexOf(Math.max(...row.slice(0, 3))));
  return { x: tf.tensor2d(rows), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 3).cast('float32') };
}

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((weight) => weight.dataSync() as Float32Array);
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  return Math.max(
    ...a.map((values, index) => Math.max(...values.map((value, at) => Math.abs(value - b[index][at])))),
  );
}

describe('trainModel', () => {
  let root: string;
  // Tensors are made after the backend is chosen: tfjs moves a tensor made on another backend by its
  // raw bytes, and the cpu backend's int32 → float32 cast keeps int32 bytes (1 would read as 1.4e-45).
  let train: ReturnType<typeof dataset>;
  let validation: ReturnType<typeof dataset>;
  const base: TrainOptions = {
    epochs: 4,
    batchSize: 32,
    loss: 'softmaxCrossEntropy',
    seed: 7,
    progress: false,
  };

  beforeAll(async () => {
    await resolveBackend('wasm');
    train = dataset(512, 1);
    validation = dataset(128, 2);
    root = await mkdtemp(join(tmpdir(), 'deepworks-trainer-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('learns, and gives the same weights for the same seed', async () => {
    const options: TrainOptions = { ...base, validation, learningRate: { kind: 'constant', rate: 1e-2 } };
    const first = seededModel();
    const result = await trainModel(first, train, options);
    const second = seededModel();
    await trainModel(second, train, options);
    expect(maxDifference(weightsOf(first), weightsOf(second))).toBe(0);
    expect(result.history[3].loss).toBeLessThan(result.history[0].loss);
    expect(result.history[3].val_accuracy).toBeGreaterThan(0.7);
  });

  it('resumes from its checkpoint (optimiser state included) to the weights of an unbroken run', async () => {
    const unbroken = seededModel();
    await trainModel(unbroken, train, { ...base, checkpointDir: join(root, 'unbroken') });

    const directory = join(root, 'interrupted');
    const interrupted = seededModel();
    const partial = await trainModel(interrupted, train, {
      ...base,
      checkpointDir: directory,
      callbacks: { onEpochEnd: (record) => (record.epoch === 2 ? 'stop' : undefined) },
    });
    expect(partial.epochs).toBe(2);
    // A new process would start from a fresh model; the checkpoint supplies everything else.
    const resumed = seededModel();
    const finished = await trainModel(resumed, train, { ...base, checkpointDir: directory, resume: true });
    expect(finished.epochs).toBe(4);
    expect(finished.history.map((record) => record.epoch)).toEqual([1, 2, 3, 4]);
    expect(maxDifference(weightsOf(unbroken), weightsOf(resumed))).toBeLessThan(1e-5);

    const log = (await readFile(join(directory, 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(log.map((line) => JSON.parse(line).epoch)).toEqual([1, 2, 3, 4]);
    expect(await readFile(join(directory, 'learning-curves.svg'), 'utf8')).toMatch(/^<svg .*polyline/s);
  });

  it('ends with the abort reason when its signal is aborted mid-epoch, and writes no checkpoint after', async () => {
    const directory = join(root, 'aborted');
    const abort = new AbortController();
    const superseded = new Error('the job was handed to another worker');
    const run = trainModel(seededModel(), train, {
      ...base,
      checkpointDir: directory,
      signal: abort.signal,
      // 16 batches an epoch: step 40 is in the third epoch.
      augment: (x, step) => {
        if (step === 40) abort.abort(superseded);
        return x;
      },
    });
    await expect(run).rejects.toBe(superseded);
    const log = (await readFile(join(directory, 'history.jsonl'), 'utf8')).trim().split('\n');
    expect(log.map((line) => JSON.parse(line).epoch)).toEqual([1, 2]);
    const resumed = await trainModel(seededModel(), train, {
      ...base,
      checkpointDir: directory,
      resume: true,
    });
    expect(resumed.resumedFromEpoch).toBe(2);
  });

  it('stops early when the monitored metric stalls and hands back the best weights', async () => {
    // Labels unrelated to the features: validation loss cannot keep improving.
    const noise = { x: train.x, y: tf.oneHot(tf.randomUniform([512], 0, 3, 'int32', 3), 3).cast('float32') };
    const model = seededModel();
    const directory = join(root, 'early');
    const result = await trainModel(model, noise, {
      ...base,
      epochs: 30,
      learningRate: { kind: 'constant', rate: 0.05 },
      validation,
      earlyStopping: { monitor: 'val_loss', patience: 2 },
      checkpointDir: directory,
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochs).toBeLessThan(30);
    expect(result.epochs).toBe(result.bestEpoch! + 3);
    expect(existsSync(join(directory, 'best', 'checkpoint.json'))).toBe(true);
  });

  it('records custom validation metrics, maximises them, and augments each batch with its step', async () => {
    const steps: number[] = [];
    // Class-0 recall on the validation set: a metric the trainer knows nothing about.
    const recallOfClassZero = (labels: tf.Tensor, logits: tf.Tensor) => {
      const truth = labels.argMax(-1).dataSync();
      const predicted = logits.argMax(-1).dataSync();
      const zeros = truth.filter((value) => value === 0).length;
      return truth.filter((value, index) => value === 0 && predicted[index] === 0).length / zeros;
    };
    const result = await trainModel(seededModel(), train, {
      ...base,
      epochs: 3,
      validation,
      validationMetrics: { recall0: recallOfClassZero },
      earlyStopping: { monitor: 'val_recall0', patience: 5 },
      augment: (x, step) => {
        steps.push(step);
        return tf.add(x, 0);
      },
    });
    // 512 samples in batches of 32: 16 steps an epoch, numbered on across epochs.
    expect(steps).toEqual(Array.from({ length: 48 }, (_, index) => index));
    const values = result.history.map((record) => record.val_recall0);
    expect(values.every((value) => value >= 0 && value <= 1)).toBe(true);
    expect(result.bestValue).toBe(Math.max(...values));
  });

  it('follows the learning-rate schedule and clips gradients', async () => {
    const model = seededModel();
    const before = weightsOf(model);
    const result = await trainModel(model, train, {
      ...base,
      epochs: 1,
      batchSize: 512,
      optimizer: 'sgd',
      learningRate: { kind: 'constant', rate: 1 },
      clipNorm: 0.01,
    });
    // One SGD step of rate 1 with the gradient's norm clipped to 0.01 moves no weight more than 0.01.
    expect(maxDifference(before, weightsOf(model))).toBeLessThanOrEqual(0.01 + 1e-6);
    expect(result.history[0].learningRate).toBe(1);

    const scheduled = await trainModel(seededModel(), train, {
      ...base,
      epochs: 3,
      batchSize: 256,
      learningRate: { kind: 'step', rate: 0.01, everySteps: 2, factor: 0.5 },
    });
    // Two steps per epoch: the last step of epochs 1, 2, 3 is step 1, 3, 5.
    expect(scheduled.history.map((record) => record.learningRate)).toEqual([0.01, 0.005, 0.0025]);
  });

  it('weighs classes: a heavy weight on class 2 makes the model predict it more', async () => {
    const plain = seededModel();
    await trainModel(plain, train, { ...base, epochs: 2 });
    const weighted = seededModel();
    await trainModel(weighted, train, { ...base, epochs: 2, classWeights: [1, 1, 50] });
    const shareOfClass2 = (model: tf.LayersModel) =>
      tf.tidy(
        () =>
          tf
            .mean(tf.cast(tf.equal(tf.argMax(model.predict(validation.x) as tf.Tensor, -1), 2), 'float32'))
            .dataSync()[0],
      );
    expect(shareOfClass2(weighted)).toBeGreaterThan(shareOfClass2(plain) + 0.1);
  });

  it('leaves no tensors behind', async () => {
    const model = seededModel();
    await trainModel(model, train, { ...base, epochs: 1 });
    const before = tf.memory().numTensors;
    await trainModel(model, train, {
      ...base,
      epochs: 2,
      validation,
      clipNorm: 1,
      classWeights: [1, 2, 3],
      // Checkpoints read the optimiser's state every epoch (Adam's getWeights makes a step-count scalar).
      checkpointDir: join(root, 'tensor-hygiene'),
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
