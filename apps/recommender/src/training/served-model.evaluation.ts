import { rankingReport, type RankingCase } from '@deepworks/metrics';
import { heldOutByUser, type Interaction, type InteractionMatrix } from '@deepworks/recsys';
import type { RecommendationModel } from '../model/recommendation.model';

export const EVALUATION_K = 10;

/**
 * Full-ranking evaluation of the served model on held-out interactions: each user's training items
 * are excluded and the rest of the catalogue ranked exactly as `GET /users/:id/recommendations` does
 * (including the popularity top-up). Users and items the training matrix lacks are skipped.
 * Metrics from `rankingReport`: ndcg@10, recall@10, hit@10, map@10, coverage, users.
 */
export function evaluateServedModel(
  model: RecommendationModel,
  train: InteractionMatrix,
  heldOut: readonly Interaction[],
  k = EVALUATION_K,
): Record<string, number> {
  const relevant = heldOutByUser(train, heldOut);
  const cases: RankingCase<number>[] = [];
  for (const [user, items] of [...relevant].sort(([a], [b]) => a - b)) {
    const userId = train.userIds[user];
    const history = model.trainingHistory(userId);
    const ranked = model.recommend(history, { k, exclude: history.indices }, userId);
    cases.push({ ranked: ranked.map((entry) => entry.itemIndex), relevant: items });
  }
  return rankingReport(cases, k, train.itemCount);
}
