import { describe, expect, it } from 'vitest';
import { EVENT_WEIGHTS, eventVerb, eventWeight } from '../model/event-weights.policy';
import { aggregateEvents } from './interaction.aggregator';

describe('event weights and aggregation', () => {
  it('orders the signals purchase > good rating > cart > lukewarm rating > view, and drops poor ratings', () => {
    expect(eventWeight('purchase', 2)).toBe(5);
    expect(eventWeight('rating', 4.5)).toBe(4);
    expect(eventWeight('cart', null)).toBe(3);
    expect(eventWeight('rating', 3)).toBe(2);
    expect(eventWeight('view', null)).toBe(1);
    expect(eventWeight('rating', 2)).toBe(0);
    expect(eventWeight('rating', null)).toBe(0);
    expect(Object.values(EVENT_WEIGHTS).map(eventVerb)).toEqual([
      'viewed',
      'rated',
      'added to your cart',
      'rated highly',
      'bought',
    ]);
  });

  it('keeps one interaction per pair, weighted by its strongest event, timed by its latest', () => {
    const interactions = aggregateEvents([
      { userId: 'u', itemId: 'a', type: 'view', value: null, occurredAt: 10 },
      { userId: 'u', itemId: 'a', type: 'purchase', value: 1, occurredAt: 20 },
      { userId: 'u', itemId: 'a', type: 'view', value: null, occurredAt: 30 },
      { userId: 'u', itemId: 'b', type: 'rating', value: 1, occurredAt: 40 },
      { userId: 'v', itemId: 'a', type: 'cart', value: null, occurredAt: 50 },
    ]);
    expect(interactions).toEqual([
      { user: 'u', item: 'a', rating: 5, timestamp: 30 },
      { user: 'v', item: 'a', rating: 3, timestamp: 50 },
    ]);
  });
});
