import { tf } from '@deepworks/engine';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface PositionEmbeddingArgs extends LayerArgs {
  /** Seed of the initialiser; tfjs' unseeded default when absent. */
  seed?: number;
}

/**
 * Adds a learned vector per position to a [batch, length, dim] sequence (BERT, Devlin et al. 2019,
 * §3; learned rather than sinusoidal, Vaswani et al. 2017 §3.5 found both equal). The sequence length
 * is fixed by the input shape at build time.
 */
export class PositionEmbedding extends tf.layers.Layer {
  /** Prefixed: tfjs registers an internal `PositionEmbedding` of its own. */
  static readonly className = 'ZooPositionEmbedding';
  readonly seed?: number;
  private positions?: tf.LayerVariable;

  constructor(args: PositionEmbeddingArgs = {}) {
    super(args);
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const [, length, dim] = shape;
    if (shape.length !== 3 || length === null || dim === null)
      throw new Error(
        `PositionEmbedding expects [batch, length, dim] with a fixed length; got [${shape.join(', ')}]`,
      );
    // BERT's initialiser: N(0, 0.02²).
    this.positions = this.addWeight(
      'embeddings',
      [length, dim],
      'float32',
      tf.initializers.truncatedNormal({ stddev: 0.02, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!this.positions) throw new Error(`PositionEmbedding "${this.name}" is used before it is built`);
    return tf.add(x, this.positions.read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config = super.getConfig();
    return this.seed === undefined ? config : { ...config, seed: this.seed };
  }
}
