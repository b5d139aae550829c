import type { Interaction } from '../interactions/interaction';

/** Keeps interactions rated at least `minimum` (those without a rating are dropped). */
export function filterByRating(interactions: readonly Interaction[], minimum: number): Interaction[] {
  return interactions.filter(
    (interaction) => interaction.rating !== undefined && interaction.rating >= minimum,
  );
}

export interface CoreFilterOptions {
  /** Minimum interactions per user (RecBole `user_inter_num_interval: [k, inf)`). */
  userCore: number;
  /** Minimum interactions per item. */
  itemCore: number;
}

/**
 * Iterative k-core filter: drops users and items with fewer interactions than required, and again,
 * until none is left to drop (dropping an item can push a user under the bar and back). Counts rows,
 * as RecBole does (MovieLens has no repeated user–item pair). Input order is kept.
 */
export function coreFilter(interactions: readonly Interaction[], options: CoreFilterOptions): Interaction[] {
  let current = [...interactions];
  for (;;) {
    const userCounts = countBy(current, (interaction) => interaction.user);
    const itemCounts = countBy(current, (interaction) => interaction.item);
    const kept = current.filter(
      (interaction) =>
        userCounts.get(interaction.user)! >= options.userCore &&
        itemCounts.get(interaction.item)! >= options.itemCore,
    );
    if (kept.length === current.length) return kept;
    current = kept;
  }
}

function countBy(
  interactions: readonly Interaction[],
  key: (interaction: Interaction) => string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const interaction of interactions)
    counts.set(key(interaction), (counts.get(key(interaction)) ?? 0) + 1);
  return counts;
}
