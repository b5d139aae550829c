import type { InteractionMatrix } from '../matrix/interaction-matrix';
import { requireFitted, type FitOptions, type Recommender, type ScoredItem } from './recommender';
import { topSimilar } from './similar-items';

/** Every user gets the items most users interacted with: the baseline every other model must beat. */
export class PopularityRecommender implements Recommender {
  readonly description = 'pop';
  private popularity?: Float32Array;

  fit(train: InteractionMatrix, _options: FitOptions = {}): Promise<void> {
    this.popularity = Float32Array.from(train.itemPopularity());
    return Promise.resolve();
  }

  scoreUsers(userIndices: readonly number[]): Float32Array {
    const popularity = requireFitted(this.popularity, this.description);
    const scores = new Float32Array(userIndices.length * popularity.length);
    for (let row = 0; row < userIndices.length; row++) scores.set(popularity, row * popularity.length);
    return scores;
  }

  /** Popularity knows no similarity: the most popular other items. */
  similarItems(itemIndex: number, k: number): ScoredItem[] {
    return topSimilar(requireFitted(this.popularity, this.description), itemIndex, k);
  }
}
