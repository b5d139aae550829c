import { describe, expect, it } from 'vitest';
import { promotionDecision } from './promotion.policy';

describe('promotionDecision', () => {
  it('promotes when nothing is active, or when the active settings cannot be re-evaluated', () => {
    expect(promotionDecision({ 'ndcg@10': 0.1 }, undefined)).toEqual({
      promote: true,
      reason: 'promoted: no version was active',
    });
    expect(promotionDecision({ 'ndcg@10': 0.1 }, null, 4).promote).toBe(true);
  });

  it('promotes a candidate that scores at least the active settings on the same split', () => {
    expect(promotionDecision({ 'ndcg@10': 0.12 }, { 'ndcg@10': 0.1 }, 2)).toEqual({
      promote: true,
      reason: "promoted: ndcg@10 0.1200 vs active v2's settings 0.1000 on the same split",
    });
    expect(promotionDecision({ 'ndcg@10': 0.1 }, { 'ndcg@10': 0.1 }, 2).promote).toBe(true);
    expect(promotionDecision({ 'ndcg@10': 0.09 }, { 'ndcg@10': 0.1 }, 2)).toEqual({
      promote: false,
      reason: "kept active: ndcg@10 0.0900 vs active v2's settings 0.1000 on the same split",
    });
  });
});
