/**
 * An item × item weight matrix W in compressed sparse rows, oriented for scoring: row j lists the
 * targets i that history item j adds to, so a user's scores are x·W (the rows of their history
 * items, weighted and summed). `rowPointers[j] .. rowPointers[j + 1]` index row j's columns
 * (ascending) and values; indices are those of the `InteractionMatrix` the model was fitted on.
 */
export interface SparseItemWeights {
  itemCount: number;
  rowPointers: Int32Array;
  columnIndices: Int32Array;
  values: Float32Array;
}

/**
 * The fitted factors of a latent-factor model: score(u, i) = userFactors[u]·itemFactors[i] +
 * itemBiases[i] (no bias term when `itemBiases` is null). Both matrices are row-major and `dim`
 * wide; row r is `userIds[r]` / `itemIds[r]`, the index order of the training matrix.
 */
export interface FittedFactors {
  dim: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  itemBiases: Float32Array | null;
  userIds: readonly string[];
  itemIds: readonly string[];
}
