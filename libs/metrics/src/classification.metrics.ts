import {
  assertClassIndices,
  assertNonEmpty,
  assertPositiveInteger,
  assertSameLength,
} from './metric-input.guards';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of samples whose true class is this one. */
  support: number;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
}

export type MetricAverage = 'macro' | 'micro';
const METRIC_AVERAGES: readonly MetricAverage[] = ['macro', 'micro'];

export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  microF1: number;
  macroPrecision: number;
  macroRecall: number;
  perClass: Record<string, ClassMetrics>;
  /** Rows are true classes, columns predicted classes (sklearn's layout). */
  confusion: number[][];
}

// 0/0 is defined as 0, as sklearn's zero_division=0: a class never predicted has precision 0.
function safeRatio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function f1From(precision: number, recall: number): number {
  return safeRatio(2 * precision * recall, precision + recall);
}

function assertClassPredictions(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount: number,
): void {
  assertPositiveInteger('classCount', classCount);
  assertNonEmpty('yTrue', yTrue);
  assertSameLength('yTrue', yTrue, 'yPred', yPred);
  assertClassIndices('yTrue', yTrue, classCount);
  assertClassIndices('yPred', yPred, classCount);
}

/** `classCount × classCount` counts; `matrix[t][p]` = samples of true class t predicted as p. */
export function confusionMatrix(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount: number,
): number[][] {
  assertClassPredictions(yTrue, yPred, classCount);
  const matrix = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let index = 0; index < yTrue.length; index++) matrix[yTrue[index]][yPred[index]] += 1;
  return matrix;
}

/** Fraction of samples whose predicted class equals the true class. */
export function accuracy(yTrue: readonly number[], yPred: readonly number[]): number {
  assertNonEmpty('yTrue', yTrue);
  assertSameLength('yTrue', yTrue, 'yPred', yPred);
  let correct = 0;
  for (let index = 0; index < yTrue.length; index++) if (yTrue[index] === yPred[index]) correct++;
  return correct / yTrue.length;
}

interface ClassCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

function countsFromConfusion(confusion: readonly (readonly number[])[]): ClassCounts[] {
  const classCount = confusion.length;
  return confusion.map((row, classIndex) => {
    let predictedAsClass = 0;
    for (let trueClass = 0; trueClass < classCount; trueClass++) {
      predictedAsClass += confusion[trueClass][classIndex];
    }
    const support = row.reduce((sum, count) => sum + count, 0);
    const truePositives = row[classIndex];
    return {
      truePositives,
      falsePositives: predictedAsClass - truePositives,
      falseNegatives: support - truePositives,
    };
  });
}

function perClassFromConfusion(confusion: readonly (readonly number[])[]): ClassMetrics[] {
  return countsFromConfusion(confusion).map((counts) => {
    const precision = safeRatio(counts.truePositives, counts.truePositives + counts.falsePositives);
    const recall = safeRatio(counts.truePositives, counts.truePositives + counts.falseNegatives);
    return {
      precision,
      recall,
      f1: f1From(precision, recall),
      support: counts.truePositives + counts.falseNegatives,
    };
  });
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

// Macro F1 is the mean of per-class F1 (sklearn), not the F1 of macro precision and macro recall.
function macroFromPerClass(perClass: readonly ClassMetrics[]): AveragedMetrics {
  return {
    precision: mean(perClass.map((metrics) => metrics.precision)),
    recall: mean(perClass.map((metrics) => metrics.recall)),
    f1: mean(perClass.map((metrics) => metrics.f1)),
  };
}

function microFromConfusion(confusion: readonly (readonly number[])[]): AveragedMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const counts of countsFromConfusion(confusion)) {
    truePositives += counts.truePositives;
    falsePositives += counts.falsePositives;
    falseNegatives += counts.falseNegatives;
  }
  const precision = safeRatio(truePositives, truePositives + falsePositives);
  const recall = safeRatio(truePositives, truePositives + falseNegatives);
  return { precision, recall, f1: f1From(precision, recall) };
}

/**
 * Precision, recall, F1 and support of every class index in `[0, classCount)`, including classes
 * that never occur (all four are then 0).
 */
export function perClassPrecisionRecallF1(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount: number,
): ClassMetrics[] {
  return perClassFromConfusion(confusionMatrix(yTrue, yPred, classCount));
}

/**
 * `macro`: unweighted mean over all `classCount` classes (absent classes count as 0).
 * `micro`: from the summed true/false positives and false negatives; equals accuracy for single-label
 * classification.
 */
export function averagedPrecisionRecallF1(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount: number,
  average: MetricAverage,
): AveragedMetrics {
  if (!METRIC_AVERAGES.includes(average)) {
    throw new RangeError(
      `average must be one of ${METRIC_AVERAGES.join(', ')}, got ${String(average as unknown)}`,
    );
  }
  const confusion = confusionMatrix(yTrue, yPred, classCount);
  return average === 'macro'
    ? macroFromPerClass(perClassFromConfusion(confusion))
    : microFromConfusion(confusion);
}

/**
 * Everything above in one pass. `labels[i]` names class index i in `perClass` (default: `"0"`, `"1"`, …).
 */
export function classificationReport(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount: number,
  labels?: readonly string[],
): ClassificationReport {
  const confusion = confusionMatrix(yTrue, yPred, classCount);
  const names = labels ?? Array.from({ length: classCount }, (_, index) => String(index));
  if (names.length !== classCount) {
    throw new RangeError(`labels has ${names.length} names for ${classCount} classes`);
  }
  if (new Set(names).size !== names.length) throw new RangeError('labels contains a duplicate name');
  const perClassList = perClassFromConfusion(confusion);
  const macro = macroFromPerClass(perClassList);
  const micro = microFromConfusion(confusion);
  // fromEntries, not assignment: a label such as "__proto__" must stay an ordinary key.
  const perClass: Record<string, ClassMetrics> = Object.fromEntries(
    perClassList.map((metrics, index) => [names[index], metrics]),
  );
  let correct = 0;
  for (let index = 0; index < classCount; index++) correct += confusion[index][index];
  return {
    accuracy: correct / yTrue.length,
    macroF1: macro.f1,
    microF1: micro.f1,
    macroPrecision: macro.precision,
    macroRecall: macro.recall,
    perClass,
    confusion,
  };
}
