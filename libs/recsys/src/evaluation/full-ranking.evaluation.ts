import { rankingReport, type RankingCase } from '@deepworks/metrics';
import type { Interaction } from '../interactions/interaction';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import type { Recommender } from '../models/recommender';
import { topKRows } from '../ranking/top-k';

export interface FullRankingOptions {
  k: number;
  /** More interactions whose items are masked from the ranking (the validation split, when testing). */
  exclude?: readonly Interaction[];
  /** Users scored per `scoreUsers` call (bounds memory: batch × items floats). */
  batchSize?: number;
  /**
   * Rank only these item indices (e.g. the new items, for a cold-start figure); held-out items outside
   * them are dropped. Default: every item.
   */
  candidates?: readonly number[];
}

/** `rankingReport` keys: `ndcg@K recall@K hit@K map@K coverage users`. */
export type RankingReport = Record<string, number>;

/**
 * Per-user relevant item indices for held-out interactions the train matrix knows (user and item),
 * among `candidates` (a 0/1 mask over items) when given.
 */
export function heldOutByUser(
  train: InteractionMatrix,
  heldOut: readonly Interaction[],
  candidates?: Uint8Array,
): Map<number, Set<number>> {
  const relevant = new Map<number, Set<number>>();
  for (const interaction of heldOut) {
    const user = train.userIndex(interaction.user);
    const item = train.itemIndex(interaction.item);
    if (user === undefined || item === undefined || candidates?.[item] === 0) continue;
    const set = relevant.get(user);
    if (set) set.add(item);
    else relevant.set(user, new Set([item]));
  }
  return relevant;
}

/**
 * Full-ranking evaluation: every catalogue item is a candidate, except the user's training items
 * (and `exclude`'s). Users and items unknown to the train matrix are skipped (cold start), as the
 * numpy EASE peer does, so the numbers are comparable. Metrics from `@deepworks/metrics`.
 */
export function evaluateFullRanking(
  model: Recommender,
  train: InteractionMatrix,
  heldOut: readonly Interaction[],
  options: FullRankingOptions,
): RankingReport {
  const candidates = options.candidates ? candidateMask(options.candidates, train.itemCount) : undefined;
  const relevant = heldOutByUser(train, heldOut, candidates);
  const extra = heldOutByUser(train, options.exclude ?? []);
  const users = [...relevant.keys()].sort((a, b) => a - b);
  const batchSize = options.batchSize ?? 256;
  const cases: RankingCase<number>[] = [];
  for (let start = 0; start < users.length; start += batchSize) {
    const batch = users.slice(start, start + batchSize);
    const scores = model.scoreUsers(batch);
    if (candidates) {
      for (let index = 0; index < scores.length; index++) {
        if (candidates[index % train.itemCount] === 0) scores[index] = -Infinity;
      }
    }
    const exclude = batch.map((user) => {
      const seen = train.userItems(user);
      const more = extra.get(user);
      return more ? [...seen, ...more] : seen;
    });
    const ranked = topKRows(scores, batch.length, train.itemCount, options.k, exclude);
    batch.forEach((user, row) =>
      cases.push({ ranked: Array.from(ranked[row]), relevant: relevant.get(user)! }),
    );
  }
  return rankingReport(cases, options.k, options.candidates?.length ?? train.itemCount);
}

function candidateMask(candidates: readonly number[], itemCount: number): Uint8Array {
  const mask = new Uint8Array(itemCount);
  for (const item of candidates) mask[item] = 1;
  return mask;
}
