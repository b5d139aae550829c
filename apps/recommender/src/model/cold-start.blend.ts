import { topKRows } from '@deepworks/recsys';
import type { ItemTextIndex } from './item-text.index';
import type { LatentFactors } from './recommendation.model';
import {
  addScaledRows,
  rowOf,
  type SparseRows,
  sparseRowsFromMaps,
  sparseVectorTimesRows,
} from './sparse-rows.matrix';

export interface ColdStartOptions {
  /** Text neighbours kept per target item. */
  neighbours?: number;
  /**
   * Users an item needs for its score to be half collaborative, half text: an item with n users
   * takes the text component with weight h / (h + n), so a new item is all text and a well-bought
   * one almost all behaviour.
   */
  halfWeightUsers?: number;
  /** Text scores are scaled so that a user's k-th best text score matches their k-th best model score. */
  calibrationRank?: number;
  /** Training users sampled for that calibration (every one when fewer). */
  calibrationUsers?: number;
}

export const DEFAULT_COLD_START: Required<ColdStartOptions> = {
  neighbours: 20,
  halfWeightUsers: 3,
  calibrationRank: 3,
  calibrationUsers: 200,
};

export interface ColdStartBlend {
  /** W + scale·S: the model's item-item weights with the text component folded in. */
  weights: SparseRows;
  /** The calibration factor applied to text cosines. */
  scale: number;
  /** How many (history item, target item) text links were added. */
  textLinks: number;
}

/**
 * Folds item-text similarity into an item-item weight matrix, for items with few or no events (cold
 * start). S[j, i] = w_i · cos(text_j, text_i) over the `neighbours` items j textually closest to
 * target i, with w_i = h / (h + users_i); then W' = W + c·S, where c puts text scores on the model's
 * scale (the median over training users of the ratio of their k-th best model score to their k-th best
 * text score, computed with w = 1). A user's score for a new item is then "how much of my history
 * reads like it", in the same units as the model's scores, and the explanation (the largest x_j·W'[j,i])
 * names the history item whose text it matches. Still one matrix: serving stays one product.
 */
export function blendTextIntoWeights(
  weights: SparseRows,
  histories: SparseRows,
  text: ItemTextIndex,
  popularity: Float32Array,
  options: ColdStartOptions = {},
): ColdStartBlend {
  const settings = { ...DEFAULT_COLD_START, ...options };
  const itemCount = weights.rowCount;
  if (text.itemCount !== itemCount || popularity.length !== itemCount) {
    throw new RangeError('weights, text and popularity must cover the same items');
  }
  const plain: Map<number, number>[] = Array.from({ length: itemCount }, () => new Map());
  const damped: Map<number, number>[] = Array.from({ length: itemCount }, () => new Map());
  let textLinks = 0;
  for (let target = 0; target < itemCount; target++) {
    const cosines = text.similarities(target);
    const [closest] = topKRows(cosines, 1, itemCount, settings.neighbours, [[target]]);
    const share = settings.halfWeightUsers / (settings.halfWeightUsers + popularity[target]);
    for (const source of closest) {
      if (!(cosines[source] > 0)) continue;
      plain[source].set(target, cosines[source]);
      damped[source].set(target, share * cosines[source]);
      textLinks++;
    }
  }
  const plainText = sparseRowsFromMaps(plain, itemCount);
  const scale = calibrate(weights, plainText, histories, settings);
  return { weights: addScaledRows(weights, sparseRowsFromMaps(damped, itemCount), scale), scale, textLinks };
}

function calibrate(
  weights: SparseRows,
  textWeights: SparseRows,
  histories: SparseRows,
  settings: Required<ColdStartOptions>,
): number {
  const users = histories.rowCount;
  const stride = Math.max(1, Math.floor(users / settings.calibrationUsers));
  const ratios: number[] = [];
  for (let user = 0; user < users; user += stride) {
    const history = rowOf(histories, user);
    if (history.indices.length === 0) continue;
    const modelScore = kthLargest(sparseVectorTimesRows(history, weights), settings.calibrationRank);
    const textScore = kthLargest(sparseVectorTimesRows(history, textWeights), settings.calibrationRank);
    if (modelScore > 0 && textScore > 0) ratios.push(modelScore / textScore);
  }
  if (ratios.length === 0) return 1;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

function kthLargest(values: Float32Array, k: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.max(0, sorted.length - k)] ?? 0;
}

/**
 * The same idea for a factors model, where there is no W to add to: an item's vector (and bias)
 * becomes (1 − w_i)·own + w_i·(the cosine-weighted mean over its `neighbours` textually closest items
 * that have users), w_i = h / (h + users_i). A new item thus sits among the items it reads like, in
 * the factor space the users' vectors were fitted to.
 */
export function imputeFactorsFromText(
  factors: LatentFactors,
  text: ItemTextIndex,
  popularity: Float32Array,
  options: ColdStartOptions = {},
): LatentFactors {
  const settings = { ...DEFAULT_COLD_START, ...options };
  const { dimension } = factors;
  const itemCount = popularity.length;
  const itemFactors = factors.itemFactors.slice();
  const itemBiases = factors.itemBiases.slice();
  for (let target = 0; target < itemCount; target++) {
    const share = settings.halfWeightUsers / (settings.halfWeightUsers + popularity[target]);
    if (share < 1e-3) continue;
    const cosines = text.similarities(target);
    for (let item = 0; item < itemCount; item++) if (!(popularity[item] > 0)) cosines[item] = -Infinity;
    const [closest] = topKRows(cosines, 1, itemCount, settings.neighbours, [[target]]);
    const kept = Array.from(closest).filter((item) => cosines[item] > 0);
    const total = kept.reduce((sum, item) => sum + cosines[item], 0);
    if (total === 0) continue;
    const offset = target * dimension;
    for (let k = 0; k < dimension; k++) itemFactors[offset + k] *= 1 - share;
    itemBiases[target] *= 1 - share;
    for (const item of kept) {
      const weight = (share * cosines[item]) / total;
      for (let k = 0; k < dimension; k++)
        itemFactors[offset + k] += weight * factors.itemFactors[item * dimension + k];
      itemBiases[target] += weight * factors.itemBiases[item];
    }
  }
  return { ...factors, itemFactors, itemBiases };
}
