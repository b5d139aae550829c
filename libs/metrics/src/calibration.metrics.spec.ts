import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, reliabilityDiagram, reliabilityDiagramSvg } from './calibration.metrics';

// Two bins, (0, 0.5] and (0.5, 1]:
//   low:  confidences 0.1 0.3 0.35, correct 0 1 0 → mean confidence 0.25, accuracy 1/3, gap 1/12
//   high: confidences 0.8 0.9 0.95, correct 1 1 0 → mean confidence 0.88333…, accuracy 2/3, gap 13/60
// ECE = 3/6·1/12 + 3/6·13/60 = 1/24 + 13/120 = 0.15
const confidences = [0.1, 0.3, 0.35, 0.8, 0.9, 0.95];
const correct = [0, 1, 0, 1, 1, 0];

describe('reliabilityDiagram', () => {
  it('bins equal-width over [0, 1] with counts, mean confidence and accuracy', () => {
    const bins = reliabilityDiagram(confidences, correct, 2);
    expect(bins.map((bin) => [bin.lower, bin.upper, bin.count])).toEqual([
      [0, 0.5, 3],
      [0.5, 1, 3],
    ]);
    expect(bins[0].meanConfidence).toBeCloseTo(0.25, 14);
    expect(bins[0].accuracy).toBeCloseTo(1 / 3, 14);
    expect(bins[1].meanConfidence).toBeCloseTo(2.65 / 3, 14);
    expect(bins[1].accuracy).toBeCloseTo(2 / 3, 14);
  });

  it('puts an edge value in the lower bin, 0 in the first and 1 in the last', () => {
    // Bins of 1/10: 0 and 0.1 → bin 0 (0.1 is the upper edge of (0, 0.1]); 0.7 → (0.6, 0.7], bin 6;
    // 0.30000000000000004 > 0.3 → bin 3; 1 → bin 9.
    const counts = reliabilityDiagram([0, 0.7, 0.1, 1, 0.30000000000000004], [1, 1, 1, 1, 1], 10).map(
      (bin) => bin.count,
    );
    expect(counts).toEqual([2, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    // Bins of 1/20: 0.85 is the upper edge of bin 16; the next double, 0.8500000000000001, lies above it
    // (bin 17) although 0.8500000000000001·20 rounds to exactly 17.
    const edge = reliabilityDiagram([0.85, 0.8500000000000001], [1, 1], 20).map((bin) => bin.count);
    expect([edge[16], edge[17]]).toEqual([1, 1]);
  });

  it('keeps empty bins at zero and uses 15 bins by default', () => {
    const bins = reliabilityDiagram([0.99], [1]);
    expect(bins).toHaveLength(15);
    expect(bins[0]).toEqual({ lower: 0, upper: 1 / 15, count: 0, meanConfidence: 0, accuracy: 0 });
    expect(bins[14].count).toBe(1);
  });

  it('refuses confidences outside [0, 1], non-binary correctness and bad bin counts', () => {
    expect(() => reliabilityDiagram([1.2], [1])).toThrow(/confidences\[0\] must be in \[0, 1\]/);
    expect(() => reliabilityDiagram([Number.NaN], [1])).toThrow(/confidences\[0\]/);
    expect(() => reliabilityDiagram([0.5], [0.5])).toThrow(/correct01\[0\]/);
    expect(() => reliabilityDiagram([0.5], [1], 0)).toThrow(/bins/);
    expect(() => reliabilityDiagram([0.5, 0.6], [1], 5)).toThrow(/differ in length/);
  });
});

describe('expectedCalibrationError', () => {
  it('weights each bin gap by its share of samples', () => {
    expect(expectedCalibrationError(confidences, correct, 2)).toBeCloseTo(0.15, 14);
  });

  it('is 0 when accuracy equals confidence in every bin', () => {
    // One bin holding 0.75 ×4 with 3 of 4 correct: |0.75 − 0.75| = 0.
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [1, 1, 0, 1])).toBe(0);
    // Fully confident and always wrong: |0 − 1| = 1.
    expect(expectedCalibrationError([1, 1], [0, 0])).toBe(1);
  });
});

describe('reliabilityDiagramSvg', () => {
  it('draws one accuracy bar per non-empty bin, a gap where confidence differs, and escapes the title', () => {
    const svg = reliabilityDiagramSvg(reliabilityDiagram(confidences, correct, 4), {
      title: 'val <fold 1> & 2',
    });
    // Bins of 0.25: (0, .25] {0.1}, (.25, .5] {0.3, 0.35}, (.75, 1] {0.8, 0.9, 0.95}: 3 bars, 3 gaps.
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg.match(/fill="#4c78a8"/g)).toHaveLength(3);
    expect(svg.match(/fill="#e45756"/g)).toHaveLength(3);
    expect(svg).toContain('val &lt;fold 1&gt; &amp; 2');
    expect(svg).not.toContain('<fold');
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('refuses an empty bin list or a NaN inside a bin', () => {
    expect(() => reliabilityDiagramSvg([])).toThrow(/bins is empty/);
    expect(() =>
      reliabilityDiagramSvg([{ lower: 0, upper: 1, count: 1, meanConfidence: Number.NaN, accuracy: 1 }]),
    ).toThrow(/bins\[0\]\.meanConfidence/);
  });
});
