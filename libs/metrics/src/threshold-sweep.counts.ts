/**
 * Cumulative true/false positive counts when the decision threshold sweeps down through every distinct
 * score (a sample is predicted positive when its score >= threshold). Tied scores enter together, which
 * is what makes ROC-AUC and average precision tie-aware exactly as sklearn's `_binary_clf_curve`.
 */
export interface ThresholdSweep {
  /** Distinct scores, descending. */
  thresholds: Float64Array;
  /** `truePositives[i]`: positives with score >= thresholds[i]. */
  truePositives: Float64Array;
  falsePositives: Float64Array;
  positiveCount: number;
  negativeCount: number;
}

export function sweepThresholds(yTrue01: readonly number[], scores: readonly number[]): ThresholdSweep {
  const order = Array.from({ length: scores.length }, (_, index) => index);
  // Index as tie-breaker keeps the sort deterministic; tied scores are merged below anyway.
  order.sort((left, right) => scores[right] - scores[left] || left - right);
  const thresholds: number[] = [];
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let positives = 0;
  let negatives = 0;
  for (let position = 0; position < order.length; position++) {
    const sample = order[position];
    if (yTrue01[sample] === 1) positives++;
    else negatives++;
    const isLastOfTie = position === order.length - 1 || scores[order[position + 1]] !== scores[sample];
    if (isLastOfTie) {
      thresholds.push(scores[sample]);
      truePositives.push(positives);
      falsePositives.push(negatives);
    }
  }
  return {
    thresholds: Float64Array.from(thresholds),
    truePositives: Float64Array.from(truePositives),
    falsePositives: Float64Array.from(falsePositives),
    positiveCount: positives,
    negativeCount: negatives,
  };
}
