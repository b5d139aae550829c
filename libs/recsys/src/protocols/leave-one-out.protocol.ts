import { SeededRandom } from '@deepworks/demo-data';
import type { Interaction } from '../interactions/interaction';
import { compareByTime, compareIds, groupByUser, type DatasetSplit } from './dataset-split';

export interface LeaveOneOutOptions {
  seed?: number;
  /** Also hold out each user's second-latest interaction as validation. */
  validation?: boolean;
  /**
   * Sampled negatives per test user (NCF, He et al. 2017, §4.1: 99); 0 (default) for full ranking.
   * Drawn uniformly without replacement from the items the user never interacted with.
   */
  negatives?: number;
}

/**
 * Leave-one-out by time: each user's latest interaction (ties by item id, the larger wins) is the
 * test item, optionally the one before it the validation item; the rest is train. A user needs one
 * training interaction left, so users with too few interactions stay wholly in train. Negatives are
 * drawn from the catalogue of all items in the input, users in sorted id order, one seeded stream.
 */
export function leaveOneOut(
  interactions: readonly Interaction[],
  options: LeaveOneOutOptions = {},
): DatasetSplit {
  const seed = options.seed ?? 42;
  const negativeCount = options.negatives ?? 0;
  if (!Number.isInteger(negativeCount) || negativeCount < 0)
    throw new RangeError('negatives must be an integer ≥ 0');
  if (interactions.some((interaction) => interaction.timestamp === undefined)) {
    throw new Error('leave-one-out needs a timestamp on every interaction');
  }
  const heldOut = options.validation ? 2 : 1;
  const split: DatasetSplit = {
    protocol: `leave-one-out(latest${options.validation ? ', second-latest as validation' : ''}${negativeCount > 0 ? `, ${negativeCount} sampled negatives, seed=${seed}` : ''})`,
    train: [],
    validation: [],
    test: [],
  };
  const groups = groupByUser(interactions);
  for (const [, group] of groups) {
    const ordered = group.sort(compareByTime);
    if (ordered.length <= heldOut) {
      split.train.push(...ordered);
      continue;
    }
    split.train.push(...ordered.slice(0, ordered.length - heldOut));
    if (options.validation) split.validation.push(ordered[ordered.length - 2]);
    split.test.push(ordered[ordered.length - 1]);
  }
  if (negativeCount > 0) split.negatives = sampleNegatives(groups, split.test, negativeCount, seed);
  return split;
}

function sampleNegatives(
  groups: readonly [string, Interaction[]][],
  test: readonly Interaction[],
  count: number,
  seed: number,
): Map<string, string[]> {
  const catalogue = [
    ...new Set(groups.flatMap(([, group]) => group.map((interaction) => interaction.item))),
  ].sort(compareIds);
  const seenByUser = new Map(
    groups.map(([user, group]) => [user, new Set(group.map((interaction) => interaction.item))]),
  );
  const random = new SeededRandom(seed);
  const negatives = new Map<string, string[]>();
  for (const { user } of [...test].sort((a, b) => compareIds(a.user, b.user))) {
    const seen = seenByUser.get(user)!;
    const available = catalogue.length - seen.size;
    if (available < count) {
      throw new RangeError(`user ${user} has only ${available} unseen items, fewer than ${count} negatives`);
    }
    const chosen = new Set<string>();
    while (chosen.size < count) {
      const item = catalogue[random.integer(catalogue.length)];
      if (!seen.has(item)) chosen.add(item);
    }
    negatives.set(user, [...chosen]);
  }
  return negatives;
}
