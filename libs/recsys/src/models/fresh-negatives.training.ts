import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, trainModel } from '@deepworks/engine';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import { samplePairsWithNegatives, type SampledPairs } from './sampled-pairs';

/** What every model trained by `trainWithFreshNegatives` is configured with. */
export interface PairTrainingConfig {
  epochs?: number;
  /** Unobserved items sampled per observed pair, drawn afresh each epoch. */
  negatives?: number;
  learningRate?: number;
  batchSize?: number;
}

export const PAIR_TRAINING_OPTIONS = ['epochs', 'negatives', 'learningRate', 'batchSize'] as const;

/**
 * The config with defaults filled in; throws naming the model when a count (`integerKeys`, which
 * include epochs, negatives and batchSize) is not a positive integer or the learning rate is not > 0.
 */
export function resolvePairTrainingConfig<T extends PairTrainingConfig>(
  model: string,
  config: T,
  defaults: Required<T>,
  integerKeys: readonly (keyof T & string)[],
): Required<T> {
  const resolved = { ...defaults } as Required<T>;
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    if (config[key] !== undefined) resolved[key] = config[key] as Required<T>[keyof T];
  }
  for (const key of ['epochs', 'negatives', 'batchSize', ...integerKeys] as const) {
    const value = resolved[key as keyof T];
    if (!Number.isInteger(value) || (value as number) < 1)
      throw new RangeError(`${model} ${key} must be a positive integer`);
  }
  if (!((resolved.learningRate as number) > 0)) throw new RangeError(`${model} learningRate must be > 0`);
  return resolved;
}

export interface FreshNegativesSettings {
  /** Unobserved items sampled per observed pair, drawn afresh each epoch. */
  negatives: number;
  learningRate: number;
  batchSize: number;
  seed: number;
  signal?: AbortSignal;
}

/** A model's inputs for one epoch's sampled pairs (the caller's tensors; disposed after the epoch). */
export type PairInputs = (pairs: SampledPairs) => tf.Tensor[];

/**
 * Scratch space for checkpoints of `trainWithFreshNegatives`, removed when `work` settles: one engine run
 * per epoch resumes from the previous run's checkpoint, Adam's moments included.
 */
export async function withTrainingWorkspace<T>(
  prefix: string,
  work: (folder: string) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), `deepworks-${prefix}-`));
  try {
    return await work(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Trains a pair classifier (observed vs sampled, log loss: NCF's §3.1.1) for `epochs` epochs with
 * negatives drawn afresh every epoch: drawn once, they are memorised rather than generalised from.
 */
export async function trainWithFreshNegatives(
  model: tf.LayersModel,
  train: InteractionMatrix,
  epochs: number,
  settings: FreshNegativesSettings,
  inputs: PairInputs,
  workspace: string,
): Promise<void> {
  const checkpointDir = join(workspace, model.name);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const pairs = samplePairsWithNegatives(train, settings.negatives, settings.seed * 7919 + epoch);
    const x = inputs(pairs);
    const y = tf.tensor2d(pairs.labels, [pairs.labels.length, 1]);
    try {
      await trainModel(
        model,
        { x, y },
        {
          epochs: epoch,
          batchSize: settings.batchSize,
          loss: 'sigmoidCrossEntropy',
          seed: settings.seed,
          optimizer: 'adam',
          learningRate: { kind: 'constant', rate: settings.learningRate },
          checkpointDir,
          resume: true,
          progress: false,
          signal: settings.signal,
        },
      );
    } finally {
      tf.dispose([...x, y]);
    }
  }
}

/** An int32 column [n, 1] of ids: the shape of the zoo's id inputs. */
export function idColumn(ids: Int32Array): tf.Tensor2D {
  return tf.tensor2d(ids, [ids.length, 1], 'int32');
}
