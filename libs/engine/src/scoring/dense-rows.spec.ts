import { describe, expect, it } from 'vitest';
import { DenseRows } from './dense-rows';

/** Deterministic values in [−1, 1) (Mulberry32), so a failure reproduces. */
function randomValues(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
  });
}

/** Σₖ wₖ · row(iₖ) in float64, one entry at a time: independent of the SIMD grouping and padding. */
function reference(rows: Float32Array, columns: number, indices: number[], weights: Float32Array): number[] {
  const out = new Array<number>(columns).fill(0);
  indices.forEach((row, position) => {
    for (let column = 0; column < columns; column++)
      out[column] += weights[position] * rows[row * columns + column];
  });
  return out;
}

describe('DenseRows: a sparse vector times a dense matrix, as WebAssembly SIMD', () => {
  // Column counts off the 4-lane grid (padding), history lengths off the 4-row groups, one beyond the
  // 1,024 entries of one call, repeated rows.
  it.each([
    { rows: 9, columns: 7, history: [0, 8, 3] },
    { rows: 40, columns: 13, history: [5, 5, 39, 0, 12] },
    { rows: 64, columns: 101, history: Array.from({ length: 8 }, (_, k) => (k * 7) % 64) },
    { rows: 50, columns: 33, history: Array.from({ length: 2500 }, (_, k) => (k * 13) % 50) },
    { rows: 3, columns: 4, history: [] as number[] },
  ])(
    'matches a float64 reference: $rows × $columns, $history.length entries',
    ({ rows, columns, history }) => {
      const values = randomValues(rows * columns, rows + columns);
      const weights = randomValues(history.length, 99).map((weight) => weight * 3);
      const matrix = new DenseRows(values, rows, columns);
      const out = new Float32Array(columns).fill(Number.NaN);
      matrix.weightedSumInto(history, weights, out);
      const expected = reference(values, columns, history, weights);
      const scale = history.length + 1;
      out.forEach((value, column) => expect(Math.abs(value - expected[column])).toBeLessThan(1e-5 * scale));
      // The buffers are reused: a second, different call is not polluted by the first.
      matrix.weightedSumInto([rows - 1], Float32Array.of(2), out);
      out.forEach((value, column) => expect(value).toBeCloseTo(2 * values[(rows - 1) * columns + column], 6));
    },
  );

  it('reads single entries and refuses what would read outside the matrix', () => {
    const values = randomValues(6 * 5, 3);
    const matrix = new DenseRows(values, 6, 5);
    expect(matrix.at(4, 3)).toBe(values[4 * 5 + 3]);
    const out = new Float32Array(5);
    expect(() => matrix.weightedSumInto([6], [1], out)).toThrow(/row 6 is outside 0..5/);
    expect(() => matrix.weightedSumInto([-1], [1], out)).toThrow(/outside/);
    expect(() => matrix.weightedSumInto([0, 1], [1], out)).toThrow(/one weight per row index/);
    expect(() => matrix.weightedSumInto([0], [1], new Float32Array(4))).toThrow(/out must hold 5/);
    expect(() => new DenseRows(values, 6, 6)).toThrow(/needs 36 values, got 30/);
  });

  it('refuses a matrix larger than WebAssembly memory can hold, before allocating it', () => {
    const huge = { length: 40_000 * 40_000 } as unknown as Float32Array;
    expect(() => new DenseRows(huge, 40_000, 40_000)).toThrow(/over WebAssembly's 4 GiB/);
  });
});
