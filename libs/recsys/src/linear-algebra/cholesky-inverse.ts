/** Rows handled together: each earlier row is then read once per block, while it is still in cache. */
const DEFAULT_BLOCK_ROWS = 64;

export class NotPositiveDefiniteError extends Error {
  override readonly name = 'NotPositiveDefiniteError';

  constructor(readonly pivot: number) {
    super(`matrix is not symmetric positive definite (pivot ${pivot} is not positive)`);
  }
}

/**
 * Inverse of a symmetric positive definite matrix (row-major, `size` × `size`; only the lower
 * triangle is read) in three passes of n³/6 multiply–adds each, every one an inner product of two
 * contiguous rows:
 *   1. Cholesky–Banachiewicz, A = L·Lᵀ (Golub & Van Loan, Matrix Computations, 4th ed., §4.2);
 *   2. W = L⁻ᵀ: row c of W is column c of L⁻¹, found by forward substitution;
 *   3. A⁻¹ = L⁻ᵀ·L⁻¹, entry (i, j) = Σ_{k ≥ max(i, j)} W[i][k]·W[j][k].
 * Cache blocking: a block of rows is processed against each earlier row in turn. Register blocking:
 * inner products are taken two rows × two rows at a time (four products per four loads instead of
 * two loads per product), which is what makes plain JavaScript reach about 1 GFLOP/s here.
 * Float64 throughout: EASE divides by P's diagonal, which float32 round-off would make noisy.
 * O(n³) time, two n × n Float64Arrays of memory.
 */
export function invertSymmetricPositiveDefinite(
  matrix: Float64Array,
  size: number,
  blockRows = DEFAULT_BLOCK_ROWS,
): Float64Array {
  if (matrix.length !== size * size)
    throw new RangeError(`matrix holds ${matrix.length} values, not ${size}²`);
  if (!Number.isInteger(blockRows) || blockRows < 2) throw new RangeError('blockRows must be an integer ≥ 2');
  const lower = choleskyLower(matrix, size, blockRows);
  const inverseTransposed = invertLowerTransposed(lower, size, blockRows);
  lower.fill(0);
  return multiplyByOwnTranspose(inverseTransposed, size, blockRows, lower);
}

/** Lower Cholesky factor L (row-major, upper triangle zero). */
export function choleskyLower(
  matrix: Float64Array,
  size: number,
  blockRows = DEFAULT_BLOCK_ROWS,
): Float64Array {
  const lower = new Float64Array(size * size);
  const sums = new Float64Array(4);
  for (let blockStart = 0; blockStart < size; blockStart += blockRows) {
    const blockEnd = Math.min(size, blockStart + blockRows);
    // Columns left of the block: every row they need is final, so take them in 2 × 2 tiles.
    let row = blockStart;
    for (; row + 1 < blockEnd; row += 2) {
      const rowA = row * size;
      const rowB = rowA + size;
      let column = 0;
      for (; column + 1 < blockStart; column += 2) {
        const columnA = column * size;
        const columnB = columnA + size;
        dot2x2(lower, rowA, rowB, lower, columnA, columnB, 0, column, sums);
        const pivotA = lower[columnA + column];
        const pivotB = lower[columnB + column + 1];
        const linkBA = lower[columnB + column];
        const a0 = (matrix[rowA + column] - sums[0]) / pivotA;
        const b0 = (matrix[rowB + column] - sums[2]) / pivotA;
        lower[rowA + column] = a0;
        lower[rowB + column] = b0;
        lower[rowA + column + 1] = (matrix[rowA + column + 1] - sums[1] - a0 * linkBA) / pivotB;
        lower[rowB + column + 1] = (matrix[rowB + column + 1] - sums[3] - b0 * linkBA) / pivotB;
      }
      for (; column < blockStart; column++) {
        const columnRow = column * size;
        lower[rowA + column] =
          (matrix[rowA + column] - dot(lower, rowA, columnRow, column)) / lower[columnRow + column];
        lower[rowB + column] =
          (matrix[rowB + column] - dot(lower, rowB, columnRow, column)) / lower[columnRow + column];
      }
    }
    for (; row < blockEnd; row++) {
      const rowStart = row * size;
      for (let column = 0; column < blockStart; column++) {
        const columnRow = column * size;
        lower[rowStart + column] =
          (matrix[rowStart + column] - dot(lower, rowStart, columnRow, column)) / lower[columnRow + column];
      }
    }
    // The block's own triangle (n·blockRows²/2 work in all), one entry at a time.
    for (let column = blockStart; column < blockEnd; column++) {
      const columnRow = column * size;
      for (let inner = column; inner < blockEnd; inner++) {
        const rowStart = inner * size;
        const residual = matrix[rowStart + column] - dot(lower, rowStart, columnRow, column);
        if (inner === column) {
          if (!(residual > 0)) throw new NotPositiveDefiniteError(column);
          lower[rowStart + column] = Math.sqrt(residual);
        } else {
          lower[rowStart + column] = residual / lower[columnRow + column];
        }
      }
    }
  }
  return lower;
}

/**
 * W = (L⁻¹)ᵀ, upper triangular. Column c of L⁻¹ solves L·x = e_c: x_c = 1/L_cc and
 * x_i = −(Σ_{c ≤ k < i} L_ik·x_k) / L_ii; it is written as row c of W, so both operands are rows.
 */
function invertLowerTransposed(lower: Float64Array, size: number, blockRows: number): Float64Array {
  const result = new Float64Array(size * size);
  const sums = new Float64Array(4);
  for (let blockStart = 0; blockStart < size; blockStart += blockRows) {
    const blockEnd = Math.min(size, blockStart + blockRows);
    // The block's own triangle: rows i < blockEnd.
    for (let column = blockStart; column < blockEnd; column++) {
      const target = column * size;
      result[target + column] = 1 / lower[target + column];
      for (let row = column + 1; row < blockEnd; row++) {
        const rowStart = row * size;
        result[target + row] = -dotFrom(lower, rowStart, result, target, column, row) / lower[rowStart + row];
      }
    }
    // Rows below the block, two rows × two columns at a time.
    let row = blockEnd;
    for (; row + 1 < size; row += 2) {
      const rowA = row * size;
      const rowB = rowA + size;
      const pivotA = lower[rowA + row];
      const pivotB = lower[rowB + row + 1];
      const linkBA = lower[rowB + row];
      let column = blockStart;
      for (; column + 1 < blockEnd; column += 2) {
        const targetA = column * size;
        const targetB = targetA + size;
        // W[c + 1][c] = 0, so both columns can start at c.
        dot2x2(lower, rowA, rowB, result, targetA, targetB, column, row, sums);
        const a0 = -sums[0] / pivotA;
        const a1 = -sums[1] / pivotA;
        result[targetA + row] = a0;
        result[targetB + row] = a1;
        result[targetA + row + 1] = -(sums[2] + linkBA * a0) / pivotB;
        result[targetB + row + 1] = -(sums[3] + linkBA * a1) / pivotB;
      }
      for (; column < blockEnd; column++) {
        const target = column * size;
        const a0 = -dotFrom(lower, rowA, result, target, column, row) / pivotA;
        result[target + row] = a0;
        result[target + row + 1] = -dotFrom(lower, rowB, result, target, column, row + 1) / pivotB;
      }
    }
    for (; row < size; row++) {
      const rowStart = row * size;
      for (let column = blockStart; column < blockEnd; column++) {
        const target = column * size;
        result[target + row] = -dotFrom(lower, rowStart, result, target, column, row) / lower[rowStart + row];
      }
    }
  }
  return result;
}

/** Wᵀ·W for an upper-triangular W, as a full symmetric matrix (written into `result`, zeroed). */
function multiplyByOwnTranspose(
  upper: Float64Array,
  size: number,
  blockRows: number,
  result: Float64Array,
): Float64Array {
  const sums = new Float64Array(4);
  for (let blockStart = 0; blockStart < size; blockStart += blockRows) {
    const blockEnd = Math.min(size, blockStart + blockRows);
    // Entries (i, j), i in the block, j ≥ i: Σ_{k ≥ j} W[i][k]·W[j][k].
    for (let row = blockStart; row < blockEnd; row++) {
      const rowStart = row * size;
      for (let column = row; column < Math.min(blockEnd, size); column++) {
        const value = dotFrom(upper, rowStart, upper, column * size, column, size);
        result[rowStart + column] = value;
        result[column * size + row] = value;
      }
    }
    let row = blockStart;
    for (; row + 1 < blockEnd; row += 2) {
      const rowA = row * size;
      const rowB = rowA + size;
      let column = blockEnd;
      for (; column + 1 < size; column += 2) {
        const columnA = column * size;
        const columnB = columnA + size;
        dot2x2(upper, rowA, rowB, upper, columnA, columnB, column, size, sums);
        result[rowA + column] = result[columnA + row] = sums[0];
        result[rowA + column + 1] = result[columnB + row] = sums[1];
        result[rowB + column] = result[columnA + row + 1] = sums[2];
        result[rowB + column + 1] = result[columnB + row + 1] = sums[3];
      }
      for (; column < size; column++) {
        const columnRow = column * size;
        result[rowA + column] = result[columnRow + row] = dotFrom(
          upper,
          rowA,
          upper,
          columnRow,
          column,
          size,
        );
        result[rowB + column] = result[columnRow + row + 1] = dotFrom(
          upper,
          rowB,
          upper,
          columnRow,
          column,
          size,
        );
      }
    }
    for (; row < blockEnd; row++) {
      const rowStart = row * size;
      for (let column = blockEnd; column < size; column++) {
        const columnRow = column * size;
        result[rowStart + column] = result[columnRow + row] = dotFrom(
          upper,
          rowStart,
          upper,
          columnRow,
          column,
          size,
        );
      }
    }
  }
  return result;
}

/** Σ_{k < length} v[a + k]·v[b + k]. */
function dot(values: Float64Array, a: number, b: number, length: number): number {
  return dotFrom(values, a, values, b, 0, length);
}

/** Σ_{from ≤ k < to} left[a + k]·right[b + k], four accumulators (V8 keeps them in registers). */
function dotFrom(
  left: Float64Array,
  a: number,
  right: Float64Array,
  b: number,
  from: number,
  to: number,
): number {
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let k = from;
  for (; k + 3 < to; k += 4) {
    sum0 += left[a + k] * right[b + k];
    sum1 += left[a + k + 1] * right[b + k + 1];
    sum2 += left[a + k + 2] * right[b + k + 2];
    sum3 += left[a + k + 3] * right[b + k + 3];
  }
  for (; k < to; k++) sum0 += left[a + k] * right[b + k];
  return sum0 + sum1 + sum2 + sum3;
}

/**
 * The four inner products of rows a0, a1 of `left` with rows b0, b1 of `right` over from ≤ k < to,
 * into out = [a0·b0, a0·b1, a1·b0, a1·b1].
 */
function dot2x2(
  left: Float64Array,
  a0: number,
  a1: number,
  right: Float64Array,
  b0: number,
  b1: number,
  from: number,
  to: number,
  out: Float64Array,
): void {
  let s00 = 0;
  let s01 = 0;
  let s10 = 0;
  let s11 = 0;
  for (let k = from; k < to; k++) {
    const x0 = left[a0 + k];
    const x1 = left[a1 + k];
    const y0 = right[b0 + k];
    const y1 = right[b1 + k];
    s00 += x0 * y0;
    s01 += x0 * y1;
    s10 += x1 * y0;
    s11 += x1 * y1;
  }
  out[0] = s00;
  out[1] = s01;
  out[2] = s10;
  out[3] = s11;
}
