import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagedPrecisionRecallF1,
  classificationReport,
  confusionMatrix,
  perClassPrecisionRecallF1,
} from './classification.metrics';

// yTrue 0 0 1 1 2 2
// yPred 0 1 1 1 2 0
// confusion (rows true, cols pred): [1 1 0] [0 2 0] [1 0 1]; accuracy 4/6
// class 0: TP 1, FP 1 (a true 2), FN 1 → P 1/2, R 1/2, F1 1/2, support 2
// class 1: TP 2, FP 1, FN 0         → P 2/3, R 1,   F1 2·(2/3)/(5/3) = 0.8
// class 2: TP 1, FP 0, FN 1         → P 1,   R 1/2, F1 2·(1/2)/(3/2) = 2/3
// macro P (1/2 + 2/3 + 1)/3 = 13/18; macro R (1/2 + 1 + 1/2)/3 = 2/3; macro F1 (1/2 + 4/5 + 2/3)/3 = 59/90
// micro: TP 4, FP 2, FN 2 → P = R = F1 = 4/6
const yTrue = [0, 0, 1, 1, 2, 2];
const yPred = [0, 1, 1, 1, 2, 0];

describe('confusionMatrix and accuracy', () => {
  it('counts true classes by row, predicted classes by column', () => {
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 15);
  });

  it('refuses class indices outside [0, classCount), mismatched lengths, NaN and empty input', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/yTrue\[1\].*\[0, 2\]/);
    expect(() => confusionMatrix([0, 1], [0, 1.5], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0, 1], [0, Number.NaN], 3)).toThrow(/yPred\[1\]/);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/differ in length \(2 vs 1\)/);
    expect(() => confusionMatrix([], [], 3)).toThrow(/yTrue is empty/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/classCount/);
    expect(() => accuracy([1, 2], [1])).toThrow(RangeError);
  });
});

describe('precision, recall, F1', () => {
  it('gives per-class values worked out above', () => {
    const perClass = perClassPrecisionRecallF1(yTrue, yPred, 3);
    const expected = [
      { precision: 1 / 2, recall: 1 / 2, f1: 1 / 2, support: 2 },
      { precision: 2 / 3, recall: 1, f1: 0.8, support: 2 },
      { precision: 1, recall: 1 / 2, f1: 2 / 3, support: 2 },
    ];
    expected.forEach((metrics, classIndex) => {
      expect(perClass[classIndex].precision).toBeCloseTo(metrics.precision, 12);
      expect(perClass[classIndex].recall).toBeCloseTo(metrics.recall, 12);
      expect(perClass[classIndex].f1).toBeCloseTo(metrics.f1, 12);
      expect(perClass[classIndex].support).toBe(metrics.support);
    });
  });

  it('averages macro (mean of per-class) and micro (pooled counts)', () => {
    const macro = averagedPrecisionRecallF1(yTrue, yPred, 3, 'macro');
    expect(macro.precision).toBeCloseTo(13 / 18, 12);
    expect(macro.recall).toBeCloseTo(2 / 3, 12);
    expect(macro.f1).toBeCloseTo(59 / 90, 12);
    const micro = averagedPrecisionRecallF1(yTrue, yPred, 3, 'micro');
    expect(micro.precision).toBeCloseTo(4 / 6, 12);
    expect(micro.f1).toBeCloseTo(4 / 6, 12);
    expect(() => averagedPrecisionRecallF1(yTrue, yPred, 3, 'weighted' as 'macro')).toThrow(/macro, micro/);
  });

  it('defines 0/0 as 0 and keeps absent classes in the macro mean', () => {
    // Same data with classCount 4: class 3 has TP = FP = FN = 0 → P = R = F1 = 0, support 0,
    // so macro F1 = (59/90·3 + 0)/4 = 59/120.
    const perClass = perClassPrecisionRecallF1(yTrue, yPred, 4);
    expect(perClass[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(averagedPrecisionRecallF1(yTrue, yPred, 4, 'macro').f1).toBeCloseTo(59 / 120, 12);
    // Class 1 is never predicted: yTrue [0, 1], yPred [0, 0] → class 1 P = 0/0 = 0, R = 0/1 = 0.
    // Class 0: P 1/2, R 1, F1 2/3.
    const [classZero, classOne] = perClassPrecisionRecallF1([0, 1], [0, 0], 2);
    expect(classOne).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(classZero.f1).toBeCloseTo(2 / 3, 12);
  });
});

describe('classificationReport', () => {
  it('bundles accuracy, averages, named per-class metrics and the confusion matrix', () => {
    const report = classificationReport(yTrue, yPred, 3, ['cat', 'dog', 'bird']);
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.macroF1).toBeCloseTo(59 / 90, 12);
    expect(report.microF1).toBeCloseTo(4 / 6, 12);
    expect(report.macroPrecision).toBeCloseTo(13 / 18, 12);
    expect(report.macroRecall).toBeCloseTo(2 / 3, 12);
    expect(Object.keys(report.perClass)).toEqual(['cat', 'dog', 'bird']);
    expect(report.perClass['dog'].f1).toBeCloseTo(0.8, 12);
    expect(report.confusion[2]).toEqual([1, 0, 1]);
  });

  it('names classes by index by default and checks the labels', () => {
    expect(Object.keys(classificationReport(yTrue, yPred, 3).perClass)).toEqual(['0', '1', '2']);
    expect(() => classificationReport(yTrue, yPred, 3, ['a', 'b'])).toThrow(/2 names for 3 classes/);
    expect(() => classificationReport(yTrue, yPred, 3, ['a', 'b', 'a'])).toThrow(/duplicate/);
  });
});
