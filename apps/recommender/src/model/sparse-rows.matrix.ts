/**
 * A sparse matrix in compressed rows: row r's columns (ascending) and values are
 * `indices[pointers[r] .. pointers[r + 1]]` and the same span of `values`.
 */
export interface SparseRows {
  rowCount: number;
  columnCount: number;
  pointers: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** One sparse vector: positions ascending, values aligned. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Rows given as (column → value) maps, any order; zero values are dropped. */
export function sparseRowsFromMaps(rows: readonly Map<number, number>[], columnCount: number): SparseRows {
  const pointers = new Int32Array(rows.length + 1);
  rows.forEach((row, index) => {
    let kept = 0;
    for (const value of row.values()) if (value !== 0) kept++;
    pointers[index + 1] = pointers[index] + kept;
  });
  const indices = new Int32Array(pointers[rows.length]);
  const values = new Float32Array(pointers[rows.length]);
  rows.forEach((row, index) => {
    const columns = [...row.entries()].filter(([, value]) => value !== 0).sort(([a], [b]) => a - b);
    columns.forEach(([column, value], offset) => {
      indices[pointers[index] + offset] = column;
      values[pointers[index] + offset] = value;
    });
  });
  return { rowCount: rows.length, columnCount, pointers, indices, values };
}

export function rowOf(matrix: SparseRows, row: number): SparseVector {
  const start = matrix.pointers[row];
  const end = matrix.pointers[row + 1];
  return { indices: matrix.indices.subarray(start, end), values: matrix.values.subarray(start, end) };
}

/**
 * xᵀ·M for a sparse x over M's rows: the weighted sum of the rows x touches, so the work is
 * Σ_j |row j| for j in x, not rows × columns. Returns a dense vector of M's width.
 */
export function sparseVectorTimesRows(vector: SparseVector, matrix: SparseRows): Float32Array {
  const result = new Float32Array(matrix.columnCount);
  for (let position = 0; position < vector.indices.length; position++) {
    const row = vector.indices[position];
    const weight = vector.values[position];
    for (let entry = matrix.pointers[row]; entry < matrix.pointers[row + 1]; entry++) {
      result[matrix.indices[entry]] += weight * matrix.values[entry];
    }
  }
  return result;
}

/** M[row, column], 0 when not stored (binary search in the row). */
export function entryAt(matrix: SparseRows, row: number, column: number): number {
  let low = matrix.pointers[row];
  let high = matrix.pointers[row + 1] - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = matrix.indices[middle];
    if (found === column) return matrix.values[middle];
    if (found < column) low = middle + 1;
    else high = middle - 1;
  }
  return 0;
}

/** Mᵀ in compressed rows (the columns of M as rows): what an inverted index is. */
export function transposeRows(matrix: SparseRows): SparseRows {
  const pointers = new Int32Array(matrix.columnCount + 1);
  for (const column of matrix.indices) pointers[column + 1]++;
  for (let column = 0; column < matrix.columnCount; column++) pointers[column + 1] += pointers[column];
  const next = pointers.slice(0, matrix.columnCount);
  const indices = new Int32Array(matrix.indices.length);
  const values = new Float32Array(matrix.values.length);
  for (let row = 0; row < matrix.rowCount; row++) {
    for (let entry = matrix.pointers[row]; entry < matrix.pointers[row + 1]; entry++) {
      const slot = next[matrix.indices[entry]]++;
      indices[slot] = row;
      values[slot] = matrix.values[entry];
    }
  }
  return { rowCount: matrix.columnCount, columnCount: matrix.rowCount, pointers, indices, values };
}

/** A + scale·B, both the same shape. */
export function addScaledRows(left: SparseRows, right: SparseRows, scale: number): SparseRows {
  if (left.rowCount !== right.rowCount || left.columnCount !== right.columnCount) {
    throw new RangeError(
      `cannot add a ${right.rowCount}×${right.columnCount} matrix to a ${left.rowCount}×${left.columnCount} one`,
    );
  }
  const rows: Map<number, number>[] = [];
  for (let row = 0; row < left.rowCount; row++) {
    const sum = new Map<number, number>();
    for (let entry = left.pointers[row]; entry < left.pointers[row + 1]; entry++) {
      sum.set(left.indices[entry], left.values[entry]);
    }
    for (let entry = right.pointers[row]; entry < right.pointers[row + 1]; entry++) {
      const column = right.indices[entry];
      sum.set(column, (sum.get(column) ?? 0) + scale * right.values[entry]);
    }
    rows.push(sum);
  }
  return sparseRowsFromMaps(rows, left.columnCount);
}
