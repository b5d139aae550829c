import { SeededRandom } from '@deepworks/demo-data';
import type { InteractionMatrix } from '../matrix/interaction-matrix';

export interface SampledPairs {
  users: Int32Array;
  items: Int32Array;
  /** 1 for an observed pair, 0 for a sampled one. */
  labels: Float32Array;
}

/**
 * Training pairs for a pointwise implicit-feedback model (NCF's log loss, He et al. 2017, §3.1.1):
 * every observed pair, each followed by `negatives` items drawn uniformly among those the user has not
 * seen, seeded.
 */
export function samplePairsWithNegatives(
  train: InteractionMatrix,
  negatives: number,
  seed: number,
): SampledPairs {
  const random = new SeededRandom(seed);
  const samples = train.nonZeroCount * (1 + negatives);
  const users = new Int32Array(samples);
  const items = new Int32Array(samples);
  const labels = new Float32Array(samples);
  let sample = 0;
  for (let user = 0; user < train.userCount; user++) {
    const seen = new Set(train.userItems(user));
    for (const item of train.userItems(user)) {
      users[sample] = user;
      items[sample] = item;
      labels[sample++] = 1;
      for (let negative = 0; negative < negatives; negative++) {
        let other = random.integer(train.itemCount);
        // A user who has seen (almost) everything keeps a rare, harmless false negative.
        for (let attempt = 0; attempt < 20 && seen.has(other); attempt++)
          other = random.integer(train.itemCount);
        users[sample] = user;
        items[sample] = other;
        labels[sample++] = 0;
      }
    }
  }
  return { users, items, labels };
}
