import { tf, trainModel } from '@deepworks/engine';
import { type InteractionMatrix, samplePairsWithNegatives } from '@deepworks/recsys';
import { matrixFactorization } from '@deepworks/zoo';
import type { LatentFactors } from '../model/recommendation.model';

export interface NeuralMfOptions {
  dim: number;
  epochs: number;
  /** Unobserved items sampled per observed pair, each epoch's data drawn once. */
  negatives: number;
  learningRate: number;
  batchSize?: number;
  seed: number;
  signal?: AbortSignal;
}

export const NEURAL_MF_PARAMETERS = ['dim', 'epochs', 'negatives', 'learningRate'] as const;

export const DEFAULT_NEURAL_MF: Omit<NeuralMfOptions, 'seed' | 'signal'> = {
  dim: 32,
  epochs: 15,
  negatives: 4,
  learningRate: 0.01,
};

/**
 * Matrix factorisation trained as a classifier of observed vs sampled pairs (the log loss with
 * negative sampling of He et al. 2017, "Neural Collaborative Filtering", §3.1.1, 4 negatives per
 * positive) on the zoo's `matrixFactorization` (logit = p_u·q_i + b_u + b_i) with the engine's
 * training loop. The user bias does not change a user's ranking, so only p, q and b_i are kept.
 * (@deepworks/recsys' own `mf` is implicit ALS, whose factors it does not expose.)
 */
export async function fitNeuralMf(
  train: InteractionMatrix,
  options: NeuralMfOptions,
): Promise<LatentFactors> {
  const { users, items, labels } = samplePairsWithNegatives(train, options.negatives, options.seed);
  const samples = labels.length;
  const model = matrixFactorization({
    users: train.userCount,
    items: train.itemCount,
    dim: options.dim,
    biases: true,
    seed: options.seed,
  });
  const x = [tf.tensor2d(users, [samples, 1], 'int32'), tf.tensor2d(items, [samples, 1], 'int32')];
  const y = tf.tensor2d(labels, [samples, 1]);
  try {
    await trainModel(
      model,
      { x, y },
      {
        epochs: options.epochs,
        batchSize: options.batchSize ?? 256,
        loss: 'sigmoidCrossEntropy',
        seed: options.seed,
        optimizer: 'adam',
        learningRate: { kind: 'constant', rate: options.learningRate },
        progress: false,
        signal: options.signal,
      },
    );
    const weightsOf = (layer: string) => model.getLayer(layer).getWeights()[0].dataSync() as Float32Array;
    return {
      dimension: options.dim,
      userFactors: Float32Array.from(weightsOf('user_embedding')),
      itemFactors: Float32Array.from(weightsOf('item_embedding')),
      itemBiases: Float32Array.from(weightsOf('item_bias')),
    };
  } finally {
    x.forEach((tensor) => tensor.dispose());
    y.dispose();
    model.dispose();
  }
}
