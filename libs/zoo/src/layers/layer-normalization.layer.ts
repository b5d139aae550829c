import { tf } from '@deepworks/engine';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface LayerNormalizationArgs extends LayerArgs {
  /** Added to the variance; default 1e-3, as tfjs' own layer. */
  epsilon?: number;
}

/**
 * Layer normalisation over the last axis (Ba et al. 2016, eq. 4): (x − μ) / √(σ² + ε) · γ + β.
 * Same weights (`gamma`, `beta`) and result as `tf.layers.layerNormalization`, but written with
 * broadcasting ops, whose gradients are single reductions: tfjs' layer tiles γ and β to the input's
 * shape, and the gradient of that Tile is one Slice and one Add per repetition — 2 048 of each per
 * call on a [32, 64, 64] input, 3.4 s of a 6.3 s training step of the default transformer on wasm.
 */
export class LayerNormalization extends tf.layers.Layer {
  /** Prefixed: tfjs' own `LayerNormalization` keeps its name. */
  static readonly className = 'ZooLayerNormalization';
  readonly epsilon: number;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(this.epsilon > 0)) throw new Error(`LayerNormalization: epsilon must be > 0; got ${this.epsilon}`);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const dim = shape[shape.length - 1];
    if (dim === null) throw new Error('LayerNormalization needs a known size of the last axis');
    this.gamma = this.addWeight('gamma', [dim], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const { gamma, beta } = this;
    if (!gamma || !beta) throw new Error(`LayerNormalization "${this.name}" is used before it is built`);
    return tf.tidy(() => {
      const centered = tf.sub(x, tf.mean(x, -1, true));
      const variance = tf.mean(tf.square(centered), -1, true);
      const normalized = tf.mul(centered, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalized, gamma.read()), beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
