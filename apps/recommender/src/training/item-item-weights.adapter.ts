import type { InteractionMatrix, Recommender } from '@deepworks/recsys';
import {
  type SparseRows,
  sparseRowsFromMaps,
  sparseVectorTimesRows,
  transposeRows,
} from '../model/sparse-rows.matrix';

/** Training users whose scores are recomputed to check the extracted matrix. */
const CHECKED_USERS = 25;
const RELATIVE_TOLERANCE = 1e-3;

/**
 * The item × item matrix W of a linear item-based recommender (scores = x·W), read through the
 * public `similarItems` (asked for every item) and checked against `scoreUsers` for a sample of
 * training users. `similarItems(i)` is a row of W for EASE (what i adds to others) but a column for
 * item kNN (i's neighbours), so both orientations are tried and the one that reproduces the model's
 * own scores is kept; a model that is not such a map (latent factors) is refused by name.
 * (@deepworks/recsys has no accessor for the fitted weights; this adapter stands in for one.)
 */
export function itemItemWeights(model: Recommender, train: InteractionMatrix): SparseRows {
  const size = train.itemCount;
  const rows: Map<number, number>[] = [];
  for (let item = 0; item < size; item++) {
    rows.push(new Map(model.similarItems(item, size).map((entry) => [entry.itemIndex, entry.score])));
  }
  const asRows = sparseRowsFromMaps(rows, size);
  const candidates = [asRows, transposeRows(asRows)];
  const users = sampleUsers(train);
  const expected = model.scoreUsers(users);
  const match = candidates.find((weights) => reproduces(weights, train, users, expected));
  if (!match) {
    throw new Error(
      `${model.description} is not a linear item-item model: it cannot be served from its weights`,
    );
  }
  return match;
}

function sampleUsers(train: InteractionMatrix): number[] {
  const withHistory: number[] = [];
  for (let user = 0; user < train.userCount; user++) {
    if (train.rowPointers[user + 1] > train.rowPointers[user]) withHistory.push(user);
  }
  const stride = Math.max(1, Math.floor(withHistory.length / CHECKED_USERS));
  return withHistory.filter((_, position) => position % stride === 0).slice(0, CHECKED_USERS);
}

function reproduces(
  weights: SparseRows,
  train: InteractionMatrix,
  users: number[],
  expected: Float32Array,
): boolean {
  const size = train.itemCount;
  return users.every((user, row) => {
    const scores = sparseVectorTimesRows(
      { indices: train.userItems(user), values: train.userValues(user) },
      weights,
    );
    let largest = 0;
    for (let item = 0; item < size; item++)
      largest = Math.max(largest, Math.abs(expected[row * size + item]));
    for (let item = 0; item < size; item++) {
      if (Math.abs(scores[item] - expected[row * size + item]) > RELATIVE_TOLERANCE * (1 + largest))
        return false;
    }
    return true;
  });
}
