import type { RecordedEvent } from '../events/recorded-events.feed';
import { combineWeights, eventWeight } from '../model/event-weights.policy';
import { mergeHistory, type RecommendationModel } from '../model/recommendation.model';
import type { SparseVector } from '../model/sparse-rows.matrix';

/**
 * Every event recorded since a model version's training, kept per user as the strongest weight per
 * item (`combineWeights`). Applying an event twice changes nothing, since the strongest of w and w is
 * w: the background poll may read recent rows again, and the events this process stored are applied
 * at once and read again by the poll. Weight-0 events (poor ratings) are no interest and kept out.
 */
export class LaterEvents {
  private readonly byUser = new Map<string, Map<string, number>>();

  get userCount(): number {
    return this.byUser.size;
  }

  /** Returns the users whose weights changed. */
  apply(events: readonly RecordedEvent[]): Set<string> {
    const changed = new Set<string>();
    for (const event of events) {
      const weight = eventWeight(event.type, event.value);
      if (weight <= 0) continue;
      let items = this.byUser.get(event.userId);
      if (!items) {
        items = new Map();
        this.byUser.set(event.userId, items);
      }
      const current = items.get(event.itemId);
      const next = combineWeights(current, weight);
      if (next !== current) {
        items.set(event.itemId, next);
        changed.add(event.userId);
      }
    }
    return changed;
  }

  weightsOf(userId: string): ReadonlyMap<string, number> | undefined {
    return this.byUser.get(userId);
  }

  users(): IterableIterator<string> {
    return this.byUser.keys();
  }
}

/**
 * Users' histories as one served model sees them: the training matrix's row merged with the events
 * since (by the strongest weight). Merged when events arrive, not when a request asks, so a request
 * reads memory only; a user without later events reads the training row itself. Belongs to one model
 * view: a view with appended items is built anew from the same `LaterEvents`, so events on an item
 * unknown to the old view count as soon as the item is served.
 */
export class UserHistories {
  private readonly merged = new Map<string, SparseVector>();

  constructor(
    private readonly model: RecommendationModel,
    private readonly later: LaterEvents,
  ) {
    for (const userId of later.users()) this.refresh(userId);
  }

  history(userId: string): SparseVector {
    return this.merged.get(userId) ?? this.model.trainingHistory(userId);
  }

  /** Re-merges one user's training row with their later events. */
  refresh(userId: string): void {
    const weights = this.later.weightsOf(userId);
    if (!weights) return;
    const known: { itemIndex: number; weight: number }[] = [];
    for (const [itemId, weight] of weights) {
      const itemIndex = this.model.itemIndex(itemId);
      // An item this view does not serve yet: counted once it is appended or the next training takes it in.
      if (itemIndex !== undefined) known.push({ itemIndex, weight });
    }
    this.merged.set(userId, mergeHistory(this.model.trainingHistory(userId), known));
  }
}
