import { type tf } from '@deepworks/engine';

/**
 * The shape of a sequence layer's first input, whether it was given `x` alone or `[x, tokenIds]`
 * (tfjs hands `build` and `computeOutputShape` one shape or a list of them).
 */
export function sequenceShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[])[0] : (inputShape as tf.Shape);
}

/** The token ids given beside `x`, if any. */
export function splitSequenceInputs(inputs: tf.Tensor | tf.Tensor[]): [tf.Tensor, tf.Tensor | undefined] {
  return Array.isArray(inputs) ? [inputs[0], inputs[1]] : [inputs, undefined];
}
