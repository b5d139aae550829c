/** A sparse row: `indices` strictly increasing, `values[k]` the value at column `indices[k]`. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Rows stacked in compressed-sparse-row form (row r spans `rowStart[r]` … `rowStart[r + 1]`), so the training
 * loops walk two flat typed arrays instead of thousands of small objects.
 */
export interface SparseRowMatrix {
  rows: number;
  columns: number;
  rowStart: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export function stackSparseRows(vectors: readonly SparseVector[], columns: number): SparseRowMatrix {
  const rowStart = new Int32Array(vectors.length + 1);
  for (let row = 0; row < vectors.length; row++) {
    rowStart[row + 1] = rowStart[row] + vectors[row].indices.length;
  }
  const indices = new Int32Array(rowStart[vectors.length]);
  const values = new Float32Array(rowStart[vectors.length]);
  vectors.forEach((vector, row) => {
    indices.set(vector.indices, rowStart[row]);
    values.set(vector.values, rowStart[row]);
  });
  return { rows: vectors.length, columns, rowStart, indices, values };
}
