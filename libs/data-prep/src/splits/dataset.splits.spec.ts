import { describe, expect, it } from 'vitest';
import { perUserSplit, randomSplit, splitSizes, stratifiedSplit, temporalSplit } from './dataset.splits';

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('splits', () => {
  it('random: sizes by largest remainder, deterministic for a seed, a partition', () => {
    // 10 · [0.7, 0.2, 0.1] is exact; 11 · [0.5, 0.25, 0.25] = 5.5, 2.75, 2.75 → 5, 3, 3 (largest fractions first).
    expect(splitSizes(10, [0.7, 0.2, 0.1])).toEqual([7, 2, 1]);
    expect(splitSizes(11, [0.5, 0.25, 0.25])).toEqual([5, 3, 3]);
    const first = randomSplit(range(100), { ratios: [0.8, 0.2], seed: 7 });
    expect(first.map((part) => part.length)).toEqual([80, 20]);
    expect(randomSplit(range(100), { ratios: [0.8, 0.2], seed: 7 })).toEqual(first);
    expect(randomSplit(range(100), { ratios: [0.8, 0.2], seed: 8 })).not.toEqual(first);
    expect([...first[0], ...first[1]].sort((a, b) => a - b)).toEqual(range(100));
    expect(() => randomSplit(range(3), { ratios: [0.8, 0.3], seed: 1 })).toThrow(/sum to 1/);
  });

  it('stratified: every (class, split) count within 1 of its exact share', () => {
    // Classes of 50, 31 and 7 items (uneven on purpose), split 0.7 / 0.15 / 0.15.
    const items = [...range(50).map(() => 'a'), ...range(31).map(() => 'b'), ...range(7).map(() => 'c')].map(
      (label, id) => ({ id, label }),
    );
    const ratios = [0.7, 0.15, 0.15];
    const splits = stratifiedSplit(items, (item) => item.label, { ratios, seed: 3 });
    for (const label of ['a', 'b', 'c']) {
      const total = items.filter((item) => item.label === label).length;
      splits.forEach((split, index) => {
        const count = split.filter((item) => item.label === label).length;
        expect(Math.abs(count - total * ratios[index])).toBeLessThan(1);
      });
    }
    // Split sizes also stay within 1 of 88 · ratio (61.6, 13.2, 13.2).
    splits.forEach((split, index) =>
      expect(Math.abs(split.length - 88 * ratios[index])).toBeLessThanOrEqual(1),
    );
    expect(
      splits
        .flat()
        .map((item) => item.id)
        .sort((a, b) => a - b),
    ).toEqual(range(88));
    expect(stratifiedSplit(items, (item) => item.label, { ratios, seed: 3 })).toEqual(splits);
  });

  it('handles a class and a user with 300 000 items (no argument-spreading limits)', () => {
    const items = range(300_000);
    const [train, test] = stratifiedSplit(items, () => 'one', { ratios: [0.9, 0.1], seed: 1 });
    expect([train.length, test.length]).toEqual([270_000, 30_000]);
    const perUser = perUserSplit(items, () => 'one', { ratios: [0.5, 0.5], seed: 1 });
    expect(perUser.map((part) => part.length)).toEqual([150_000, 150_000]);
  });

  it('temporal: oldest first, by ratios or by cutoffs', () => {
    const items = [5, 1, 4, 2, 3].map((time) => ({ time }));
    const byRatio = temporalSplit(items, (item) => item.time, { ratios: [0.6, 0.4] });
    expect(byRatio.map((part) => part.map((item) => item.time))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    const byCutoff = temporalSplit(items, (item) => new Date(item.time * 1000), {
      cutoffs: [new Date(3000), new Date(5000)],
    });
    expect(byCutoff.map((part) => part.map((item) => item.time))).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('per user: each user split by the ratios, by time when given', () => {
    // User u has times 1..5, user v times 10..14 (given newest first); ratios 0.6/0.4 → 3 + 2 each.
    const items = [
      ...range(5).map((index) => ({ user: 'u', time: index + 1 })),
      ...range(5).map((index) => ({ user: 'v', time: 14 - index })),
    ];
    const [train, test] = perUserSplit(items, (item) => item.user, {
      ratios: [0.6, 0.4],
      seed: 1,
      timeOf: (item) => item.time,
    });
    expect(train.map((item) => item.time)).toEqual([1, 2, 3, 10, 11, 12]);
    expect(test.map((item) => item.time)).toEqual([4, 5, 13, 14]);
    const shuffled = perUserSplit(items, (item) => item.user, { ratios: [0.6, 0.4], seed: 1 });
    expect(shuffled.map((part) => part.length)).toEqual([6, 4]);
    expect(perUserSplit(items, (item) => item.user, { ratios: [0.6, 0.4], seed: 1 })).toEqual(shuffled);
  });
});
