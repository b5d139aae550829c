import { extendWithNewItems, type NewCatalogueItem } from '../model/new-items.extension';
import type { ArtifactMetadata } from '../model/recommendation-artifact.io';
import type { RecommendationModel } from '../model/recommendation.model';
import { UserHistoryCache } from './user-history.cache';

/** What a request reads, taken once: the model (with any newer items appended) and its histories. */
export interface ServedView {
  model: RecommendationModel;
  histories: UserHistoryCache;
  /** Items appended after training. */
  addedItems: number;
}

/**
 * One loaded registry version. Its view is replaced whole (one assignment) when the catalogue gains
 * items: requests in flight keep the view they took. The history cache belongs to the view, since
 * appended items change what a history may contain.
 */
export class ServingState {
  private current: ServedView;
  /** `count|newest` of the items created since training, as last applied. */
  appliedCatalogue = '0|';

  constructor(
    readonly version: number,
    readonly base: RecommendationModel,
    readonly metadata: ArtifactMetadata,
    private readonly historyCapacity: number,
  ) {
    this.current = this.viewOf(base, 0);
  }

  get view(): ServedView {
    return this.current;
  }

  /** Serves the trained model plus these items (all created since training, not only the latest). */
  appendItems(items: readonly NewCatalogueItem[]): void {
    const model = extendWithNewItems(this.base, items, {
      coldStart: this.metadata.coldStart,
      textScale: this.metadata.textScale,
    });
    this.current = this.viewOf(model, model.itemCount - this.base.itemCount);
  }

  private viewOf(model: RecommendationModel, addedItems: number): ServedView {
    return {
      model,
      histories: new UserHistoryCache(model, this.metadata.lastEventId, this.historyCapacity),
      addedItems,
    };
  }
}
