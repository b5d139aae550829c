import {
  BprMfRecommender,
  EaseRecommender,
  ImplicitAlsRecommender,
  type InteractionMatrix,
  ItemKnnRecommender,
  type Recommender,
  TwoTowerRecommender,
} from '@deepworks/recsys';
import type { LatentFactors } from '../model/recommendation.model';
import type { SparseRows } from '../model/sparse-rows.matrix';

/** What the API serves a fitted `@deepworks/recsys` model from. */
export type ServedParameters =
  | { kind: 'item-item'; weights: SparseRows }
  | { kind: 'factors'; factors: LatentFactors };

/**
 * Reads a fitted recsys model through its accessors: EASE's dense B (`itemWeights`) and item kNN's
 * sparse neighbour matrix (`neighbourWeights`) become the item × item W of scores = x·W; ALS,
 * BPR-MF and the two-tower (`factors`) become factor matrices (scores = Q·p_u + b, b = 0 for ALS). Both reproduce the
 * model's own `scoreUsers` (recsys-model.adapter.spec.ts). A model with none of
 * these (popularity) has nothing to read: the caller serves popularity itself.
 */
export function servedParameters(model: Recommender, train: InteractionMatrix): ServedParameters {
  if (model instanceof EaseRecommender) {
    return { kind: 'item-item', weights: denseToRows(model.itemWeights(), train.itemCount) };
  }
  if (model instanceof ItemKnnRecommender) {
    const weights = model.neighbourWeights();
    return {
      kind: 'item-item',
      weights: {
        rowCount: weights.itemCount,
        columnCount: weights.itemCount,
        pointers: weights.rowPointers,
        indices: weights.columnIndices,
        values: weights.values,
      },
    };
  }
  if (
    model instanceof ImplicitAlsRecommender ||
    model instanceof BprMfRecommender ||
    model instanceof TwoTowerRecommender
  ) {
    const fitted = model.factors();
    if (!sameIds(fitted.userIds, train.userIds) || !sameIds(fitted.itemIds, train.itemIds)) {
      throw new Error(`${model.description} was fitted on other users or items than this training matrix`);
    }
    return {
      kind: 'factors',
      factors: {
        dimension: fitted.dim,
        userFactors: fitted.userFactors,
        itemFactors: fitted.itemFactors,
        itemBiases: fitted.itemBiases ?? new Float32Array(train.itemCount),
      },
    };
  }
  throw new Error(`${model.description} exposes neither item-item weights nor factors: it cannot be served`);
}

/**
 * A dense row-major n × n matrix as compressed rows, zeros dropped (EASE's diagonal): two passes over
 * typed arrays, no per-entry objects (at 3,700 items B has 13.7 M entries).
 */
export function denseToRows(dense: Float32Array, size: number): SparseRows {
  const pointers = new Int32Array(size + 1);
  for (let row = 0; row < size; row++) {
    let kept = 0;
    const offset = row * size;
    for (let column = 0; column < size; column++) if (dense[offset + column] !== 0) kept++;
    pointers[row + 1] = pointers[row] + kept;
  }
  const indices = new Int32Array(pointers[size]);
  const values = new Float32Array(pointers[size]);
  let cursor = 0;
  for (let row = 0; row < size; row++) {
    const offset = row * size;
    for (let column = 0; column < size; column++) {
      const value = dense[offset + column];
      if (value !== 0) {
        indices[cursor] = column;
        values[cursor++] = value;
      }
    }
  }
  return { rowCount: size, columnCount: size, pointers, indices, values };
}

function sameIds(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((id, index) => id === right[index]);
}
