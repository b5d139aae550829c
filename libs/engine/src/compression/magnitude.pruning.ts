import * as tf from '@tensorflow/tfjs';
import { type TrainingData, type TrainOptions, type TrainResult, trainModel } from '../training/trainer';

export interface PruningOptions {
  /** Share of each pruned tensor's (or of all, with `scope: 'global'`) weights set to zero, in [0, 1). */
  sparsity: number;
  /** One threshold per kernel (default) or one over all kernels together (small layers may lose more). */
  scope?: 'per-layer' | 'global';
}

export interface PruningMask {
  /** The weight's name in the model (`conv1/kernel`: tfjs' originalName, without uniquifying suffixes). */
  name: string;
  shape: number[];
  /** 1 = kept, 0 = pruned, in the weight's row-major order. */
  keep: Uint8Array;
}

export interface PruningResult {
  masks: PruningMask[];
  /** Zeros among the pruned kernels' weights now. */
  sparsity: number;
  prunedWeights: number;
  kernelWeights: number;
}

const PRUNING_OPTIONS = ['sparsity', 'scope'];

/**
 * Magnitude pruning (Han et al. 2015, "Learning both weights and connections"): the smallest-|w|
 * weights of every kernel (dense, convolution, depthwise/pointwise, recurrent) are set to zero;
 * biases, batch-norm parameters and embeddings are left alone. Exactly ⌊sparsity · n⌉ weights per
 * kernel (or overall) go, ties broken by position. Returns the masks that `fineTunePruned` keeps
 * applying.
 */
export function magnitudePrune(model: tf.LayersModel, options: PruningOptions): PruningResult {
  const unknown = Object.keys(options).filter((key) => !PRUNING_OPTIONS.includes(key));
  if (unknown.length > 0)
    throw new Error(
      `magnitudePrune: unknown option ${unknown.join(', ')}; allowed: ${PRUNING_OPTIONS.join(', ')}`,
    );
  const { sparsity } = options;
  const scope = options.scope ?? 'per-layer';
  if (!(sparsity >= 0 && sparsity < 1))
    throw new Error(`magnitudePrune: sparsity must be in [0, 1), got ${sparsity}`);
  if (scope !== 'per-layer' && scope !== 'global')
    throw new Error(`magnitudePrune: scope must be per-layer or global, got ${String(scope)}`);
  const kernels = model.weights.filter((weight) => isKernel(weight.originalName));
  if (kernels.length === 0) throw new Error(`magnitudePrune: model "${model.name}" has no kernel weights`);
  const values = kernels.map((weight) => weight.read().dataSync() as Float32Array);
  const masks = kernels.map((weight, index) => ({
    name: weight.originalName,
    shape: weight.shape as number[],
    keep: new Uint8Array(values[index].length).fill(1),
  }));
  if (scope === 'per-layer') {
    values.forEach((tensorValues, index) =>
      pruneSmallest([{ values: tensorValues, keep: masks[index].keep }], sparsity),
    );
  } else {
    pruneSmallest(
      values.map((tensorValues, index) => ({ values: tensorValues, keep: masks[index].keep })),
      sparsity,
    );
  }
  applyPruningMasks(model, masks);
  const kernelWeights = masks.reduce((sum, mask) => sum + mask.keep.length, 0);
  const prunedWeights = masks.reduce((sum, mask) => sum + mask.keep.filter((kept) => kept === 0).length, 0);
  return {
    masks,
    sparsity: kernelWeights === 0 ? 0 : prunedWeights / kernelWeights,
    prunedWeights,
    kernelWeights,
  };
}

/** Multiplies each masked weight of `model` by its mask (pruned weights back to exactly 0). */
export function applyPruningMasks(model: tf.LayersModel, masks: PruningMask[]): void {
  const byName = new Map(model.weights.map((weight) => [weight.originalName, weight]));
  for (const mask of masks) {
    const weight = byName.get(mask.name);
    if (!weight) throw new Error(`applyPruningMasks: model "${model.name}" has no weight ${mask.name}`);
    tf.tidy(() => {
      weight.write(tf.mul(weight.read(), tf.tensor(mask.keep, mask.shape, 'float32')));
    });
  }
}

/**
 * Retrains a pruned model with `trainModel`, putting the pruned weights back to zero after every epoch
 * (its `onEpochEnd` hook; within an epoch they may drift, which the next re-masking undoes) and once
 * more at the end, so the returned model is exactly as sparse as the masks say — also when early
 * stopping restored an earlier epoch's weights.
 */
export async function fineTunePruned(
  model: tf.LayersModel,
  data: TrainingData,
  masks: PruningMask[],
  options: TrainOptions,
): Promise<TrainResult> {
  const userCallback = options.callbacks?.onEpochEnd;
  const result = await trainModel(model, data, {
    ...options,
    callbacks: {
      onEpochEnd: async (record) => {
        applyPruningMasks(model, masks);
        return userCallback?.(record);
      },
    },
  });
  applyPruningMasks(model, masks);
  return result;
}

/** Zeros among the kernel weights of `model` (what pruning leaves, or what fine-tuning kept). */
export function kernelSparsity(model: tf.LayersModel): number {
  let zeros = 0;
  let total = 0;
  for (const weight of model.weights) {
    if (!isKernel(weight.originalName)) continue;
    const values = weight.read().dataSync();
    total += values.length;
    for (const value of values) if (value === 0) zeros++;
  }
  return total === 0 ? 0 : zeros / total;
}

function isKernel(weightName: string): boolean {
  const last = weightName.split('/').pop() ?? '';
  return last === 'kernel' || last.endsWith('_kernel');
}

/** Zeroes the ⌊share · n⌉ smallest |w| across `tensors` (stable: equal magnitudes go in order). */
function pruneSmallest(tensors: { values: Float32Array; keep: Uint8Array }[], share: number): void {
  const entries: { tensor: number; index: number; magnitude: number }[] = [];
  tensors.forEach((tensor, tensorIndex) =>
    tensor.values.forEach((value, index) =>
      entries.push({ tensor: tensorIndex, index, magnitude: Math.abs(value) }),
    ),
  );
  const count = Math.round(share * entries.length);
  entries.sort((a, b) => a.magnitude - b.magnitude);
  for (let rank = 0; rank < count; rank++) tensors[entries[rank].tensor].keep[entries[rank].index] = 0;
}
