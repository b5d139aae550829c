import type { RecordedEvent } from '../events/recorded-events.feed';
import { extendWithNewItems, type NewCatalogueItem } from '../model/new-items.extension';
import type { ArtifactMetadata } from '../model/recommendation-artifact.io';
import type { RecommendationModel } from '../model/recommendation.model';
import { LaterEvents, UserHistories } from './user-history.store';

/** What a request reads, taken once: the model (with any newer items appended) and its histories. */
export interface ServedView {
  model: RecommendationModel;
  histories: UserHistories;
  /** Items appended after training. */
  addedItems: number;
}

/**
 * One loaded registry version. Its view is replaced whole (one assignment) when the catalogue gains
 * items: requests in flight keep the view they took. The events since training belong to the version
 * (they are kept across views); each view merges them with its own item indices.
 */
export class ServingState {
  private current: ServedView;
  /** `count|newest` of the items created since training, as last applied. */
  appliedCatalogue = '0|';
  /**
   * Every event with an id up to this one has been applied (the poll reads above it). Starts at the
   * newest event training read.
   */
  eventMark: string;
  private readonly later = new LaterEvents();

  constructor(
    readonly version: number,
    readonly base: RecommendationModel,
    readonly metadata: ArtifactMetadata,
  ) {
    this.eventMark = metadata.lastEventId;
    this.current = this.viewOf(base, 0);
  }

  get view(): ServedView {
    return this.current;
  }

  /** Users with events since training. */
  get usersWithLaterEvents(): number {
    return this.later.userCount;
  }

  /** Merges events into the histories of the users they touch (idempotent: see LaterEvents). */
  applyEvents(events: readonly RecordedEvent[]): void {
    const { histories } = this.current;
    for (const userId of this.later.apply(events)) histories.refresh(userId);
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
    return { model, histories: new UserHistories(model, this.later), addedItems };
  }
}
