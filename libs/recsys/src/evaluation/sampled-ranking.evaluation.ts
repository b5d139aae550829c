import type { Interaction } from '../interactions/interaction';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import type { Recommender } from '../models/recommender';

export interface SampledRankingReport {
  /** Share of users whose held-out item ranks in the top k of its 1 + N candidates. */
  hit: number;
  /** Mean 1/log2(rank + 2) over users (0 outside the top k). */
  ndcg: number;
  users: number;
  k: number;
}

/**
 * NCF's leave-one-out protocol (He et al. 2017, §4.1): the held-out item is ranked among itself and
 * the user's sampled negatives; HR@k and NDCG@k. A tie counts against the held-out item (its rank is
 * the number of negatives scoring ≥ it), so a constant model scores 0, not 1. Users or items unknown
 * to the train matrix are skipped; so are negatives it does not know.
 */
export function evaluateSampledRanking(
  model: Recommender,
  train: InteractionMatrix,
  test: readonly Interaction[],
  negatives: ReadonlyMap<string, readonly string[]>,
  k: number,
): SampledRankingReport {
  let hit = 0;
  let ndcg = 0;
  let users = 0;
  for (const interaction of test) {
    const user = train.userIndex(interaction.user);
    const positive = train.itemIndex(interaction.item);
    const sampled = negatives.get(interaction.user);
    if (user === undefined || positive === undefined || !sampled) continue;
    const scores = model.scoreUsers([user]);
    const target = scores[positive];
    let rank = 0;
    for (const item of sampled) {
      const index = train.itemIndex(item);
      if (index !== undefined && !(scores[index] < target)) rank++;
    }
    users++;
    if (rank < k) {
      hit++;
      ndcg += 1 / Math.log2(rank + 2);
    }
  }
  return { hit: users === 0 ? 0 : hit / users, ndcg: users === 0 ? 0 : ndcg / users, users, k };
}
