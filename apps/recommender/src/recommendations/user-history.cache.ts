import type { ShopEventType } from '../events/shop-event.entity';
import { eventWeight } from '../model/event-weights.policy';
import { mergeHistory, type RecommendationModel } from '../model/recommendation.model';
import type { SparseVector } from '../model/sparse-rows.matrix';

export interface LaterEvent {
  /** bigint as text: event ids outgrow 2^53 long before they outgrow a bigint. */
  id: string;
  itemId: string;
  type: ShopEventType;
  value: number | null;
}

/** Reads one user's events with an id above `afterId`: the one query a recommendation costs. */
export type LaterEventsReader = (userId: string, afterId: string) => Promise<LaterEvent[]>;

interface CachedHistory {
  history: SparseVector;
  lastEventId: bigint;
}

/**
 * Users' histories as one model version sees them: the training matrix's row plus every event
 * recorded since, merged with the training weights, kept per user (least recently used evicted) so
 * that each request only asks for events newer than the last it saw. Belongs to one loaded model
 * version: a new version starts an empty cache, so histories never mix item indices of two models.
 */
export class UserHistoryCache {
  private readonly entries = new Map<string, CachedHistory>();

  constructor(
    private readonly model: RecommendationModel,
    private readonly trainedUpToEventId: string,
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async history(userId: string, readLaterEvents: LaterEventsReader): Promise<SparseVector> {
    const cached = this.entries.get(userId) ?? {
      history: this.model.trainingHistory(userId),
      lastEventId: BigInt(this.trainedUpToEventId),
    };
    const later = await readLaterEvents(userId, cached.lastEventId.toString());
    let current = cached;
    if (later.length > 0) {
      const known = later.flatMap((event) => {
        const itemIndex = this.model.itemIndex(event.itemId);
        // An item added after training is not in this model's index: the next training takes it in.
        return itemIndex === undefined ? [] : [{ itemIndex, weight: eventWeight(event.type, event.value) }];
      });
      const newest = later.reduce(
        (high, event) => (BigInt(event.id) > high ? BigInt(event.id) : high),
        cached.lastEventId,
      );
      current = { history: mergeHistory(cached.history, known), lastEventId: newest };
    }
    this.remember(userId, current);
    return current.history;
  }

  private remember(userId: string, entry: CachedHistory): void {
    if (this.capacity === 0) return;
    this.entries.delete(userId);
    this.entries.set(userId, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
