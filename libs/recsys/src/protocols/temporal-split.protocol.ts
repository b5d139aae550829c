import type { Interaction } from '../interactions/interaction';
import type { DatasetSplit } from './dataset-split';

export interface TemporalSplitOptions {
  /** Share of interactions (by count, latest) that goes to test; default 0.2. Ignored with `cutoff`. */
  testFraction?: number;
  /** Share just before the test period that goes to validation; default 0. */
  validationFraction?: number;
  /** Explicit cutoff (epoch seconds): interactions at or after it are test. */
  cutoff?: number;
}

/**
 * Global temporal split: one cutoff time for everybody, so the model never sees the future of any
 * user. The cutoff is the timestamp of the interaction at rank ⌊(1 − testFraction)·n⌋ in time order
 * (or `cutoff`); everything at or after it is test (equal timestamps never straddle the cut). Users
 * or items that first appear after the cutoff are kept in the files; evaluation skips them (cold start).
 */
export function temporalSplit(
  interactions: readonly Interaction[],
  options: TemporalSplitOptions = {},
): DatasetSplit {
  if (interactions.some((interaction) => interaction.timestamp === undefined)) {
    throw new Error('a temporal split needs a timestamp on every interaction');
  }
  const testFraction = options.testFraction ?? 0.2;
  const validationFraction = options.validationFraction ?? 0;
  if (!(testFraction > 0 && validationFraction >= 0 && testFraction + validationFraction < 1)) {
    throw new RangeError('testFraction must be > 0, validationFraction ≥ 0, and their sum < 1');
  }
  const times = interactions.map((interaction) => interaction.timestamp!).sort((a, b) => a - b);
  const at = (share: number): number => times[Math.min(times.length - 1, Math.floor(share * times.length))];
  const testCutoff = options.cutoff ?? at(1 - testFraction);
  const validationCutoff =
    options.cutoff === undefined && validationFraction > 0
      ? at(1 - testFraction - validationFraction)
      : testCutoff;
  const split: DatasetSplit = {
    protocol: `temporal(test from ${testCutoff}${validationCutoff < testCutoff ? `, validation from ${validationCutoff}` : ''})`,
    train: [],
    validation: [],
    test: [],
  };
  for (const interaction of interactions) {
    const time = interaction.timestamp!;
    if (time >= testCutoff) split.test.push(interaction);
    else if (time >= validationCutoff) split.validation.push(interaction);
    else split.train.push(interaction);
  }
  return split;
}
