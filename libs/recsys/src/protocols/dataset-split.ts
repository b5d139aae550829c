import type { Interaction } from '../interactions/interaction';

/** Train / validation / test interactions of one protocol run (validation may be empty). */
export interface DatasetSplit {
  /** What was done, precisely enough to redo it, e.g. `random(80/10/10, seed=42, rating>=3, 10-core)`. */
  protocol: string;
  train: Interaction[];
  validation: Interaction[];
  test: Interaction[];
  /** Leave-one-out with sampled negatives only: user → the items to rank the held-out one against. */
  negatives?: Map<string, string[]>;
}

/**
 * How many of `total` rows go to each part, as RecBole's `_calcu_split_ids`: floor(ratio·total)
 * for every part after the first, the rest to the first; then, from the last part backwards, a part
 * whose share is strictly between 0 and 1 row takes one row from the first while it has more than 1.
 * 10 rows at 80/10/10 give 8/1/1; 5 rows give 3/1/1; 2 rows give 1/0/1.
 */
export function splitCounts(total: number, ratios: readonly number[]): number[] {
  const counts = ratios.map((ratio) => Math.floor(ratio * total));
  counts[0] = total - counts.slice(1).reduce((sum, count) => sum + count, 0);
  for (let back = 1; back < ratios.length; back++) {
    if (counts[0] <= 1) break;
    const share = ratios[ratios.length - back] * total;
    if (share > 0 && share < 1) {
      counts[ratios.length - back]++;
      counts[0]--;
    }
  }
  return counts;
}

/** Interactions grouped by user, users in sorted order (so iteration order never depends on input order). */
export function groupByUser(interactions: readonly Interaction[]): [string, Interaction[]][] {
  const groups = new Map<string, Interaction[]>();
  for (const interaction of interactions) {
    const group = groups.get(interaction.user);
    if (group) group.push(interaction);
    else groups.set(interaction.user, [interaction]);
  }
  return [...groups.entries()].sort(([a], [b]) => compareIds(a, b));
}

/** Code-unit order, as Python's `sorted` on str. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Oldest first; ties by item id, so the order does not depend on the file's. */
export function compareByTime(a: Interaction, b: Interaction): number {
  return (a.timestamp ?? 0) - (b.timestamp ?? 0) || compareIds(a.item, b.item);
}
