import {
  assertBinaryScoring,
  assertClassIndices,
  assertFiniteMatrix,
  assertNonEmpty,
  assertSameLength,
} from './metric-input.guards';
import { sweepThresholds, type ThresholdSweep } from './threshold-sweep.counts';

export interface RocPoint {
  /** Predicted positive when score >= threshold; the first point's threshold is +Infinity. */
  threshold: number;
  falsePositiveRate: number;
  truePositiveRate: number;
}

function sweepWithBothClasses(yTrue01: readonly number[], scores: readonly number[]): ThresholdSweep {
  assertBinaryScoring(yTrue01, scores);
  const sweep = sweepThresholds(yTrue01, scores);
  // sklearn raises here too: with one class the ROC curve (and AUC) is undefined.
  if (sweep.positiveCount === 0) throw new RangeError('yTrue01 has no positive sample (1)');
  if (sweep.negativeCount === 0) throw new RangeError('yTrue01 has no negative sample (0)');
  return sweep;
}

/**
 * One point per distinct score, plus the origin. All points are kept (sklearn's
 * `roc_curve(..., drop_intermediate=False)`).
 */
export function rocCurve(yTrue01: readonly number[], scores: readonly number[]): RocPoint[] {
  const sweep = sweepWithBothClasses(yTrue01, scores);
  const points: RocPoint[] = [{ threshold: Infinity, falsePositiveRate: 0, truePositiveRate: 0 }];
  for (let index = 0; index < sweep.thresholds.length; index++) {
    points.push({
      threshold: sweep.thresholds[index],
      falsePositiveRate: sweep.falsePositives[index] / sweep.negativeCount,
      truePositiveRate: sweep.truePositives[index] / sweep.positiveCount,
    });
  }
  return points;
}

/**
 * Area under the ROC curve by the trapezoid rule over tie-merged thresholds, as sklearn
 * `roc_auc_score`; equal to the Mann–Whitney U statistic with average ranks for ties (a tied
 * positive/negative pair counts 1/2). Needs both classes.
 */
export function rocAuc(yTrue01: readonly number[], scores: readonly number[]): number {
  const sweep = sweepWithBothClasses(yTrue01, scores);
  // Summed in integer counts (exact) and divided once at the end.
  let doubledArea = 0;
  let previousTruePositives = 0;
  let previousFalsePositives = 0;
  for (let index = 0; index < sweep.thresholds.length; index++) {
    const truePositives = sweep.truePositives[index];
    const falsePositives = sweep.falsePositives[index];
    doubledArea += (falsePositives - previousFalsePositives) * (truePositives + previousTruePositives);
    previousTruePositives = truePositives;
    previousFalsePositives = falsePositives;
  }
  return doubledArea / (2 * sweep.positiveCount * sweep.negativeCount);
}

/**
 * One-vs-rest ROC-AUC of each class (column c of `probabilities` as the score of class c), averaged
 * without weights: sklearn `roc_auc_score(y, P, multi_class='ovr', average='macro')`. Every class must
 * occur in `yTrue` (as sklearn requires). Rows need not sum to 1: AUC only uses the order of scores.
 */
export function macroRocAuc(yTrue: readonly number[], probabilities: readonly (readonly number[])[]): number {
  assertNonEmpty('yTrue', yTrue);
  assertSameLength('yTrue', yTrue, 'probabilities', probabilities);
  const classCount = assertFiniteMatrix('probabilities', probabilities);
  if (classCount < 2) throw new RangeError('probabilities needs at least 2 columns (classes)');
  assertClassIndices('yTrue', yTrue, classCount);
  let total = 0;
  for (let classIndex = 0; classIndex < classCount; classIndex++) {
    const isClass = yTrue.map((label) => (label === classIndex ? 1 : 0));
    if (!isClass.includes(1)) throw new RangeError(`yTrue has no sample of class ${classIndex}`);
    total += rocAuc(
      isClass,
      probabilities.map((row) => row[classIndex]),
    );
  }
  return total / classCount;
}

/**
 * Area under the precision–recall curve as sklearn `average_precision_score`: Σ (Rₙ − Rₙ₋₁)·Pₙ over
 * tie-merged thresholds, no interpolation. Unlike sklearn (which warns and returns 0) it throws when
 * there is no positive: the metric is undefined then.
 */
export function averagePrecision(yTrue01: readonly number[], scores: readonly number[]): number {
  assertBinaryScoring(yTrue01, scores);
  const sweep = sweepThresholds(yTrue01, scores);
  if (sweep.positiveCount === 0) throw new RangeError('yTrue01 has no positive sample (1)');
  let sum = 0;
  let previousTruePositives = 0;
  for (let index = 0; index < sweep.thresholds.length; index++) {
    const truePositives = sweep.truePositives[index];
    if (truePositives > previousTruePositives) {
      const precision = truePositives / (truePositives + sweep.falsePositives[index]);
      sum += (truePositives - previousTruePositives) * precision;
      previousTruePositives = truePositives;
    }
  }
  return sum / sweep.positiveCount;
}
