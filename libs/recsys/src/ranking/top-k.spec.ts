import { resolveBackend, tf } from '@deepworks/engine';
import { SeededRandom } from '@deepworks/demo-data';
import { beforeAll, describe, expect, it } from 'vitest';
import { topKRowsWithEngine } from './engine-top-k';
import { topKInto, topKRows } from './top-k';

describe('topKRows', () => {
  it('ranks best first, breaks ties by lower index, skips excluded, NaN and −∞', () => {
    const scores = Float32Array.from([0.5, 0.9, 0.5, NaN, 0.7, -Infinity, 0.5, 0.1]);
    // Excluding 1 (0.9): 0.7 (4), then the 0.5 tie in index order 0, 2, 6, then 0.1 (7).
    expect(Array.from(topKRows(scores, 1, 8, 4, [[1]])[0])).toEqual([4, 0, 2, 6]);
    expect(Array.from(topKRows(scores, 1, 8, 10)[0])).toEqual([1, 4, 0, 2, 6, 7]);
    expect(() => topKRows(scores, 1, 8, 0)).toThrow(RangeError);
  });

  it('handles rows independently, each with its own exclusions', () => {
    const scores = Float32Array.from([3, 2, 1, 1, 2, 3]);
    expect(topKRows(scores, 2, 3, 2, [[0], []]).map((row) => Array.from(row))).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});

describe('topKInto', () => {
  it('ranks one vector like topKRows, only scores above the floor, into a reused buffer', () => {
    const scores = Float32Array.from([0.5, 0.9, 0.5, NaN, 0.7, -Infinity, 0.5, 0.1, 0, -2]);
    const out = new Int32Array(12);
    // Best first, the 0.5 tie in index order: 1, 4, 0, 2 (k = 4).
    expect(topKInto(scores, 4, out)).toBe(4);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 4, 0, 2]);
    // Above 0: the six positive scores only (0, −2, NaN and −∞ are left out) although k = 10.
    expect(topKInto(scores, 10, out, { above: 0 })).toBe(6);
    expect(Array.from(out.subarray(0, 6))).toEqual([1, 4, 0, 2, 6, 7]);
    expect(() => topKInto(scores, 0, out)).toThrow(RangeError);
    expect(() => topKInto(scores, 13, out)).toThrow(/fewer than k/);
  });

  it('agrees with topKRows on random scores with many ties', () => {
    const random = new SeededRandom(9);
    const out = new Int32Array(25);
    const buffer = new Float64Array(25);
    for (let trial = 0; trial < 20; trial++) {
      // Scores on a coarse grid (ties everywhere), some of them at or below zero.
      const scores = Float32Array.from({ length: 500 }, () => random.integer(40) - 5);
      const k = 1 + random.integer(25);
      const floor = scores.map((score) => (score > 0 ? score : -Infinity));
      const count = topKInto(scores, k, out, { above: 0, scoreBuffer: buffer });
      expect(Array.from(out.subarray(0, count))).toEqual(Array.from(topKRows(floor, 1, 500, k)[0]));
    }
  });
});

describe('topKRowsWithEngine', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('agrees with the typed-array ranking and frees its tensors', async () => {
    const random = new SeededRandom(3);
    const rows = 20;
    const columns = 300;
    const scores = Float32Array.from({ length: rows * columns }, () => random.next());
    const exclude = Array.from({ length: rows }, () =>
      Int32Array.from({ length: 30 }, () => random.integer(columns)),
    );
    const before = tf.memory().numTensors;
    const fromEngine = await topKRowsWithEngine(scores, rows, columns, 10, exclude);
    expect(tf.memory().numTensors).toBe(before);
    expect(fromEngine.map((row) => Array.from(row))).toEqual(
      topKRows(scores, rows, columns, 10, exclude).map((row) => Array.from(row)),
    );
  });
});
