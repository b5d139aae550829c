import { describe, expect, it } from 'vitest';
import { learningRateAt } from './learning-rate-schedule';

describe('learningRateAt', () => {
  it('warms up linearly, then holds a constant rate', () => {
    const schedule = { kind: 'constant', rate: 0.1, warmupSteps: 4 } as const;
    // 0.1·1/4, 0.1·2/4, 0.1·3/4, 0.1·4/4, then 0.1
    const rates = [0, 1, 2, 3, 4, 100].map((step) => learningRateAt(schedule, step));
    [0.025, 0.05, 0.075, 0.1, 0.1, 0.1].forEach((expected, index) =>
      expect(rates[index]).toBeCloseTo(expected, 12),
    );
  });

  it('decays by a factor every N steps', () => {
    const schedule = { kind: 'step', rate: 1, everySteps: 10, factor: 0.5 } as const;
    expect([0, 9, 10, 25].map((step) => learningRateAt(schedule, step))).toEqual([1, 1, 0.5, 0.25]);
  });

  it('follows a half cosine from rate to minRate', () => {
    const schedule = { kind: 'cosine', rate: 1, totalSteps: 100, minRate: 0 } as const;
    expect(learningRateAt(schedule, 0)).toBe(1);
    expect(learningRateAt(schedule, 50)).toBeCloseTo(0.5, 10);
    expect(learningRateAt(schedule, 100)).toBeCloseTo(0, 10);
    expect(learningRateAt(schedule, 500)).toBeCloseTo(0, 10);
  });
});
