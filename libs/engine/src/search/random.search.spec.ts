import { describe, expect, it } from 'vitest';
import { randomSearch } from './random.search';

describe('randomSearch', () => {
  it('draws every kind within its range, ints inclusive of both ends', () => {
    const configs = randomSearch(
      {
        batchSize: { kind: 'choice', values: [16, 32, 64] },
        dropout: { kind: 'uniform', min: 0.1, max: 0.5 },
        learningRate: { kind: 'logUniform', min: 1e-4, max: 1e-1 },
        layers: { kind: 'int', min: 1, max: 3 },
      },
      { trials: 300, seed: 7 },
    );
    expect(configs).toHaveLength(300);
    for (const config of configs) {
      expect([16, 32, 64]).toContain(config.batchSize);
      expect(config.dropout).toBeGreaterThanOrEqual(0.1);
      expect(config.dropout).toBeLessThan(0.5);
      expect(config.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(config.learningRate).toBeLessThan(1e-1);
    }
    // 300 draws of 3 values: each missing has probability (2/3)^300, so all three appear, nothing else.
    expect(new Set(configs.map((config) => config.layers))).toEqual(new Set([1, 2, 3]));
    expect(new Set(configs.map((config) => config.batchSize))).toEqual(new Set([16, 32, 64]));
  });

  it('draws logUniform uniformly in log space: half the draws of 1e-4..1 fall below 1e-2', () => {
    // log10 is uniform on [-4, 0], so P(x < 1e-2) = 2/4 = 0.5; a plain uniform would give 0.01.
    const configs = randomSearch(
      { rate: { kind: 'logUniform', min: 1e-4, max: 1 } },
      { trials: 2000, seed: 3 },
    );
    const below = configs.filter((config) => config.rate < 1e-2).length / configs.length;
    expect(below).toBeGreaterThan(0.45);
    expect(below).toBeLessThan(0.55);
  });

  it('gives the same configs for a seed and other configs for another seed', () => {
    const space = {
      x: { kind: 'uniform', min: 0, max: 1 },
      y: { kind: 'choice', values: ['a', 'b'] },
    } as const;
    expect(randomSearch(space, { trials: 5, seed: 11 })).toEqual(
      randomSearch(space, { trials: 5, seed: 11 }),
    );
    expect(randomSearch(space, { trials: 5, seed: 11 })).not.toEqual(
      randomSearch(space, { trials: 5, seed: 12 }),
    );
  });

  it('names the bad parameter or option', () => {
    const draw =
      (space: Parameters<typeof randomSearch>[0], trials = 2) =>
      () =>
        randomSearch(space, { trials, seed: 1 });
    expect(draw({ x: { kind: 'normal', min: 0, max: 1 } as never })).toThrow(
      'search parameter x: kind must be one of choice, uniform, logUniform, int, not normal',
    );
    expect(draw({ rate: { kind: 'logUniform', min: 0, max: 1 } })).toThrow(
      'search parameter rate: logUniform needs min > 0',
    );
    expect(draw({ x: { kind: 'uniform', min: 2, max: 1 } })).toThrow(
      'search parameter x: uniform needs finite min ≤ max',
    );
    expect(draw({ n: { kind: 'int', min: 1, max: 2.5 } })).toThrow(
      'search parameter n: int needs integer min and max',
    );
    expect(draw({ c: { kind: 'choice', values: [] } })).toThrow(
      'search parameter c: choice needs a non-empty values',
    );
    expect(draw({})).toThrow('search space must have at least one parameter');
    expect(draw({ x: { kind: 'uniform', min: 0, max: 1 } }, 0)).toThrow(
      'trials must be an integer ≥ 1, not 0',
    );
  });
});
