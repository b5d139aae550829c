import { tf } from '@deepworks/engine';
import { sequenceShape, splitSequenceInputs } from './sequence-input.shape';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Mean over the time axis of a [batch, length, dim] sequence: `[x, tokenIds]` averages only the
 * positions whose token id is not 0 (padding), so a short text is not diluted by its padding; `x`
 * alone averages all positions. A sequence of padding only pools to zeros. Output: [batch, dim].
 */
export class MaskedMeanPooling extends tf.layers.Layer {
  static readonly className = 'ZooMaskedMeanPooling';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = sequenceShape(inputShape);
    if (shape.length !== 3)
      throw new Error(`MaskedMeanPooling expects [batch, length, dim]; got [${shape.join(', ')}]`);
    return [shape[0], shape[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, tokenIds] = splitSequenceInputs(inputs);
      if (!tokenIds) return tf.mean(x, 1);
      const mask = tf.cast(tf.notEqual(tokenIds, 0), 'float32');
      const sum = tf.sum(tf.mul(x, tf.expandDims(mask, 2)), 1);
      const count = tf.maximum(tf.sum(mask, 1, true), 1);
      return tf.div(sum, count);
    });
  }
}
