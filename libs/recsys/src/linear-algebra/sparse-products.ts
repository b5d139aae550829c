import type { InteractionMatrix } from '../matrix/interaction-matrix';

/** Gram matrix XᵀX (items × items, row-major Float64): G[a][b] = Σ_u x_ua·x_ub, Σ_u |row u|² work. */
export function itemGramMatrix(matrix: InteractionMatrix): Float64Array {
  const size = matrix.itemCount;
  const gram = new Float64Array(size * size);
  const { rowPointers, columnIndices, values } = matrix;
  for (let user = 0; user < matrix.userCount; user++) {
    const start = rowPointers[user];
    const end = rowPointers[user + 1];
    for (let a = start; a < end; a++) {
      const offset = columnIndices[a] * size;
      const value = values[a];
      for (let b = start; b < end; b++) gram[offset + columnIndices[b]] += value * values[b];
    }
  }
  return gram;
}

/**
 * Rows of X for the given users times a dense items × columns matrix (row-major Float32): each
 * user's scores are the weighted sum of the dense rows of the items in their history, so the work is
 * |history| × columns per user instead of items × columns as a dense product would be.
 */
export function userRowsTimesDense(
  matrix: InteractionMatrix,
  userIndices: readonly number[],
  dense: Float32Array,
  columns: number,
): Float32Array {
  const result = new Float32Array(userIndices.length * columns);
  userIndices.forEach((user, position) => {
    const offset = position * columns;
    for (let entry = matrix.rowPointers[user]; entry < matrix.rowPointers[user + 1]; entry++) {
      const source = matrix.columnIndices[entry] * columns;
      const value = matrix.values[entry];
      for (let column = 0; column < columns; column++)
        result[offset + column] += value * dense[source + column];
    }
  });
  return result;
}
