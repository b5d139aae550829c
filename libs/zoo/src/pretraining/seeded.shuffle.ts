import type { SeededRandom } from '@deepworks/demo-data';

/** 0 … count − 1 in a Fisher–Yates order drawn from `random`: the same seed, the same order. */
export function shuffledIndices(count: number, random: SeededRandom): Int32Array {
  const order = Int32Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order;
}
