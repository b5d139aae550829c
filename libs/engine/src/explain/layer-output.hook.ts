import * as tf from '@tensorflow/tfjs';

type LayerCall = (
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
) => tf.Tensor | tf.Tensor[];

/**
 * Runs `run` with `layer`'s output replaced: `replace` gets what the layer would have been given and
 * returns what it should output instead. tfjs cannot differentiate with respect to an intermediate
 * tensor, only with respect to a function's argument; swapping the layer's `call` for one pass lets
 * `tf.grad` take the layer's output as that argument. Works for any topology (paths around the layer
 * still see their real values) and leaves the model's graph untouched — unlike re-applying the layers
 * after it to a new input, which would add nodes to every one of them. tfjs' inference executor
 * disposes each intermediate tensor once its last consumer ran: return a copy, never a tensor the
 * caller still needs.
 */
export function withLayerCall<T>(
  layer: tf.layers.Layer,
  replace: (
    original: LayerCall,
    inputs: tf.Tensor | tf.Tensor[],
    kwargs: Record<string, unknown>,
  ) => tf.Tensor,
  run: () => T,
): T {
  const target = layer as unknown as { call: LayerCall };
  const own = Object.getOwnPropertyDescriptor(target, 'call');
  const original = target.call.bind(layer);
  target.call = (inputs, kwargs) => replace(original, inputs, kwargs);
  try {
    return run();
  } finally {
    if (own) Object.defineProperty(target, 'call', own);
    else delete (target as Partial<{ call: LayerCall }>).call;
  }
}

export function findLayer(model: tf.LayersModel, layerName: string, caller: string): tf.layers.Layer {
  const layer = model.layers.find((candidate) => candidate.name === layerName);
  if (!layer) {
    const names = model.layers.map((candidate) => candidate.name).join(', ');
    throw new Error(`${caller}: model "${model.name}" has no layer "${layerName}"; its layers are ${names}`);
  }
  return layer;
}

/**
 * The logit of `classIndex` summed over the batch, as a scalar (models output `[batch, classes]`): its
 * gradient with respect to a batched input is each sample's own gradient.
 */
export function classLogitSum(logits: tf.Tensor, classIndex: number, caller: string): tf.Scalar {
  if (logits.rank !== 2)
    throw new Error(`${caller}: the model must output [batch, classes], got rank ${logits.rank}`);
  const classes = logits.shape[1] ?? 0;
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes)
    throw new Error(`${caller}: classIndex ${classIndex} is outside 0..${classes - 1}`);
  return tf.sum(tf.slice(logits, [0, classIndex], [logits.shape[0], 1]));
}

/** Index and (x, y) of the largest value of a row-major `width`-wide map. */
export function peakOf(map: Float32Array, width: number): { x: number; y: number } {
  let best = 0;
  for (let index = 1; index < map.length; index++) if (map[index] > map[best]) best = index;
  return { x: best % width, y: Math.floor(best / width) };
}

/** Scales non-negative values to 0..1 by their maximum (all zeros stay zeros). */
export function normalisedByMax(values: Float32Array): Float32Array {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  return max > 0 ? values.map((value) => value / max) : values;
}
