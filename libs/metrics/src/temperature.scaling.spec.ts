import { SeededRandom } from '@deepworks/demo-data';
import { describe, expect, it } from 'vitest';
import {
  applyTemperature,
  fitTemperature,
  negativeLogLikelihood,
  TEMPERATURE_RANGE,
} from './temperature.scaling';

/**
 * A well-calibrated source: logits z ~ N(0, spread²) per class, the label drawn from softmax(z) (or
 * σ(z) for one column). Handing out 3·z makes the model over-confident by exactly T = 3.
 */
function calibratedSample(
  seed: number,
  sampleCount: number,
  columnCount: number,
  spread: number,
): { logits: number[][]; labels: number[] } {
  const random = new SeededRandom(seed);
  const logits: number[][] = [];
  const labels: number[] = [];
  for (let sample = 0; sample < sampleCount; sample++) {
    const row = Array.from({ length: columnCount }, () => spread * random.gaussian());
    if (columnCount === 1) {
      labels.push(random.next() < 1 / (1 + Math.exp(-row[0])) ? 1 : 0);
    } else {
      labels.push(random.weighted(row.map((logit) => Math.exp(logit))));
    }
    logits.push(row);
  }
  return { logits, labels };
}

const scaledBy = (logits: number[][], factor: number): number[][] =>
  logits.map((row) => row.map((logit) => logit * factor));

describe('applyTemperature', () => {
  it('softmaxes logits / T, or gives σ(z / T) for a single column', () => {
    // softmax([0, 2 ln 3] / 2) = softmax([0, ln 3]) = [1/4, 3/4]
    const [multiclass] = applyTemperature([[0, 2 * Math.log(3)]], 2);
    expect(multiclass[0]).toBeCloseTo(0.25, 14);
    expect(multiclass[1]).toBeCloseTo(0.75, 14);
    // σ(2 ln 3 / 2) = 3/(3 + 1) = 3/4
    expect(applyTemperature([[2 * Math.log(3)]], 2)[0][0]).toBeCloseTo(0.75, 14);
    // Huge logits must not overflow: softmax([1000, 0]) ≈ [1, 0], σ(−1000) ≈ 0.
    expect(applyTemperature([[1000, 0]], 1)[0]).toEqual([1, 0]);
    expect(applyTemperature([[-1000]], 1)[0][0]).toBe(0);
  });

  it('refuses T <= 0, NaN logits and ragged rows', () => {
    expect(() => applyTemperature([[1, 2]], 0)).toThrow(/temperature must be > 0/);
    expect(() => applyTemperature([[1, Number.NaN]], 1)).toThrow(/logits\[0\]\[1\]/);
    expect(() => applyTemperature([[1, 2], [1]], 1)).toThrow(/logits\[1\] has 1 columns/);
  });
});

describe('negativeLogLikelihood', () => {
  it('is the mean −log of the true class probability', () => {
    // p = [1/4, 3/4]: labels 1 and 0 → (−ln 3/4 − ln 1/4)/2
    const logits = [
      [0, Math.log(3)],
      [0, Math.log(3)],
    ];
    expect(negativeLogLikelihood(logits, [1, 0])).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 14);
    // Binary: σ(ln 3) = 3/4 for label 1, 1/4 for label 0.
    expect(negativeLogLikelihood([[Math.log(3)], [Math.log(3)]], [1, 0])).toBeCloseTo(
      (-Math.log(0.75) - Math.log(0.25)) / 2,
      14,
    );
    expect(() => negativeLogLikelihood([[1]], [2])).toThrow(/labels\[0\] must be 0 or 1/);
    expect(() => negativeLogLikelihood([[1, 2]], [2])).toThrow(/labels\[0\]/);
  });
});

describe('fitTemperature', () => {
  it('finds the T worked out by hand (binary and multiclass)', () => {
    // Binary: four samples with logit 2 ln 3, three positive. NLL is least when σ(z/T) = 3/4,
    // i.e. z/T = ln 3 → T = 2.
    const binaryLogits = [[2 * Math.log(3)], [2 * Math.log(3)], [2 * Math.log(3)], [2 * Math.log(3)]];
    expect(fitTemperature(binaryLogits, [1, 1, 1, 0])).toBeCloseTo(2, 12);
    // Three classes, logits [3 ln 2, 0, 0] ×4, labels 0 0 1 2: the best p₀ is 1/2 (classes 1 and 2
    // split the rest equally), e^{a/T}/(e^{a/T} + 2) = 1/2 → a/T = ln 2 → T = 3.
    const row = [3 * Math.log(2), 0, 0];
    expect(fitTemperature([row, row, row, row], [0, 0, 1, 2])).toBeCloseTo(3, 12);
  });

  it('recovers T ≈ 3 from logits of a calibrated source scaled by 3, and lowers the NLL', () => {
    const { logits, labels } = calibratedSample(7, 4000, 4, 1.5);
    const overConfident = scaledBy(logits, 3);
    const temperature = fitTemperature(overConfident, labels);
    expect(Math.abs(temperature - 3) / 3).toBeLessThan(0.05);
    const before = negativeLogLikelihood(overConfident, labels, 1);
    const after = negativeLogLikelihood(overConfident, labels, temperature);
    expect(after).toBeLessThan(before * 0.9);
    // It is a minimum: a nudge either way does no better.
    expect(after).toBeLessThanOrEqual(negativeLogLikelihood(overConfident, labels, temperature * 1.01));
    expect(after).toBeLessThanOrEqual(negativeLogLikelihood(overConfident, labels, temperature / 1.01));
  });

  it('does the same for a single sigmoid logit column', () => {
    const { logits, labels } = calibratedSample(11, 20000, 1, 2);
    const temperature = fitTemperature(scaledBy(logits, 3), labels);
    expect(Math.abs(temperature - 3) / 3).toBeLessThan(0.05);
    // Under-confident logits (scaled by 1/2) want T ≈ 1/2.
    expect(Math.abs(fitTemperature(scaledBy(logits, 0.5), labels) - 0.5) / 0.5).toBeLessThan(0.05);
  });

  it('stops at the edge of the range when the data want a more extreme T', () => {
    // Perfectly separated: NLL keeps falling as T → 0.
    expect(fitTemperature([[5], [-5]], [1, 0])).toBeCloseTo(TEMPERATURE_RANGE.min, 6);
    // Labels independent of identical logits: best is p = 1/2, T → ∞.
    expect(fitTemperature([[4], [4]], [1, 0])).toBeCloseTo(TEMPERATURE_RANGE.max, 4);
  });
});
