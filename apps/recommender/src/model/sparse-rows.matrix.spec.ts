import { describe, expect, it } from 'vitest';
import {
  addScaledRows,
  entryAt,
  rowOf,
  sparseRowsFromMaps,
  sparseVectorTimesRows,
  transposeRows,
} from './sparse-rows.matrix';

// M = [[0, 2, 0],
//      [1, 0, 3],
//      [0, 0, 0]]
const matrix = sparseRowsFromMaps(
  [
    new Map([[1, 2]]),
    new Map([
      [2, 3],
      [0, 1],
      [1, 0],
    ]),
    new Map(),
  ],
  3,
);

describe('sparse rows', () => {
  it('stores columns ascending and drops zeros', () => {
    expect(Array.from(matrix.pointers)).toEqual([0, 1, 3, 3]);
    expect(Array.from(matrix.indices)).toEqual([1, 0, 2]);
    expect(Array.from(rowOf(matrix, 1).values)).toEqual([1, 3]);
  });

  it('multiplies a sparse vector by the rows it touches', () => {
    // x = (2, 0.5, 0): xᵀM = 2·(0, 2, 0) + 0.5·(1, 0, 3) = (0.5, 4, 1.5)
    const product = sparseVectorTimesRows(
      { indices: Int32Array.of(0, 1), values: Float32Array.of(2, 0.5) },
      matrix,
    );
    expect(Array.from(product)).toEqual([0.5, 4, 1.5]);
  });

  it('reads entries and transposes', () => {
    expect([entryAt(matrix, 1, 2), entryAt(matrix, 1, 1), entryAt(matrix, 2, 0)]).toEqual([3, 0, 0]);
    const transposed = transposeRows(matrix);
    // Mᵀ = [[0, 1, 0], [2, 0, 0], [0, 3, 0]]
    expect([entryAt(transposed, 0, 1), entryAt(transposed, 1, 0), entryAt(transposed, 2, 1)]).toEqual([
      1, 2, 3,
    ]);
    expect(transposed.values.length).toBe(3);
  });

  it('adds a scaled matrix, merging shared entries', () => {
    const other = sparseRowsFromMaps([new Map([[1, 1]]), new Map(), new Map([[0, 4]])], 3);
    const sum = addScaledRows(matrix, other, 0.5);
    // M + 0.5·other: (0,1) = 2 + 0.5 = 2.5; (2,0) = 2
    expect([entryAt(sum, 0, 1), entryAt(sum, 1, 2), entryAt(sum, 2, 0)]).toEqual([2.5, 3, 2]);
    // Row by row: {1: 2.5}, {0: 1, 2: 3}, {0: 2}; an entry summing to zero is dropped.
    expect(Array.from(sum.pointers)).toEqual([0, 1, 3, 4]);
    expect(Array.from(sum.indices)).toEqual([1, 0, 2, 0]);
    const cancelled = addScaledRows(
      matrix,
      sparseRowsFromMaps([new Map([[1, -4]]), new Map(), new Map()], 3),
      0.5,
    );
    expect(Array.from(cancelled.pointers)).toEqual([0, 0, 2, 2]);
    expect(Array.from(cancelled.indices)).toEqual([0, 2]);
    expect(() => addScaledRows(matrix, sparseRowsFromMaps([new Map()], 3), 1)).toThrow(/cannot add/);
  });
});
