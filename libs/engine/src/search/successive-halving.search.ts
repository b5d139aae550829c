import { randomSearch, type SearchConfig, type SearchSpace } from './random.search';

export interface SuccessiveHalvingPlanOptions {
  trials: number;
  minBudget: number;
  maxBudget: number;
  /** Each rung keeps the best 1/eta and gives them eta times the budget; default 3. */
  eta?: number;
}

export interface SuccessiveHalvingOptions<Space extends SearchSpace> extends SuccessiveHalvingPlanOptions {
  space: Space;
  seed: number;
  /** Higher is better. Called one trial at a time (never concurrently), in trial order within a rung. */
  evaluate: (config: SearchConfig<Space>, budget: number, trialIndex: number) => Promise<number>;
  /** After each rung, before the next starts. */
  onRung?: (rung: SearchRung<SearchConfig<Space>>) => void | Promise<void>;
}

export interface PlannedRung {
  budget: number;
  trials: number;
}

export interface TrialResult<Config> {
  /** Position of the config in the random-search draw: the same trial keeps it across rungs. */
  trialIndex: number;
  config: Config;
  score: number;
}

export interface SearchRung<Config> {
  budget: number;
  /** In trial order. */
  results: TrialResult<Config>[];
  /** Trial indices carried to the next rung, best first; empty for the last rung. */
  promoted: number[];
}

export interface SuccessiveHalvingResult<Config> {
  best: TrialResult<Config> & { budget: number };
  rungs: SearchRung<Config>[];
}

/**
 * The rungs successive halving will run (Jamieson & Talwalkar 2016; Hyperband's inner loop, Li et al.
 * 2018): `trials` configs at `minBudget`, then the best ⌊n/eta⌋ (at least one) at eta × the budget,
 * capped at `maxBudget`, until a rung runs at `maxBudget`. A rung with a single config runs at
 * `maxBudget` straight away: with nothing left to compare, intermediate budgets would only cost time.
 */
export function successiveHalvingPlan(options: SuccessiveHalvingPlanOptions): PlannedRung[] {
  const eta = options.eta ?? 3;
  validatePlan(options, eta);
  const { minBudget, maxBudget } = options;
  const rungs: PlannedRung[] = [];
  let trials = options.trials;
  let budget = trials === 1 ? maxBudget : minBudget;
  for (;;) {
    rungs.push({ budget, trials });
    if (budget >= maxBudget) return rungs;
    trials = Math.max(1, Math.floor(trials / eta));
    budget = trials === 1 ? maxBudget : Math.min(budget * eta, maxBudget);
  }
}

/**
 * Random search with successive halving: draws `trials` configs from `space` (seeded), evaluates them
 * rung by rung as `successiveHalvingPlan` lays out, and returns the best of the last rung with every
 * rung's scores. A NaN score ranks last; ties go to the earlier trial.
 */
export async function successiveHalving<const Space extends SearchSpace>(
  options: SuccessiveHalvingOptions<Space>,
): Promise<SuccessiveHalvingResult<SearchConfig<Space>>> {
  if (typeof options.evaluate !== 'function') throw new Error('evaluate must be a function');
  if (options.onRung !== undefined && typeof options.onRung !== 'function')
    throw new Error('onRung must be a function when given');
  const plan = successiveHalvingPlan(options);
  const configs = randomSearch(options.space, { trials: options.trials, seed: options.seed });
  const rungs: SearchRung<SearchConfig<Space>>[] = [];
  let alive = configs.map((_, index) => index);
  for (const [rungIndex, { budget }] of plan.entries()) {
    const results: TrialResult<SearchConfig<Space>>[] = [];
    for (const trialIndex of alive) {
      const score = await options.evaluate(configs[trialIndex], budget, trialIndex);
      if (typeof score !== 'number')
        throw new Error(`evaluate must resolve to a number; trial ${trialIndex} gave ${typeof score}`);
      results.push({ trialIndex, config: configs[trialIndex], score });
    }
    const ranked = [...results].sort(byScoreDescending);
    const next = plan[rungIndex + 1];
    const promoted = next ? ranked.slice(0, next.trials).map((result) => result.trialIndex) : [];
    const rung = { budget, results, promoted };
    rungs.push(rung);
    await options.onRung?.(rung);
    if (!next) return { best: { ...ranked[0], budget }, rungs };
    alive = [...promoted].sort((a, b) => a - b);
  }
  // successiveHalvingPlan always ends with a rung at maxBudget, which returns above.
  throw new Error('successive halving ran out of rungs');
}

function byScoreDescending<Config>(a: TrialResult<Config>, b: TrialResult<Config>): number {
  const scoreA = Number.isNaN(a.score) ? -Infinity : a.score;
  const scoreB = Number.isNaN(b.score) ? -Infinity : b.score;
  return scoreB - scoreA || a.trialIndex - b.trialIndex;
}

function validatePlan(options: SuccessiveHalvingPlanOptions, eta: number): void {
  const { trials, minBudget, maxBudget } = options;
  if (!Number.isInteger(trials) || trials < 1)
    throw new Error(`trials must be an integer ≥ 1, not ${String(trials)}`);
  if (!Number.isFinite(minBudget) || minBudget <= 0)
    throw new Error(`minBudget must be a finite number > 0, not ${String(minBudget)}`);
  if (!Number.isFinite(maxBudget) || maxBudget < minBudget)
    throw new Error(`maxBudget must be a finite number ≥ minBudget (${minBudget}), not ${String(maxBudget)}`);
  // An integer eta keeps integer budgets integer (epochs, steps).
  if (!Number.isInteger(eta) || eta < 2) throw new Error(`eta must be an integer ≥ 2, not ${String(eta)}`);
}
