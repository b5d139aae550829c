import { assertBinaryScoring, assertFiniteNumber } from './metric-input.guards';
import { sweepThresholds } from './threshold-sweep.counts';

export interface SensitivitySpecificity {
  /** True positive rate; 0 when there is no positive (0/0 = 0). */
  sensitivity: number;
  /** True negative rate; 0 when there is no negative. */
  specificity: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export interface SensitivityThreshold {
  threshold: number;
  sensitivity: number;
  specificity: number;
}

/** Confusion counts when a sample is called positive iff its score >= threshold. */
export function sensitivitySpecificity(
  yTrue01: readonly number[],
  scores: readonly number[],
  threshold: number,
): SensitivitySpecificity {
  assertBinaryScoring(yTrue01, scores);
  if (Number.isNaN(threshold)) throw new RangeError('threshold must be a number, got NaN');
  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  for (let index = 0; index < scores.length; index++) {
    const predictedPositive = scores[index] >= threshold;
    if (yTrue01[index] === 1) {
      if (predictedPositive) truePositives++;
      else falseNegatives++;
    } else if (predictedPositive) falsePositives++;
    else trueNegatives++;
  }
  const positives = truePositives + falseNegatives;
  const negatives = trueNegatives + falsePositives;
  return {
    sensitivity: positives === 0 ? 0 : truePositives / positives,
    specificity: negatives === 0 ? 0 : trueNegatives / negatives,
    truePositives,
    falsePositives,
    trueNegatives,
    falseNegatives,
  };
}

/**
 * The largest threshold (rule: positive iff score >= threshold) whose sensitivity reaches
 * `targetSensitivity`, i.e. the operating point with the best specificity among those meeting the
 * target. It is always one of the scores: between two scores sensitivity does not change.
 */
export function thresholdForSensitivity(
  yTrue01: readonly number[],
  scores: readonly number[],
  targetSensitivity: number,
): SensitivityThreshold {
  assertBinaryScoring(yTrue01, scores);
  assertFiniteNumber('targetSensitivity', targetSensitivity);
  if (targetSensitivity <= 0 || targetSensitivity > 1) {
    throw new RangeError(`targetSensitivity must be in (0, 1], got ${targetSensitivity}`);
  }
  const sweep = sweepThresholds(yTrue01, scores);
  if (sweep.positiveCount === 0) throw new RangeError('yTrue01 has no positive sample (1)');
  for (let index = 0; index < sweep.thresholds.length; index++) {
    // Compared exactly as a caller would check the result: tp / P >= target.
    const sensitivity = sweep.truePositives[index] / sweep.positiveCount;
    if (sensitivity >= targetSensitivity) {
      const falsePositives = sweep.falsePositives[index];
      return {
        threshold: sweep.thresholds[index],
        sensitivity,
        specificity:
          sweep.negativeCount === 0 ? 0 : (sweep.negativeCount - falsePositives) / sweep.negativeCount,
      };
    }
  }
  // Unreachable: at the lowest score every positive is called positive (sensitivity 1).
  throw new RangeError(`no threshold reaches sensitivity ${targetSensitivity}`);
}
