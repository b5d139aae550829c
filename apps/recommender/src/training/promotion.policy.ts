import { EVALUATION_K } from './served-model.evaluation';

/** The metric that decides promotion. */
export const PROMOTION_METRIC = `ndcg@${EVALUATION_K}`;

export interface PromotionDecision {
  promote: boolean;
  reason: string;
}

/**
 * `incumbent` undefined: no active version; null: an active version whose settings are not ours to
 * re-evaluate (it is replaced, since it cannot be compared on this data).
 */
export function promotionDecision(
  candidate: Record<string, number>,
  incumbent: Record<string, number> | null | undefined,
  activeVersion?: number,
): PromotionDecision {
  const score = candidate[PROMOTION_METRIC];
  if (incumbent === undefined) return { promote: true, reason: 'promoted: no version was active' };
  if (incumbent === null) {
    return {
      promote: true,
      reason: `promoted: active v${activeVersion} has settings this trainer cannot re-evaluate`,
    };
  }
  const against = incumbent[PROMOTION_METRIC];
  const compared = `${PROMOTION_METRIC} ${score.toFixed(4)} vs active v${activeVersion}'s settings ${against.toFixed(4)} on the same split`;
  return score >= against
    ? { promote: true, reason: `promoted: ${compared}` }
    : { promote: false, reason: `kept active: ${compared}` };
}
