import { describe, expect, it } from 'vitest';
import { sensitivitySpecificity, thresholdForSensitivity } from './threshold.metrics';

// Positives score 0.9 0.8 0.6 0.3; negatives 0.7 0.4 0.2 0.1.
const yTrue = [1, 1, 1, 1, 0, 0, 0, 0];
const scores = [0.9, 0.8, 0.6, 0.3, 0.7, 0.4, 0.2, 0.1];

describe('sensitivitySpecificity', () => {
  it('calls a sample positive when score >= threshold', () => {
    // threshold 0.6: positives 0.9 0.8 0.6 called (TP 3, FN 1); negative 0.7 called (FP 1, TN 3).
    expect(sensitivitySpecificity(yTrue, scores, 0.6)).toEqual({
      sensitivity: 0.75,
      specificity: 0.75,
      truePositives: 3,
      falsePositives: 1,
      trueNegatives: 3,
      falseNegatives: 1,
    });
    // Above every score: nothing called → sensitivity 0, specificity 1.
    const none = sensitivitySpecificity(yTrue, scores, 2);
    expect([none.sensitivity, none.specificity]).toEqual([0, 1]);
    // No positive at all: sensitivity 0/0 = 0.
    expect(sensitivitySpecificity([0, 0], [0.1, 0.2], 0.15).sensitivity).toBe(0);
    expect(() => sensitivitySpecificity(yTrue, scores, Number.NaN)).toThrow(/threshold/);
  });
});

describe('thresholdForSensitivity', () => {
  it('returns the largest threshold that reaches the target', () => {
    // 3 of 4 positives needed → the third-highest positive score, 0.6 (spec 3/4 as above).
    expect(thresholdForSensitivity(yTrue, scores, 0.75)).toEqual({
      threshold: 0.6,
      sensitivity: 0.75,
      specificity: 0.75,
    });
    // 0.7 is not a positive score, but 0.7 < target 0.75 → still 0.6. 0.5 → two positives → 0.8, spec 1.
    expect(thresholdForSensitivity(yTrue, scores, 0.7).threshold).toBe(0.6);
    expect(thresholdForSensitivity(yTrue, scores, 0.5)).toEqual({
      threshold: 0.8,
      sensitivity: 0.5,
      specificity: 1,
    });
    // All positives → 0.3; negatives >= 0.3 are 0.7 and 0.4 → spec 2/4.
    expect(thresholdForSensitivity(yTrue, scores, 1)).toEqual({
      threshold: 0.3,
      sensitivity: 1,
      specificity: 0.5,
    });
  });

  it('picks the k-th highest positive score for a target of k/P', () => {
    // 10 positives (scores 10..1) and no negative: 0.7 needs 7 → the 7th highest, 4; specificity 0/0 = 0.
    const labels = new Array<number>(10).fill(1);
    const positiveScores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(thresholdForSensitivity(labels, positiveScores, 0.7)).toEqual({
      threshold: 4,
      sensitivity: 0.7,
      specificity: 0,
    });
    // 0.71 needs 8 → 3.
    expect(thresholdForSensitivity(labels, positiveScores, 0.71).threshold).toBe(3);
  });

  it('agrees with sensitivitySpecificity at the threshold it returns, ties included', () => {
    // Tied scores 0.5 (+, +, −) enter together: target 0.5 of 4 positives needs two; 0.9 gives one,
    // 0.5 gives three → threshold 0.5, sensitivity 3/4, specificity 1/2 (negatives 0.5, 0.2 → one below).
    const labels = [1, 1, 1, 0, 1, 0];
    const tiedScores = [0.9, 0.5, 0.5, 0.5, 0.1, 0.2];
    const found = thresholdForSensitivity(labels, tiedScores, 0.5);
    expect(found).toEqual({ threshold: 0.5, sensitivity: 0.75, specificity: 0.5 });
    const check = sensitivitySpecificity(labels, tiedScores, found.threshold);
    expect([check.sensitivity, check.specificity]).toEqual([found.sensitivity, found.specificity]);
  });

  it('refuses a target outside (0, 1] and labels without a positive', () => {
    expect(() => thresholdForSensitivity(yTrue, scores, 0)).toThrow(/\(0, 1\]/);
    expect(() => thresholdForSensitivity(yTrue, scores, 1.01)).toThrow(RangeError);
    expect(() => thresholdForSensitivity(yTrue, scores, Number.NaN)).toThrow(/targetSensitivity/);
    expect(() => thresholdForSensitivity([0, 0], [0.1, 0.2], 0.5)).toThrow(/no positive/);
  });
});
