import * as tf from '@tensorflow/tfjs';
import { classLogitSum, findLayer, withLayerCall } from './layer-output.hook';

export type TokenAttributionMethod = 'occlusion' | 'integrated-gradients';

export interface TokenAttributionOptions {
  /** The class explained; the predicted one when absent. */
  classIndex?: number;
  /** What a token is replaced by (occlusion) or starts from (integrated gradients); default 0 (padding). */
  baselineTokenId?: number;
  /** Default occlusion. */
  method?: TokenAttributionMethod;
  /** Integrated gradients: the embedding layer to interpolate in; the model's first Embedding by default. */
  embeddingLayerName?: string;
  /** Integrated gradients: Riemann steps along the path; default 32. */
  steps?: number;
}

export interface TokenAttribution {
  /** One score per token, in logit units: how much the token raises the class logit. */
  scores: number[];
  classIndex: number;
  /** The class logit for the tokens and for the all-baseline sequence. */
  logit: number;
  baselineLogit: number;
}

const METHODS: readonly TokenAttributionMethod[] = ['occlusion', 'integrated-gradients'];

/**
 * Per-token attributions for a model over token ids (`[1, length]` in, `[1, classes]` logits out).
 * Occlusion (Zeiler & Fergus 2014, for tokens): the logit drop when that one token becomes the baseline
 * — every variant in one batch, model-agnostic. Integrated gradients (Sundararajan et al. 2017, eq. 3)
 * in embedding space, from the all-baseline sequence to the input: the scores sum to logit −
 * baselineLogit (completeness) up to the Riemann error.
 */
export function tokenAttributions(
  model: tf.LayersModel,
  tokenIds: number[],
  options: TokenAttributionOptions = {},
): TokenAttribution {
  const method = options.method ?? 'occlusion';
  if (!METHODS.includes(method))
    throw new Error(`tokenAttributions: method must be one of ${METHODS.join(', ')}, got ${String(method)}`);
  if (tokenIds.length === 0) throw new Error('tokenAttributions: no tokens');
  const baselineTokenId = options.baselineTokenId ?? 0;
  const length = tokenIds.length;
  const baselineIds = new Array<number>(length).fill(baselineTokenId);
  const logitsOf = (rows: number[][]) =>
    model.apply(tf.tensor2d(rows, [rows.length, length], 'int32'), { training: false }) as tf.Tensor;

  return tf.tidy(() => {
    const ends = logitsOf([tokenIds, baselineIds]);
    const classIndex = options.classIndex ?? tf.argMax(ends.slice([0, 0], [1, -1]), -1).dataSync()[0];
    const classes = ends.shape[1] ?? 0;
    if (ends.rank !== 2 || !Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes)
      throw new Error(`tokenAttributions: classIndex ${classIndex} is outside the model's ${classes} logits`);
    const [logit, baselineLogit] = Array.from(tf.slice(ends, [0, classIndex], [2, 1]).dataSync());
    if (method === 'occlusion') {
      const variants = tokenIds.map((_, position) =>
        tokenIds.map((token, other) => (other === position ? baselineTokenId : token)),
      );
      const occluded = tf.slice(logitsOf(variants), [0, classIndex], [length, 1]).dataSync();
      return { scores: Array.from(occluded, (value) => logit - value), classIndex, logit, baselineLogit };
    }
    return {
      scores: integratedGradients(model, tokenIds, baselineIds, classIndex, options),
      classIndex,
      logit,
      baselineLogit,
    };
  });
}

function integratedGradients(
  model: tf.LayersModel,
  tokenIds: number[],
  baselineIds: number[],
  classIndex: number,
  options: TokenAttributionOptions,
): number[] {
  const steps = options.steps ?? 32;
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`tokenAttributions: steps must be a positive integer`);
  const embedding = options.embeddingLayerName
    ? findLayer(model, options.embeddingLayerName, 'tokenAttributions')
    : model.layers.find((layer) => layer.getClassName() === 'Embedding');
  if (!embedding)
    throw new Error('tokenAttributions: integrated gradients needs an Embedding layer; name one');
  const length = tokenIds.length;
  const ends = embedding.apply(tf.tensor2d([tokenIds, baselineIds], [2, length], 'int32')) as tf.Tensor;
  const [input, baseline] = tf.split(ends, 2);
  // Midpoints α = (k + ½) / steps of the straight path baseline → input.
  const alphas = tf
    .tensor1d(Array.from({ length: steps }, (_, step) => (step + 0.5) / steps))
    .reshape([steps, 1, 1]);
  const path = tf.add(baseline, tf.mul(alphas, tf.sub(input, baseline)));
  const batch = tf.tensor2d(new Array<number[]>(steps).fill(tokenIds), [steps, length], 'int32');
  const gradients = tf.grad((embedded: tf.Tensor) =>
    withLayerCall(
      embedding,
      () => embedded.clone(),
      () =>
        classLogitSum(model.apply(batch, { training: false }) as tf.Tensor, classIndex, 'tokenAttributions'),
    ),
  )(path);
  // IG_i = Σ_d (x − x')_id · mean over the path of ∂F/∂x_id.
  const scores = tf.sum(tf.mul(tf.sub(input, baseline), tf.mean(gradients, 0, true)), [0, 2]);
  return Array.from(scores.dataSync());
}
