import { SeededRandom } from '@deepworks/demo-data';
import { describe, expect, it } from 'vitest';
import { choleskyLower, invertSymmetricPositiveDefinite, NotPositiveDefiniteError } from './cholesky-inverse';

/** A random SPD matrix MᵀM + I (row-major). */
function randomSpd(size: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const m = Float64Array.from({ length: size * size }, () => random.next() - 0.5);
  const a = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let sum = i === j ? 1 : 0;
      for (let k = 0; k < size; k++) sum += m[k * size + i] * m[k * size + j];
      a[i * size + j] = sum;
    }
  }
  return a;
}

/** max |A·A⁻¹ − I|. */
function distanceFromIdentity(a: Float64Array, inverse: Float64Array, size: number): number {
  let worst = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let sum = 0;
      for (let k = 0; k < size; k++) sum += a[i * size + k] * inverse[k * size + j];
      worst = Math.max(worst, Math.abs(sum - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

describe('invertSymmetricPositiveDefinite', () => {
  it('inverts a 2 × 2 matrix worked out by hand', () => {
    // [[4, 2], [2, 3]]⁻¹ = 1/(12 − 4)·[[3, −2], [−2, 4]] = [[0.375, −0.25], [−0.25, 0.5]]
    const inverse = invertSymmetricPositiveDefinite(Float64Array.from([4, 2, 2, 3]), 2);
    expect(Array.from(inverse)).toEqual([0.375, -0.25, -0.25, 0.5].map((value) => expect.closeTo(value, 12)));
  });

  it('gives A·A⁻¹ = I for sizes that hit every block and pairing edge', () => {
    for (const [size, blockRows] of [
      [1, 64],
      [3, 2],
      [11, 4],
      [37, 6],
      [130, 64],
      [131, 16],
    ]) {
      const a = randomSpd(size, size);
      const inverse = invertSymmetricPositiveDefinite(a, size, blockRows);
      expect(distanceFromIdentity(a, inverse, size), `size ${size}, blocks of ${blockRows}`).toBeLessThan(
        1e-9,
      );
      // The inverse of a symmetric matrix is symmetric, and it is written as such.
      expect(inverse[size - 1]).toBe(inverse[(size - 1) * size]);
    }
  });

  it('gives a Cholesky factor with L·Lᵀ = A', () => {
    const size = 23;
    const a = randomSpd(size, 5);
    const lower = choleskyLower(a, size, 4);
    let worst = 0;
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        let sum = 0;
        for (let k = 0; k < size; k++) sum += lower[i * size + k] * lower[j * size + k];
        worst = Math.max(worst, Math.abs(sum - a[i * size + j]));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    expect(lower[1]).toBe(0);
  });

  it('refuses a matrix that is not positive definite', () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the second pivot is 1 − 4 < 0.
    expect(() => invertSymmetricPositiveDefinite(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(
      NotPositiveDefiniteError,
    );
  });
});
