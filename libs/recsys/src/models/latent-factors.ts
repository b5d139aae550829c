import type { SeededRandom } from '@deepworks/demo-data';
import { multiplyByTransposeWithEngine } from '../linear-algebra/engine-products';
import type { FittedFactors } from './fitted-weights';
import { type FitOptions, type Recommender, requireFitted, type ScoredItem } from './recommender';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import { topSimilar } from './similar-items';

/**
 * User and item factor matrices (row-major, `factors` wide) with optional item biases, and the ids
 * of their rows (the training matrix's index order).
 */
export interface LatentFactors {
  factors: number;
  users: Float32Array;
  items: Float32Array;
  itemBiases?: Float32Array;
  userIds: readonly string[];
  itemIds: readonly string[];
}

/** The public, copied form of a fitted model's factors (changing it does not change the model). */
export function copyFactors(model: LatentFactors): FittedFactors {
  return {
    dim: model.factors,
    userFactors: model.users.slice(),
    itemFactors: model.items.slice(),
    itemBiases: model.itemBiases ? model.itemBiases.slice() : null,
    userIds: [...model.userIds],
    itemIds: [...model.itemIds],
  };
}

/** Gaussian initial factors N(0, scale²), drawn from the seed. */
export function randomFactors(
  count: number,
  factors: number,
  scale: number,
  random: SeededRandom,
): Float64Array {
  const values = new Float64Array(count * factors);
  for (let index = 0; index < values.length; index++) values[index] = scale * random.gaussian();
  return values;
}

/** Scores = user factors · item factorsᵀ (+ item bias): one engine matmul for the whole batch. */
export function scoreWithFactors(model: LatentFactors, userIndices: readonly number[]): Float32Array {
  const { factors } = model;
  const itemCount = model.items.length / factors;
  const batch = new Float32Array(userIndices.length * factors);
  userIndices.forEach((user, row) =>
    batch.set(model.users.subarray(user * factors, (user + 1) * factors), row * factors),
  );
  const scores = multiplyByTransposeWithEngine(batch, userIndices.length, model.items, itemCount, factors);
  const biases = model.itemBiases;
  if (biases) {
    for (let row = 0; row < userIndices.length; row++) {
      for (let item = 0; item < itemCount; item++) scores[row * itemCount + item] += biases[item];
    }
  }
  return scores;
}

/** Items whose factor vectors have the highest cosine with this item's. */
export function similarByFactors(model: LatentFactors, itemIndex: number, k: number): ScoredItem[] {
  const { factors, items } = model;
  const itemCount = items.length / factors;
  const norms = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    let sum = 0;
    for (let k2 = 0; k2 < factors; k2++) sum += items[item * factors + k2] ** 2;
    norms[item] = Math.sqrt(sum) || 1;
  }
  const cosines = new Float32Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    let sum = 0;
    for (let dimension = 0; dimension < factors; dimension++) {
      sum += items[itemIndex * factors + dimension] * items[item * factors + dimension];
    }
    cosines[item] = sum / (norms[itemIndex] * norms[item]);
  }
  return topSimilar(cosines, itemIndex, k);
}

/**
 * What every factor model serves the same way once fitted: scores by one matmul, similar items by
 * cosine, and its factors for a server to store. Subclasses fit and set `fitted`.
 */
export abstract class LatentFactorRecommender implements Recommender {
  abstract readonly description: string;
  protected fitted?: LatentFactors;

  abstract fit(train: InteractionMatrix, options?: FitOptions): Promise<void>;

  scoreUsers(userIndices: readonly number[]): Float32Array {
    return scoreWithFactors(requireFitted(this.fitted, this.description), userIndices);
  }

  similarItems(itemIndex: number, k: number): ScoredItem[] {
    return similarByFactors(requireFitted(this.fitted, this.description), itemIndex, k);
  }

  /** The fitted factors (copies), whose products reproduce `scoreUsers`: what a server stores. */
  factors(): FittedFactors {
    return copyFactors(requireFitted(this.fitted, this.description));
  }
}
