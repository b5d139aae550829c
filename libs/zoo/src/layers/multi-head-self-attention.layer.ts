import { tf } from '@deepworks/engine';
import { sequenceShape, splitSequenceInputs } from './sequence-input.shape';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  heads: number;
  /** Width of each head's queries, keys and values; the model width divided by `heads` as a rule. */
  keyDim: number;
  /** Seed of the projection initialisers; tfjs' unseeded default when absent. */
  seed?: number;
}

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al. 2017, §3.2.2), which tfjs' public
 * Layers API lacks. Input `x` of shape [batch, length, modelDim], or `[x, tokenIds]` where token id 0
 * is padding: padded positions then receive no attention (their scores get −1e9 before the softmax).
 * Output: [batch, length, modelDim]. Built from MatMul, Transpose, Reshape and Softmax only, which
 * tfjs' wasm backend has (it has no Einsum).
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  /** Prefixed: tfjs registers an internal `MultiHeadAttention` of its own. */
  static readonly className = 'ZooMultiHeadSelfAttention';
  readonly heads: number;
  readonly keyDim: number;
  readonly seed?: number;
  private queryKernel?: tf.LayerVariable;
  private queryBias?: tf.LayerVariable;
  private keyKernel?: tf.LayerVariable;
  private keyBias?: tf.LayerVariable;
  private valueKernel?: tf.LayerVariable;
  private valueBias?: tf.LayerVariable;
  private outputKernel?: tf.LayerVariable;
  private outputBias?: tf.LayerVariable;

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    for (const [key, value] of [
      ['heads', args.heads],
      ['keyDim', args.keyDim],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new Error(`MultiHeadSelfAttention: ${key} must be an integer ≥ 1; got ${String(value)}`);
    }
    this.heads = args.heads;
    this.keyDim = args.keyDim;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = sequenceShape(inputShape);
    const modelDim = shape[2];
    if (shape.length !== 3 || modelDim === null)
      throw new Error(`MultiHeadSelfAttention expects [batch, length, modelDim]; got [${shape.join(', ')}]`);
    const projected = this.heads * this.keyDim;
    let offset = 0;
    const kernel = (name: string, shape: number[]) =>
      this.addWeight(
        name,
        shape,
        'float32',
        tf.initializers.glorotUniform({ seed: this.nextSeed(offset++) }),
      );
    const bias = (name: string, size: number) =>
      this.addWeight(name, [size], 'float32', tf.initializers.zeros());
    this.queryKernel = kernel('query_kernel', [modelDim, projected]);
    this.queryBias = bias('query_bias', projected);
    this.keyKernel = kernel('key_kernel', [modelDim, projected]);
    this.keyBias = bias('key_bias', projected);
    this.valueKernel = kernel('value_kernel', [modelDim, projected]);
    this.valueBias = bias('value_bias', projected);
    this.outputKernel = kernel('output_kernel', [projected, modelDim]);
    this.outputBias = bias('output_bias', modelDim);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return sequenceShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, tokenIds] = splitSequenceInputs(inputs);
      const [batch, length, modelDim] = x.shape;
      const { heads, keyDim } = this;
      const rows = tf.reshape(x, [batch * length, modelDim]);
      // [batch·length, heads·keyDim] → [batch, heads, length, keyDim]: one attention problem per head.
      const perHead = (kernel: tf.LayerVariable, bias: tf.LayerVariable) =>
        tf.transpose(
          tf.reshape(tf.add(tf.matMul(rows, kernel.read()), bias.read()), [batch, length, heads, keyDim]),
          [0, 2, 1, 3],
        );
      const queries = perHead(this.weight(this.queryKernel), this.weight(this.queryBias));
      const keys = perHead(this.weight(this.keyKernel), this.weight(this.keyBias));
      const values = perHead(this.weight(this.valueKernel), this.weight(this.valueBias));
      // softmax(QKᵀ / √d_k) V, Vaswani et al. 2017, eq. 1.
      let scores = tf.mul(tf.matMul(queries, keys, false, true), 1 / Math.sqrt(keyDim));
      if (tokenIds) {
        const padding = tf.reshape(tf.cast(tf.equal(tokenIds, 0), 'float32'), [batch, 1, 1, length]);
        scores = tf.add(scores, tf.mul(padding, -1e9));
      }
      const context = tf.matMul(tf.softmax(scores), values);
      const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch * length, heads * keyDim]);
      const projected = tf.add(
        tf.matMul(merged, this.weight(this.outputKernel).read()),
        this.weight(this.outputBias).read(),
      );
      return tf.reshape(projected, [batch, length, modelDim]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      heads: this.heads,
      keyDim: this.keyDim,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return config;
  }

  private nextSeed(offset: number): number | undefined {
    return this.seed === undefined ? undefined : this.seed + offset;
  }

  private weight(variable: tf.LayerVariable | undefined): tf.LayerVariable {
    if (!variable) throw new Error(`MultiHeadSelfAttention "${this.name}" is used before it is built`);
    return variable;
  }
}
