import { assertPositiveInteger } from './metric-input.guards';

/**
 * Top-k metrics with binary relevance. Definitions follow /work/shared/peers/ease.py (our EASE
 * reference run) so that numbers are comparable: gains 1/log2(rank + 2) with rank from 0, ideal DCG
 * over min(|relevant|, k) positions, recall = hits / |relevant| (not / min(|relevant|, k)).
 * Queries with no relevant item score 0 here; `rankingReport` skips them, as ease.py does.
 */

export interface RankingCase<T> {
  ranked: readonly T[];
  relevant: ReadonlySet<T>;
}

/** Rank positions (0-based) of relevant items among the first k; refuses repeated items there. */
function hitPositions<T>(ranked: readonly T[], relevant: ReadonlySet<T>, k: number): number[] {
  assertPositiveInteger('k', k);
  const seen = new Set<T>();
  const positions: number[] = [];
  const depth = Math.min(k, ranked.length);
  for (let rank = 0; rank < depth; rank++) {
    const item = ranked[rank];
    // A repeated item would be counted twice and push recall or nDCG above 1.
    if (seen.has(item)) throw new RangeError(`ranked repeats an item within the top ${k} (rank ${rank})`);
    seen.add(item);
    if (relevant.has(item)) positions.push(rank);
  }
  return positions;
}

function discount(rank: number): number {
  return 1 / Math.log2(rank + 2);
}

/** 1 if any of the top k is relevant, else 0. */
export function hitRateAtK<T>(ranked: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  return hitPositions(ranked, relevant, k).length > 0 ? 1 : 0;
}

/** Relevant items in the top k / |relevant|. */
export function recallAtK<T>(ranked: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  const hits = hitPositions(ranked, relevant, k).length;
  return relevant.size === 0 ? 0 : hits / relevant.size;
}

/** DCG@k / ideal DCG@k with binary gains (Järvelin & Kekäläinen 2002; log2(rank + 2) discount). */
export function ndcgAtK<T>(ranked: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  const positions = hitPositions(ranked, relevant, k);
  if (relevant.size === 0) return 0;
  let dcg = 0;
  for (const rank of positions) dcg += discount(rank);
  let idealDcg = 0;
  for (let rank = 0; rank < Math.min(relevant.size, k); rank++) idealDcg += discount(rank);
  return dcg / idealDcg;
}

/** Σ precision@(rank+1) over hit ranks in the top k, / min(|relevant|, k). */
export function averagePrecisionAtK<T>(ranked: readonly T[], relevant: ReadonlySet<T>, k: number): number {
  const positions = hitPositions(ranked, relevant, k);
  if (relevant.size === 0) return 0;
  let sum = 0;
  positions.forEach((rank, hitIndex) => (sum += (hitIndex + 1) / (rank + 1)));
  return sum / Math.min(relevant.size, k);
}

/** Distinct items over all lists / catalogSize. */
export function catalogCoverage<T>(lists: readonly (readonly T[])[], catalogSize: number): number {
  assertPositiveInteger('catalogSize', catalogSize);
  const distinct = new Set<T>();
  for (const list of lists) for (const item of list) distinct.add(item);
  if (distinct.size > catalogSize) {
    throw new RangeError(`lists hold ${distinct.size} distinct items, more than catalogSize ${catalogSize}`);
  }
  return distinct.size / catalogSize;
}

/**
 * Means over the cases that have at least one relevant item (`users` counts them); `coverage` is
 * catalog coverage of those cases' top-k lists. With no such case every mean is 0.
 */
export function rankingReport<T>(
  cases: readonly RankingCase<T>[],
  k: number,
  catalogSize: number,
): Record<string, number> {
  assertPositiveInteger('k', k);
  assertPositiveInteger('catalogSize', catalogSize);
  let ndcg = 0;
  let recall = 0;
  let hit = 0;
  let meanAveragePrecision = 0;
  const topLists: (readonly T[])[] = [];
  for (const { ranked, relevant } of cases) {
    if (relevant.size === 0) continue;
    ndcg += ndcgAtK(ranked, relevant, k);
    recall += recallAtK(ranked, relevant, k);
    hit += hitRateAtK(ranked, relevant, k);
    meanAveragePrecision += averagePrecisionAtK(ranked, relevant, k);
    topLists.push(ranked.slice(0, k));
  }
  const users = topLists.length;
  const meanOf = (total: number): number => (users === 0 ? 0 : total / users);
  return {
    [`ndcg@${k}`]: meanOf(ndcg),
    [`recall@${k}`]: meanOf(recall),
    [`hit@${k}`]: meanOf(hit),
    [`map@${k}`]: meanOf(meanAveragePrecision),
    coverage: catalogCoverage(topLists, catalogSize),
    users,
  };
}
