import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/recorded-events.feed';
import { ItemTextIndex } from '../model/item-text.index';
import { extendWithNewItems } from '../model/new-items.extension';
import { RecommendationModel } from '../model/recommendation.model';
import { sparseRowsFromMaps } from '../model/sparse-rows.matrix';
import { LaterEvents, UserHistories } from './user-history.store';

const model = new RecommendationModel({
  kind: 'popularity',
  items: ['a', 'b', 'c'].map((id) => ({ id, title: id, category: null })),
  userIds: ['known'],
  // known viewed a (weight 1) in training.
  histories: sparseRowsFromMaps([new Map([[0, 1]])], 3),
  weights: null,
  popularity: Float32Array.of(1, 1, 1),
  text: ItemTextIndex.build(['a', 'b', 'c']),
});

const event = (userId: string, itemId: string, type: RecordedEvent['type'], value: number | null = null) => ({
  userId,
  itemId,
  type,
  value,
});

describe('UserHistories', () => {
  it('merges later events into the training row by the strongest weight, per user', () => {
    const later = new LaterEvents();
    const histories = new UserHistories(model, later);
    expect(Array.from(histories.history('known').values)).toEqual([1]);
    // purchase of a (5) outweighs the training view (1); c viewed (1); a 2-star rating is no interest.
    const changed = later.apply([
      event('known', 'a', 'purchase'),
      event('known', 'c', 'view'),
      event('known', 'b', 'rating', 2),
      event('stranger', 'b', 'cart'),
    ]);
    expect([...changed].sort()).toEqual(['known', 'stranger']);
    for (const userId of changed) histories.refresh(userId);
    expect(Array.from(histories.history('known').indices)).toEqual([0, 2]);
    expect(Array.from(histories.history('known').values)).toEqual([5, 1]);
    // A user training never saw starts from an empty row: cart = 3.
    expect(Array.from(histories.history('stranger').indices)).toEqual([1]);
    expect(Array.from(histories.history('stranger').values)).toEqual([3]);
    expect(histories.history('nobody').indices).toHaveLength(0);
  });

  it('is idempotent: the same events applied again change nothing', () => {
    const later = new LaterEvents();
    const batch = [event('known', 'b', 'cart'), event('known', 'b', 'view')];
    expect(later.apply(batch).size).toBe(1);
    expect(later.apply(batch).size).toBe(0);
    expect(later.weightsOf('known')).toEqual(new Map([['b', 3]]));
  });

  it('counts an event on an item appended after training once a view serves the item', () => {
    const later = new LaterEvents();
    later.apply([event('known', 'new-item', 'view')]);
    expect(Array.from(new UserHistories(model, later).history('known').indices)).toEqual([0]);
    const extended = extendWithNewItems(
      model,
      [{ id: 'new-item', title: 'new', description: '', category: null, tags: [] }],
      { coldStart: null, textScale: null },
    );
    // The appended item has index 3.
    expect(Array.from(new UserHistories(extended, later).history('known').indices)).toEqual([0, 3]);
  });
});
