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
  return sparseVectorTimesRowsInto(vector, matrix, new Float32Array(matrix.columnCount));
}

/** `out += xᵀ·M` (out of M's width, not cleared): the allocation-free form for serving. */
export function sparseVectorTimesRowsInto(
  vector: SparseVector,
  matrix: SparseRows,
  out: Float32Array,
): Float32Array {
  for (let position = 0; position < vector.indices.length; position++) {
    const row = vector.indices[position];
    const weight = vector.values[position];
    for (let entry = matrix.pointers[row]; entry < matrix.pointers[row + 1]; entry++) {
      out[matrix.indices[entry]] += weight * matrix.values[entry];
    }
  }
  return out;
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

/**
 * A + scale·B, both the same shape: each row a merge of two ascending column lists (two passes: count,
 * then fill), entries that sum to zero dropped. Typed arrays only: EASE's W has n² entries.
 */
export function addScaledRows(left: SparseRows, right: SparseRows, scale: number): SparseRows {
  if (left.rowCount !== right.rowCount || left.columnCount !== right.columnCount) {
    throw new RangeError(
      `cannot add a ${right.rowCount}×${right.columnCount} matrix to a ${left.rowCount}×${left.columnCount} one`,
    );
  }
  const rowCount = left.rowCount;
  const pointers = new Int32Array(rowCount + 1);
  // Upper bound first (no entry cancels), then the exact merge into arrays of that size.
  for (let row = 0; row < rowCount; row++) {
    pointers[row + 1] =
      pointers[row] +
      left.pointers[row + 1] -
      left.pointers[row] +
      right.pointers[row + 1] -
      right.pointers[row];
  }
  const indices = new Int32Array(pointers[rowCount]);
  const values = new Float32Array(pointers[rowCount]);
  let cursor = 0;
  for (let row = 0; row < rowCount; row++) {
    let a = left.pointers[row];
    let b = right.pointers[row];
    const aEnd = left.pointers[row + 1];
    const bEnd = right.pointers[row + 1];
    pointers[row] = cursor;
    while (a < aEnd || b < bEnd) {
      const aColumn = a < aEnd ? left.indices[a] : left.columnCount;
      const bColumn = b < bEnd ? right.indices[b] : right.columnCount;
      let column: number;
      let value: number;
      if (aColumn === bColumn) {
        column = aColumn;
        value = left.values[a++] + scale * right.values[b++];
      } else if (aColumn < bColumn) {
        column = aColumn;
        value = left.values[a++];
      } else {
        column = bColumn;
        value = scale * right.values[b++];
      }
      if (value !== 0) {
        indices[cursor] = column;
        values[cursor++] = value;
      }
    }
  }
  pointers[rowCount] = cursor;
  return {
    rowCount,
    columnCount: left.columnCount,
    pointers,
    indices: cursor === indices.length ? indices : indices.slice(0, cursor),
    values: cursor === values.length ? values : values.slice(0, cursor),
  };
}
