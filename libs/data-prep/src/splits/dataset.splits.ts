import { SeededRandom } from '@deepworks/demo-data';

export interface SeededSplitOptions {
  /** Fractions per split, summing to 1, e.g. `[0.8, 0.1, 0.1]` for train/validation/test. */
  ratios: readonly number[];
  seed: number;
}

export type TemporalSplitOptions =
  | { ratios: readonly number[] }
  /** Ascending times: split i gets items with cutoffs[i-1] ≤ time < cutoffs[i]; the last split the rest. */
  | { cutoffs: readonly (number | Date)[] };

export interface PerUserSplitOptions<T> extends SeededSplitOptions {
  /** Each user's items are split oldest first (train gets the past); without it, shuffled by `seed`. */
  timeOf?: (item: T) => number | Date;
}

/** Shuffles the items (Fisher–Yates, seeded) and cuts them at the ratios. Same seed → same split. */
export function randomSplit<T>(items: readonly T[], options: SeededSplitOptions): T[][] {
  checkRatios(options.ratios);
  const shuffled = shuffle(items, new SeededRandom(options.seed));
  return cut(shuffled, splitSizes(shuffled.length, options.ratios));
}

/**
 * Each class is split on its own so that every split keeps the class proportions: each
 * (class, split) count is the exact share rounded down or up. The leftover items of each class go to
 * the splits furthest below their overall target, so split sizes also stay close to the ratios.
 * Classes are taken in order of first appearance; each split is shuffled at the end.
 */
export function stratifiedSplit<T>(
  items: readonly T[],
  labelOf: (item: T) => string | number,
  options: SeededSplitOptions,
): T[][] {
  const { ratios } = options;
  checkRatios(ratios);
  const random = new SeededRandom(options.seed);
  const classes = new Map<string | number, T[]>();
  for (const item of items) {
    const label = labelOf(item);
    const members = classes.get(label);
    if (members) members.push(item);
    else classes.set(label, [item]);
  }
  const splits: T[][] = ratios.map(() => []);
  const assigned = ratios.map(() => 0);
  let seen = 0;
  for (const members of classes.values()) {
    const shuffled = shuffle(members, random);
    const count = shuffled.length;
    seen += count;
    const exact = ratios.map((ratio) => count * ratio);
    const sizes = exact.map((value) => Math.floor(value + 1e-9));
    let leftover = count - sizes.reduce((sum, size) => sum + size, 0);
    // Candidates have a fractional share, so one more item keeps them within ±1 of it.
    const candidates = ratios
      .map((ratio, split) => ({
        split,
        deficit: seen * ratio - assigned[split] - sizes[split],
        fraction: exact[split] - sizes[split],
      }))
      .filter((candidate) => candidate.fraction > 1e-9)
      .sort(
        (left, right) =>
          right.deficit - left.deficit || right.fraction - left.fraction || left.split - right.split,
      );
    for (const candidate of candidates) {
      if (leftover === 0) break;
      sizes[candidate.split]++;
      leftover--;
    }
    // Only rounding noise can leave items over; the first split takes them.
    sizes[0] += leftover;
    cut(shuffled, sizes).forEach((part, split) => {
      append(splits[split], part);
      assigned[split] += part.length;
    });
  }
  return splits.map((split) => shuffle(split, random));
}

/**
 * Oldest first: split 0 gets the earliest items, the last split the latest (no future in training).
 * Ties keep input order; with `ratios`, items sharing a time can fall on both sides of a cut.
 */
export function temporalSplit<T>(
  items: readonly T[],
  timeOf: (item: T) => number | Date,
  options: TemporalSplitOptions,
): T[][] {
  const timed = items.map((item, index) => ({ item, index, time: toTime(timeOf(item)) }));
  timed.sort((left, right) => left.time - right.time || left.index - right.index);
  const sorted = timed.map((entry) => entry.item);
  if ('ratios' in options) {
    checkRatios(options.ratios);
    return cut(sorted, splitSizes(sorted.length, options.ratios));
  }
  const cutoffs = options.cutoffs.map(toTime);
  for (let index = 1; index < cutoffs.length; index++)
    if (cutoffs[index] < cutoffs[index - 1]) throw new Error('temporalSplit: cutoffs must be ascending');
  const splits: T[][] = [...cutoffs, Infinity].map(() => []);
  for (const entry of timed) {
    let split = 0;
    while (split < cutoffs.length && entry.time >= cutoffs[split]) split++;
    splits[split].push(entry.item);
  }
  return splits;
}

/**
 * Every user appears in every split their item count allows: each user's items are cut at the ratios
 * (rounded by largest remainder, so a user with few items may land only in the first split), oldest
 * first with `timeOf`, else in a seeded random order. Users are taken in order of first appearance.
 */
export function perUserSplit<T>(
  items: readonly T[],
  userOf: (item: T) => string | number,
  options: PerUserSplitOptions<T>,
): T[][] {
  const { ratios, timeOf } = options;
  checkRatios(ratios);
  const random = new SeededRandom(options.seed);
  const users = new Map<string | number, T[]>();
  for (const item of items) {
    const user = userOf(item);
    const owned = users.get(user);
    if (owned) owned.push(item);
    else users.set(user, [item]);
  }
  const splits: T[][] = ratios.map(() => []);
  for (const owned of users.values()) {
    const ordered = timeOf
      ? owned
          .map((item, index) => ({ item, index, time: toTime(timeOf(item)) }))
          .sort((left, right) => left.time - right.time || left.index - right.index)
          .map((entry) => entry.item)
      : shuffle(owned, random);
    cut(ordered, splitSizes(ordered.length, ratios)).forEach((part, split) => append(splits[split], part));
  }
  return splits;
}

function checkRatios(ratios: readonly number[]): void {
  if (ratios.length === 0 || ratios.some((ratio) => !(ratio >= 0) || !Number.isFinite(ratio)))
    throw new Error(`split ratios must be non-negative numbers; got [${ratios.join(', ')}]`);
  const total = ratios.reduce((sum, ratio) => sum + ratio, 0);
  if (Math.abs(total - 1) > 1e-6)
    throw new Error(`split ratios must sum to 1; got [${ratios.join(', ')}] = ${total}`);
}

/** Largest-remainder rounding (Hamilton): sizes sum to `count`, each within 1 of count·ratio. */
export function splitSizes(count: number, ratios: readonly number[]): number[] {
  const exact = ratios.map((ratio) => count * ratio);
  const sizes = exact.map((value) => Math.floor(value + 1e-9));
  let leftover = count - sizes.reduce((sum, size) => sum + size, 0);
  const order = exact
    .map((value, split) => ({ split, fraction: value - sizes[split] }))
    .sort((left, right) => right.fraction - left.fraction || left.split - right.split);
  for (const { split } of order) {
    if (leftover <= 0) break;
    sizes[split]++;
    leftover--;
  }
  return sizes;
}

function cut<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const parts: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    parts.push(items.slice(start, start + size));
    start += size;
  }
  return parts;
}

/** `target.push(...items)` overflows the call stack beyond ~100k items; a loop does not. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function shuffle<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.integer(index + 1);
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

function toTime(value: number | Date): number {
  const time = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(time))
    throw new Error(`split: time ${String(value)} is not a finite number or valid Date`);
  return time;
}
