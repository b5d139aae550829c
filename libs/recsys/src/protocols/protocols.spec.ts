import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@deepworks/demo-data';
import { describe, expect, it } from 'vitest';
import type { Interaction } from '../interactions/interaction';
import { parseInteractionCsv } from '../readers/interaction-csv.reader';
import { splitCounts } from './dataset-split';
import { coreFilter, filterByRating } from './interaction-filters';
import { leaveOneOut } from './leave-one-out.protocol';
import { carveValidationFolds, randomSplit } from './random-split.protocol';
import { writeSplitFiles } from './split-files.writer';
import { temporalSplit } from './temporal-split.protocol';

/** Random ratings: users u0…, items i0…, no repeated pair, ratings 1–5, distinct timestamps. */
function randomRatings(users: number, items: number, perUser: number, seed: number): Interaction[] {
  const random = new SeededRandom(seed);
  const result: Interaction[] = [];
  let time = 1_000_000;
  for (let user = 0; user < users; user++) {
    const chosen = new Set<number>();
    // Skewed item choice so that some items fall under the core threshold.
    while (chosen.size < perUser) chosen.add(Math.floor(items * random.next() ** 2));
    for (const item of chosen) {
      result.push({ user: `u${user}`, item: `i${item}`, rating: 1 + random.integer(5), timestamp: time++ });
    }
  }
  return result;
}

const key = (interaction: Interaction): string => `${interaction.user}\u0000${interaction.item}`;

function itemsByUser(interactions: readonly Interaction[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const { user, item } of interactions) map.set(user, (map.get(user) ?? new Set()).add(item));
  return map;
}

describe('splitCounts (RecBole _calcu_split_ids)', () => {
  it('cuts 80/10/10 as RecBole does', () => {
    expect(splitCounts(10, [0.8, 0.1, 0.1])).toEqual([8, 1, 1]);
    // 5 rows: floor(0.5) = 0 for both small parts, each then bumped to 1.
    expect(splitCounts(5, [0.8, 0.1, 0.1])).toEqual([3, 1, 1]);
    expect(splitCounts(2, [0.8, 0.1, 0.1])).toEqual([1, 0, 1]);
    expect(splitCounts(25, [0.8, 0.1, 0.1])).toEqual([21, 2, 2]);
  });
});

describe('filters', () => {
  it('leaves a 10-core in which every user and item has at least 10 interactions', () => {
    const data = filterByRating(randomRatings(120, 150, 30, 1), 3);
    const cored = coreFilter(data, { userCore: 10, itemCore: 10 });
    expect(cored.length).toBeGreaterThan(100);
    expect(cored.length).toBeLessThan(data.length);
    for (const field of ['user', 'item'] as const) {
      const counts = new Map<string, number>();
      for (const interaction of cored)
        counts.set(interaction[field], (counts.get(interaction[field]) ?? 0) + 1);
      expect(Math.min(...counts.values()), field).toBeGreaterThanOrEqual(10);
    }
    expect(cored.every((interaction) => interaction.rating! >= 3)).toBe(true);
  });
});

describe('randomSplit', () => {
  const data = randomRatings(80, 120, 25, 2);

  it('is deterministic for a seed, whatever the input order, and differs for another seed', () => {
    const first = randomSplit(data, { seed: 42 });
    const reversed = randomSplit([...data].reverse(), { seed: 42 });
    expect(reversed.test.map(key)).toEqual(first.test.map(key));
    expect(reversed.validation.map(key)).toEqual(first.validation.map(key));
    expect(randomSplit(data, { seed: 43 }).test.map(key)).not.toEqual(first.test.map(key));
  });

  it('partitions each user 80/10/10 with no test or validation item in that user’s train', () => {
    const split = randomSplit(data, { seed: 42 });
    expect(split.train.length + split.validation.length + split.test.length).toBe(data.length);
    const train = itemsByUser(split.train);
    for (const interaction of [...split.test, ...split.validation]) {
      expect(train.get(interaction.user)?.has(interaction.item)).toBe(false);
    }
    // 25 interactions per user → 21 / 2 / 2.
    expect(split.test.length).toBe(80 * 2);
    expect(new Set(split.test.map(key)).size).toBe(split.test.length);
  });

  it('applies the RecBole-like preprocessing before splitting and names it', () => {
    const split = randomSplit(data, { seed: 42, minRating: 3, core: 10 });
    expect(split.protocol).toBe('random(80/10/10, seed=42, rating>=3, 10-core)');
    const all = [...split.train, ...split.validation, ...split.test];
    expect(all).toHaveLength(coreFilter(filterByRating(data, 3), { userCore: 10, itemCore: 10 }).length);
  });

  it('carves disjoint validation folds out of train only', () => {
    const { train } = randomSplit(data, { seed: 42 });
    const folds = carveValidationFolds(train, { seed: 7, fraction: 0.1, folds: 3 });
    const seen = new Set<string>();
    for (const fold of folds) {
      expect(fold.train.length + fold.validation.length).toBe(train.length);
      const foldTrain = itemsByUser(fold.train);
      for (const interaction of fold.validation) {
        expect(foldTrain.get(interaction.user)?.has(interaction.item)).toBe(false);
        // 21 train rows per user, 2 held out per fold: 6 of 21, so the folds never overlap.
        expect(seen.has(key(interaction))).toBe(false);
        seen.add(key(interaction));
      }
    }
  });
});

describe('leaveOneOut', () => {
  const data = randomRatings(30, 200, 12, 3);

  it('holds out each user’s latest interaction (and the one before as validation)', () => {
    const split = leaveOneOut(data, { validation: true });
    const latest = new Map<string, Interaction>();
    for (const interaction of data) {
      if ((latest.get(interaction.user)?.timestamp ?? -1) < interaction.timestamp!)
        latest.set(interaction.user, interaction);
    }
    expect(split.test.map(key).sort()).toEqual([...latest.values()].map(key).sort());
    expect(split.validation).toHaveLength(30);
    expect(split.train).toHaveLength(data.length - 60);
    const trainTimes = new Map<string, number>();
    for (const { user, timestamp } of split.train)
      trainTimes.set(user, Math.max(trainTimes.get(user) ?? 0, timestamp!));
    for (const { user, timestamp } of split.validation)
      expect(timestamp!).toBeGreaterThan(trainTimes.get(user)!);
  });

  it('samples N negatives per user that the user never interacted with, deterministically', () => {
    const split = leaveOneOut(data, { negatives: 99, seed: 5 });
    const everything = itemsByUser(data);
    expect(split.negatives?.size).toBe(30);
    for (const [user, negatives] of split.negatives!) {
      expect(new Set(negatives).size).toBe(99);
      expect(negatives.some((item) => everything.get(user)!.has(item))).toBe(false);
    }
    expect([...leaveOneOut(data, { negatives: 99, seed: 5 }).negatives!]).toEqual([...split.negatives!]);
  });
});

describe('temporalSplit', () => {
  it('puts everything from the cutoff on in test and nothing later in train', () => {
    const data = randomRatings(40, 100, 10, 4);
    const split = temporalSplit(data, { testFraction: 0.2, validationFraction: 0.1 });
    const latestTrain = Math.max(...split.train.map((interaction) => interaction.timestamp!));
    const earliestValidation = Math.min(...split.validation.map((interaction) => interaction.timestamp!));
    const earliestTest = Math.min(...split.test.map((interaction) => interaction.timestamp!));
    expect(latestTrain).toBeLessThan(earliestValidation);
    expect(Math.max(...split.validation.map((interaction) => interaction.timestamp!))).toBeLessThan(
      earliestTest,
    );
    // 400 distinct timestamps: the cut is at rank floor(0.8·400) = 320, validation from rank 280.
    expect(split.test).toHaveLength(80);
    expect(split.validation).toHaveLength(40);
  });
});

describe('writeSplitFiles', () => {
  it('writes user,item,rating,timestamp CSVs that read back to the same split', () => {
    const data: Interaction[] = [
      { user: 'u1', item: 'a,"b"', rating: 4, timestamp: 10 },
      { user: 'u1', item: 'c', rating: 5, timestamp: 11 },
      { user: 'u2', item: 'c' },
    ];
    const split = leaveOneOut(data.slice(0, 2), { negatives: 0 });
    split.train.push(data[2]);
    const folder = mkdtempSync(join(tmpdir(), 'recsys-split-'));
    const files = writeSplitFiles(split, folder);
    expect(readFileSync(files.train, 'utf8')).toBe('user,item,rating,timestamp\nu1,"a,""b""",4,10\nu2,c,,\n');
    expect(parseInteractionCsv(readFileSync(files.train, 'utf8'))).toEqual(split.train);
    expect(parseInteractionCsv(readFileSync(files.test, 'utf8'))).toEqual(split.test);
  });
});
