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
}

/** `rankingReport` keys: `ndcg@K recall@K hit@K map@K coverage users`. */
export type RankingReport = Record<string, number>;

/** Per-user relevant item indices for held-out interactions the train matrix knows (user and item). */
export function heldOutByUser(
  train: InteractionMatrix,
  heldOut: readonly Interaction[],
): Map<number, Set<number>> {
  const relevant = new Map<number, Set<number>>();
  for (const interaction of heldOut) {
    const user = train.userIndex(interaction.user);
    const item = train.itemIndex(interaction.item);
    if (user === undefined || item === undefined) continue;
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
  const relevant = heldOutByUser(train, heldOut);
  const extra = heldOutByUser(train, options.exclude ?? []);
  const users = [...relevant.keys()].sort((a, b) => a - b);
  const batchSize = options.batchSize ?? 256;
  const cases: RankingCase<number>[] = [];
  for (let start = 0; start < users.length; start += batchSize) {
    const batch = users.slice(start, start + batchSize);
    const scores = model.scoreUsers(batch);
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
  return rankingReport(cases, options.k, train.itemCount);
}
