import {
  accuracy,
  applyTemperature,
  expectedCalibrationError,
  macroRocAuc,
  rocAuc,
  sensitivitySpecificity,
  thresholdForSensitivity,
} from '@deepworks/metrics';

export interface TriageScores {
  /** Calibrated class probabilities, one row per image. */
  probabilities: number[][];
  /** 1 − P(normal class): what the queue is ordered by and the threshold applies to. */
  abnormality: number[];
}

/** The figures `evaluate` reports (and training stores for the validation split). */
export interface TriageEvaluation {
  /** Binary: ROC-AUC of the abnormality score; multi-class: macro one-vs-rest AUC. */
  auc: number;
  /** Arg-max accuracy of the calibrated probabilities. */
  acc: number;
  /** Abnormal (any class but the normal one) flagged at the operating threshold. */
  sensitivity: number;
  specificity: number;
  /** Expected calibration error of the arg-max confidence, 15 equal-width bins. */
  ece: number;
  threshold: number;
  n: number;
}

export function scoreLogits(logits: number[][], temperature: number, normalClass: number): TriageScores {
  const probabilities = applyTemperature(logits, temperature);
  return { probabilities, abnormality: probabilities.map((row) => 1 - row[normalClass]) };
}

/**
 * `threshold: null` chooses the operating threshold for `targetSensitivity` on these labels (the
 * validation split); a number applies a threshold chosen earlier (the test split).
 */
export function evaluateScores(
  scores: TriageScores,
  labels: ArrayLike<number>,
  options: { normalClass: number; threshold: number | null; targetSensitivity: number },
): TriageEvaluation {
  const truth = Array.from(labels);
  const abnormal = truth.map((label) => (label === options.normalClass ? 0 : 1));
  const predicted = scores.probabilities.map((row) => row.indexOf(Math.max(...row)));
  const threshold =
    options.threshold ??
    thresholdForSensitivity(abnormal, scores.abnormality, options.targetSensitivity).threshold;
  const operating = sensitivitySpecificity(abnormal, scores.abnormality, threshold);
  const classCount = scores.probabilities[0]?.length ?? 0;
  return {
    auc: classCount === 2 ? rocAuc(abnormal, scores.abnormality) : macroRocAuc(truth, scores.probabilities),
    acc: accuracy(truth, predicted),
    sensitivity: operating.sensitivity,
    specificity: operating.specificity,
    ece: expectedCalibrationError(
      scores.probabilities.map((row) => Math.max(...row)),
      predicted.map((label, index) => (label === truth[index] ? 1 : 0)),
    ),
    threshold,
    n: truth.length,
  };
}
