/**
 * Indices of the k highest scores in each row of a row-major matrix, best first; ties go to the
 * lower index, so rankings are deterministic. `exclude[row]` lists item indices that must not be
 * returned for that row (items already seen). NaN and −∞ are never returned, so a row may yield
 * fewer than k items. One pass per row keeping a sorted buffer of k: O(items + hits·k).
 */
export function topKRows(
  scores: Float32Array,
  rows: number,
  columns: number,
  k: number,
  exclude?: readonly ArrayLike<number>[],
): Int32Array[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (scores.length !== rows * columns)
    throw new RangeError(`scores hold ${scores.length} values, not ${rows}×${columns}`);
  const excluded = new Uint8Array(columns);
  const bestIndices = new Int32Array(k);
  const bestScores = new Float64Array(k);
  const result: Int32Array[] = [];
  for (let row = 0; row < rows; row++) {
    const skip = exclude?.[row];
    if (skip) for (let position = 0; position < skip.length; position++) excluded[skip[position]] = 1;
    const offset = row * columns;
    let filled = 0;
    for (let column = 0; column < columns; column++) {
      const score = scores[offset + column];
      if (excluded[column] === 1 || !(score > -Infinity)) continue;
      if (filled === k && score <= bestScores[k - 1]) continue;
      // Insert after every entry with a score ≥ this one (those have lower indices: ties keep order).
      let slot = filled < k ? filled : k - 1;
      while (slot > 0 && bestScores[slot - 1] < score) {
        bestScores[slot] = bestScores[slot - 1];
        bestIndices[slot] = bestIndices[slot - 1];
        slot--;
      }
      bestScores[slot] = score;
      bestIndices[slot] = column;
      if (filled < k) filled++;
    }
    result.push(bestIndices.slice(0, filled));
    if (skip) for (let position = 0; position < skip.length; position++) excluded[skip[position]] = 0;
  }
  return result;
}

export interface TopKIntoOptions {
  /** Only scores strictly above this are returned (default −∞); NaN never is. */
  above?: number;
  /** Scratch for the kept scores (length ≥ k), so that a serving loop allocates nothing. */
  scoreBuffer?: Float64Array;
}

/**
 * The k highest scores of one vector, best first, ties to the lower index (as `topKRows`), written
 * into `out` (length ≥ k); returns how many were written. For serving one user at a time: no
 * allocation when `scoreBuffer` is given, and no exclusion mask — a caller excludes items by setting
 * their scores to −∞ (or anything not above `above`) first. Same single pass with a sorted buffer of
 * k: O(items + insertions·k), about k·ln(items / k) insertions for scores in random order.
 */
export function topKInto(
  scores: ArrayLike<number>,
  k: number,
  out: Int32Array,
  options: TopKIntoOptions = {},
): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (out.length < k) throw new RangeError(`out holds ${out.length} indices, fewer than k = ${k}`);
  const above = options.above ?? -Infinity;
  const bestScores = options.scoreBuffer ?? new Float64Array(k);
  if (bestScores.length < k) throw new RangeError(`scoreBuffer holds fewer than k = ${k} scores`);
  let filled = 0;
  // Until k are kept, anything above `above` qualifies; then only what beats the k-th (a tie with the
  // k-th keeps the earlier, lower index). NaN fails every comparison.
  let threshold = above;
  const count = scores.length;
  for (let index = 0; index < count; index++) {
    const score = scores[index];
    if (!(score > threshold)) continue;
    let slot = filled < k ? filled : k - 1;
    while (slot > 0 && bestScores[slot - 1] < score) {
      bestScores[slot] = bestScores[slot - 1];
      out[slot] = out[slot - 1];
      slot--;
    }
    bestScores[slot] = score;
    out[slot] = index;
    if (filled < k) filled++;
    if (filled === k) threshold = bestScores[k - 1];
  }
  return filled;
}
