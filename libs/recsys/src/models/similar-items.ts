import { topKRows } from '../ranking/top-k';
import type { ScoredItem } from './recommender';

/** The k best-scored items of one similarity row, the item itself excluded. */
export function topSimilar(row: Float32Array, itemIndex: number, k: number): ScoredItem[] {
  const [best] = topKRows(row, 1, row.length, k, [[itemIndex]]);
  return Array.from(best, (index) => ({ itemIndex: index, score: row[index] }));
}
