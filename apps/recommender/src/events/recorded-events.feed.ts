import { Injectable } from '@nestjs/common';
import type { ShopEventType } from './shop-event.entity';

/** One event as it was stored (what serving needs of it). */
export interface RecordedEvent {
  userId: string;
  itemId: string;
  type: ShopEventType;
  value: number | null;
}

export type RecordedEventsListener = (events: readonly RecordedEvent[]) => void;

/**
 * In-process notice of the event batches this process has just committed, so that the API serving
 * recommendations takes a shopper's own events into account at once (read-your-writes); events
 * stored by other processes reach it through its background poll of the events table. Listeners
 * run synchronously after the commit and must not throw: the batch is already stored.
 */
@Injectable()
export class RecordedEventsFeed {
  private readonly listeners = new Set<RecordedEventsListener>();

  /** Returns the unsubscribe function. */
  subscribe(listener: RecordedEventsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(events: readonly RecordedEvent[]): void {
    for (const listener of this.listeners) listener(events);
  }
}
