import { describe, expect, it } from 'vitest';
import { randomSearch } from './random.search';
import { type SearchRung, successiveHalving, successiveHalvingPlan } from './successive-halving.search';

describe('successiveHalvingPlan', () => {
  it('keeps ⌊n/eta⌋ at eta × the budget until maxBudget', () => {
    expect(successiveHalvingPlan({ trials: 9, eta: 3, minBudget: 1, maxBudget: 9 })).toEqual([
      { budget: 1, trials: 9 },
      { budget: 3, trials: 3 },
      { budget: 9, trials: 1 },
    ]);
    // eta 3 by default; Hyperband's bracket s = 3 for R = 27 (Li et al. 2018, table 1).
    expect(successiveHalvingPlan({ trials: 27, minBudget: 1, maxBudget: 27 })).toEqual([
      { budget: 1, trials: 27 },
      { budget: 3, trials: 9 },
      { budget: 9, trials: 3 },
      { budget: 27, trials: 1 },
    ]);
    // 4 → 2 → 1 at 1, 2, then min(4, 3) = 3.
    expect(successiveHalvingPlan({ trials: 4, eta: 2, minBudget: 1, maxBudget: 3 })).toEqual([
      { budget: 1, trials: 4 },
      { budget: 2, trials: 2 },
      { budget: 3, trials: 1 },
    ]);
  });

  it('sends a lone survivor to maxBudget and stops at maxBudget with several left', () => {
    // 10 → ⌊10/3⌋ = 3 → 1: the last goes straight to 100, not 9.
    expect(successiveHalvingPlan({ trials: 10, eta: 3, minBudget: 1, maxBudget: 100 })).toEqual([
      { budget: 1, trials: 10 },
      { budget: 3, trials: 3 },
      { budget: 100, trials: 1 },
    ]);
    expect(successiveHalvingPlan({ trials: 9, eta: 3, minBudget: 1, maxBudget: 2 })).toEqual([
      { budget: 1, trials: 9 },
      { budget: 2, trials: 3 },
    ]);
    expect(successiveHalvingPlan({ trials: 1, minBudget: 1, maxBudget: 5 })).toEqual([
      { budget: 5, trials: 1 },
    ]);
    expect(successiveHalvingPlan({ trials: 5, minBudget: 4, maxBudget: 4 })).toEqual([
      { budget: 4, trials: 5 },
    ]);
  });

  it('names the bad option', () => {
    const plan = (overrides: Record<string, number>) => () =>
      successiveHalvingPlan({ trials: 9, minBudget: 1, maxBudget: 9, ...overrides });
    expect(plan({ trials: 0 })).toThrow('trials must be an integer ≥ 1, not 0');
    expect(plan({ trials: 2.5 })).toThrow('trials must be an integer ≥ 1, not 2.5');
    expect(plan({ minBudget: 0 })).toThrow('minBudget must be a finite number > 0, not 0');
    expect(plan({ maxBudget: 0.5 })).toThrow('maxBudget must be a finite number ≥ minBudget (1), not 0.5');
    expect(plan({ eta: 1 })).toThrow('eta must be an integer ≥ 2, not 1');
    expect(plan({ eta: 2.5 })).toThrow('eta must be an integer ≥ 2, not 2.5');
  });
});

describe('successiveHalving', () => {
  it('promotes the top third per rung of a hand-worked table, and a late bloomer is lost', async () => {
    // score(t, b) = base[t] + growth[t] · b. 9 trials, eta 3, budgets 1, 3, 9.
    // Rung b=1: t0 5, t1 1, t2 4+2=6, t3 2, t4 8, t5 3, t6 7, t7 0, t8 6+1=7 → top 3: t4 8, t6 7, t8 7
    //   (t6 and t8 tie: the earlier trial first).
    // Rung b=3: t4 8, t6 7, t8 6+3=9 → t8. Rung b=9: t8 6+9=15 → best t8, 15 at budget 9.
    // t2 would score 4+18=22 at b=9, but 6 at b=1 loses it: the price of judging at small budgets.
    const base = [5, 1, 4, 2, 8, 3, 7, 0, 6];
    const growth = [0, 0, 2, 0, 0, 0, 0, 0, 1];
    const calls: [number, number][] = [];
    const rungs: SearchRung<unknown>[] = [];
    const result = await successiveHalving({
      space: { x: { kind: 'uniform', min: 0, max: 1 } },
      trials: 9,
      eta: 3,
      minBudget: 1,
      maxBudget: 9,
      seed: 5,
      evaluate: async (_config, budget, trialIndex) => {
        calls.push([trialIndex, budget]);
        return base[trialIndex] + growth[trialIndex] * budget;
      },
      onRung: (rung) => {
        rungs.push(rung);
      },
    });
    expect(result.rungs.map((rung) => rung.results.length)).toEqual([9, 3, 1]);
    expect(result.rungs.map((rung) => rung.budget)).toEqual([1, 3, 9]);
    expect(result.rungs.map((rung) => rung.promoted)).toEqual([[4, 6, 8], [8], []]);
    expect(result.rungs[1].results.map((r) => [r.trialIndex, r.score])).toEqual([
      [4, 8],
      [6, 7],
      [8, 9],
    ]);
    expect(result.best).toMatchObject({ trialIndex: 8, score: 15, budget: 9 });
    expect(result.best.config).toEqual(
      randomSearch({ x: { kind: 'uniform', min: 0, max: 1 } }, { trials: 9, seed: 5 })[8],
    );
    // 9 + 3 + 1 evaluations, one at a time, survivors in trial order.
    expect(calls).toEqual([...base.map((_, t) => [t, 1]), [4, 3], [6, 3], [8, 3], [8, 9]]);
    expect(rungs).toEqual(result.rungs);
  });

  const space = {
    learningRate: { kind: 'logUniform', min: 1e-4, max: 1e-1 },
    layers: { kind: 'int', min: 1, max: 4 },
    activation: { kind: 'choice', values: ['relu', 'tanh'] },
  } as const;
  // Best at learningRate 10^-2.5, 3 layers, relu; the budget adds −1/b to every config alike, so the
  // ranking of configs is the same at every budget and the search must end on the best one drawn.
  const quality = (config: { learningRate: number; layers: number; activation: 'relu' | 'tanh' }) =>
    -((Math.log10(config.learningRate) + 2.5) ** 2) -
    Math.abs(config.layers - 3) +
    (config.activation === 'relu' ? 0.5 : 0);

  it('finds the best config drawn, near the known optimum', async () => {
    const result = await successiveHalving({
      space,
      trials: 27,
      minBudget: 1,
      maxBudget: 27,
      seed: 2016,
      evaluate: async (config, budget) => quality(config) - 1 / budget,
    });
    const drawn = randomSearch(space, { trials: 27, seed: 2016 });
    const bestDrawn = drawn.reduce((best, config) => (quality(config) > quality(best) ? config : best));
    expect(result.best.config).toEqual(bestDrawn);
    expect(result.best.budget).toBe(27);
    expect(result.rungs.map((rung) => rung.results.length)).toEqual([27, 9, 3, 1]);
    expect(result.best.config).toMatchObject({ layers: 3, activation: 'relu' });
    expect(Math.abs(Math.log10(result.best.config.learningRate) + 2.5)).toBeLessThan(0.5);
  });

  it('is deterministic for a seed, and ranks a NaN score last', async () => {
    const run = (seed: number) =>
      successiveHalving({
        space,
        trials: 6,
        eta: 2,
        minBudget: 1,
        maxBudget: 4,
        seed,
        // Trial 0 diverges: its NaN must not survive, whatever its config.
        evaluate: async (config, budget, trialIndex) =>
          trialIndex === 0 ? NaN : quality(config) - 1 / budget,
      });
    const first = await run(9);
    expect(await run(9)).toEqual(first);
    expect((await run(10)).rungs[0].results).not.toEqual(first.rungs[0].results);
    expect(first.rungs[0].promoted).not.toContain(0);
    // 6 → 3 → 1 at 1, 2, then straight to 4.
    expect(first.rungs.map((rung) => [rung.budget, rung.results.length])).toEqual([
      [1, 6],
      [2, 3],
      [4, 1],
    ]);
  });

  it('names the bad option before evaluating anything', async () => {
    let evaluated = 0;
    const options = {
      space,
      trials: 9,
      minBudget: 1,
      maxBudget: 9,
      seed: 1,
      evaluate: async () => ++evaluated,
    };
    await expect(successiveHalving({ ...options, eta: 0 })).rejects.toThrow(
      'eta must be an integer ≥ 2, not 0',
    );
    await expect(successiveHalving({ ...options, trials: -1 })).rejects.toThrow(
      'trials must be an integer ≥ 1',
    );
    await expect(
      successiveHalving({ ...options, space: { lr: { kind: 'logUniform', min: -1, max: 1 } } }),
    ).rejects.toThrow('search parameter lr: logUniform needs min > 0');
    await expect(
      successiveHalving({ ...options, evaluate: (async () => 'high') as unknown as () => Promise<number> }),
    ).rejects.toThrow('evaluate must resolve to a number; trial 0 gave string');
    expect(evaluated).toBe(0);
  });
});
