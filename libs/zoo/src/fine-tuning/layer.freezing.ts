import type { tf } from '@deepworks/engine';

/**
 * `{ all: true }`: every layer. `{ firstBlocks: n }`: the layers up to the end of the n-th block, the
 * stem before it included. A block is the run of layers whose names start with `blockPrefix` and the
 * same number (`block1_conv`, `block1_bn`, … with prefix `block`); without a prefix, every layer that
 * holds weights is a block of its own.
 */
export type FreezeSpec = { all: true } | { firstBlocks: number; blockPrefix?: string };

export interface ParameterCounts {
  /** Numbers updated by gradient descent now. */
  trainable: number;
  /** The rest: weights of frozen layers, and batch-norm moving statistics (never trained by gradients). */
  frozen: number;
  total: number;
}

/** Marks the chosen layers untrainable; returns their names. The next `trainModel` call leaves them be. */
export function freeze(model: tf.LayersModel, spec: FreezeSpec): string[] {
  const layers = layersToFreeze(model, spec);
  for (const layer of layers) layer.trainable = false;
  return layers.map((layer) => layer.name);
}

/** Makes every layer of `model` trainable again (batch-norm moving statistics stay statistics). */
export function unfreeze(model: tf.LayersModel): void {
  model.trainable = true;
  for (const layer of model.layers) layer.trainable = true;
}

export function parameterCounts(model: tf.LayersModel): ParameterCounts {
  const size = (weights: { shape: (number | null)[] }[]) =>
    weights.reduce(
      (sum, weight) => sum + weight.shape.reduce<number>((product, dim) => product * (dim ?? 1), 1),
      0,
    );
  const trainable = size(model.trainableWeights);
  const total = size(model.weights);
  return { trainable, frozen: total - trainable, total };
}

function layersToFreeze(model: tf.LayersModel, spec: FreezeSpec): tf.layers.Layer[] {
  if ('all' in spec) {
    if (spec.all !== true) throw new Error('freeze: { all } must be true');
    return [...model.layers];
  }
  const { firstBlocks, blockPrefix } = spec;
  if (!Number.isInteger(firstBlocks) || firstBlocks < 0)
    throw new Error(`freeze: firstBlocks must be a non-negative integer, got ${firstBlocks}`);
  if (firstBlocks === 0) return [];
  const blockOf = (layer: tf.layers.Layer): string | undefined => {
    if (blockPrefix === undefined) return layer.weights.length > 0 ? layer.name : undefined;
    const match = new RegExp(`^${escapeRegExp(blockPrefix)}(\\d+)`).exec(layer.name);
    return match?.[1];
  };
  const seen: string[] = [];
  let lastIndex = -1;
  model.layers.forEach((layer, index) => {
    const block = blockOf(layer);
    if (block === undefined) return;
    if (!seen.includes(block)) seen.push(block);
    if (seen.indexOf(block) < firstBlocks) lastIndex = index;
  });
  if (seen.length < firstBlocks) {
    const what = blockPrefix === undefined ? 'layers with weights' : `blocks named ${blockPrefix}<n>`;
    throw new Error(`freeze: asked for ${firstBlocks} blocks but the model has ${seen.length} ${what}`);
  }
  return model.layers.slice(0, lastIndex + 1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
