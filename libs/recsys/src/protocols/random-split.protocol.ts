import { SeededRandom } from '@deepworks/demo-data';
import type { Interaction } from '../interactions/interaction';
import { compareByTime, groupByUser, splitCounts, type DatasetSplit } from './dataset-split';
import { coreFilter, filterByRating } from './interaction-filters';

export interface RandomSplitOptions {
  seed?: number;
  /** Train / validation / test shares of each user's interactions; default [0.8, 0.1, 0.1]. */
  ratios?: readonly [number, number, number];
  /** RecBole-like preprocessing, before splitting: keep ratings ≥ this (e.g. 3). */
  minRating?: number;
  /** RecBole-like preprocessing: iterative k-core on users and items (e.g. 10). */
  core?: number;
}

/**
 * Per-user random split (RecBole `RS: [0.8, 0.1, 0.1]`, `order: RO`, `group_by: user`): each user's
 * interactions, put in time order (ties by item id), are shuffled with one seeded Mulberry32 stream
 * (users taken in sorted id order; Fisher–Yates from the end), then cut with `splitCounts` into
 * train, validation and test. Optional preprocessing first: ratings ≥ `minRating`, then `core`-core.
 */
export function randomSplit(
  interactions: readonly Interaction[],
  options: RandomSplitOptions = {},
): DatasetSplit {
  const seed = options.seed ?? 42;
  const ratios = options.ratios ?? [0.8, 0.1, 0.1];
  if (ratios.some((ratio) => !(ratio >= 0)) || Math.abs(ratios[0] + ratios[1] + ratios[2] - 1) > 1e-9) {
    throw new RangeError(`ratios must be three non-negative shares summing to 1, got ${ratios.join('/')}`);
  }
  let data = [...interactions];
  const steps: string[] = [];
  if (options.minRating !== undefined) {
    data = filterByRating(data, options.minRating);
    steps.push(`rating>=${options.minRating}`);
  }
  if (options.core !== undefined) {
    data = coreFilter(data, { userCore: options.core, itemCore: options.core });
    steps.push(`${options.core}-core`);
  }
  const random = new SeededRandom(seed);
  const split: DatasetSplit = {
    protocol: `random(${ratios.map((ratio) => Math.round(ratio * 100)).join('/')}, seed=${seed}${steps.map((step) => `, ${step}`).join('')})`,
    train: [],
    validation: [],
    test: [],
  };
  for (const [, group] of groupByUser(data)) {
    const shuffled = shuffle(group.sort(compareByTime), random);
    const [trainCount, validationCount] = splitCounts(shuffled.length, ratios);
    split.train.push(...shuffled.slice(0, trainCount));
    split.validation.push(...shuffled.slice(trainCount, trainCount + validationCount));
    split.test.push(...shuffled.slice(trainCount + validationCount));
  }
  return split;
}

/** A train / validation pair carved from a training set for model selection. */
export interface ValidationFold {
  train: Interaction[];
  validation: Interaction[];
}

/**
 * Holds out a share of each user's training interactions for model selection, `folds` times with
 * disjoint held-out parts where the user has enough interactions: each user's interactions are put
 * in time order and shuffled once (seeded, as `randomSplit`), `m = splitCounts(n, [1 − fraction,
 * fraction])[1]` of them go to validation, fold f taking positions f·m … f·m + m − 1 (wrapping round).
 * The test split is not an input, so selection cannot peek at it.
 */
export function carveValidationFolds(
  train: readonly Interaction[],
  options: { seed?: number; fraction?: number; folds?: number } = {},
): ValidationFold[] {
  const fraction = options.fraction ?? 0.1;
  const foldCount = options.folds ?? 1;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`fraction must be in (0, 1), got ${fraction}`);
  if (!Number.isInteger(foldCount) || foldCount < 1)
    throw new RangeError(`folds must be a positive integer, got ${foldCount}`);
  const random = new SeededRandom(options.seed ?? 42);
  const folds: ValidationFold[] = Array.from({ length: foldCount }, () => ({ train: [], validation: [] }));
  for (const [, group] of groupByUser(train)) {
    const shuffled = shuffle(group.sort(compareByTime), random);
    const heldOut = splitCounts(shuffled.length, [1 - fraction, fraction])[1];
    folds.forEach((fold, index) => {
      const chosen = new Set<number>();
      for (let offset = 0; offset < heldOut; offset++)
        chosen.add((index * heldOut + offset) % shuffled.length);
      shuffled.forEach((interaction, position) =>
        (chosen.has(position) ? fold.validation : fold.train).push(interaction),
      );
    });
  }
  return folds;
}

function shuffle<T>(values: T[], random: SeededRandom): T[] {
  for (let index = values.length - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    [values[index], values[other]] = [values[other], values[index]];
  }
  return values;
}
