import type { Interaction } from '@deepworks/recsys';
import type { ShopEventType } from '../events/shop-event.entity';
import { combineWeights, eventWeight } from '../model/event-weights.policy';

export interface StoredEvent {
  userId: string;
  itemId: string;
  type: ShopEventType;
  value: number | null;
  /** Epoch seconds. */
  occurredAt: number;
}

/**
 * One implicit interaction per user–item pair: `rating` carries the pair's weight (its strongest
 * event, see EVENT_WEIGHTS) and `timestamp` its latest positive event. Pairs whose only events are
 * poor ratings (weight 0) are left out: they are no evidence of interest.
 */
export function aggregateEvents(events: Iterable<StoredEvent>): Interaction[] {
  const pairs = new Map<string, Interaction>();
  for (const event of events) {
    const weight = eventWeight(event.type, event.value);
    if (weight <= 0) continue;
    const key = `${event.userId}\u0000${event.itemId}`;
    const pair = pairs.get(key);
    if (!pair) {
      pairs.set(key, { user: event.userId, item: event.itemId, rating: weight, timestamp: event.occurredAt });
    } else {
      pair.rating = combineWeights(pair.rating, weight);
      pair.timestamp = Math.max(pair.timestamp ?? event.occurredAt, event.occurredAt);
    }
  }
  return [...pairs.values()];
}
