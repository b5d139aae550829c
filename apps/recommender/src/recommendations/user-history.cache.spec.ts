import { describe, expect, it } from 'vitest';
import { ItemTextIndex } from '../model/item-text.index';
import { RecommendationModel } from '../model/recommendation.model';
import { sparseRowsFromMaps } from '../model/sparse-rows.matrix';
import { type LaterEvent, UserHistoryCache } from './user-history.cache';

const model = new RecommendationModel({
  kind: 'popularity',
  items: ['a', 'b', 'c'].map((id) => ({ id, title: id, category: null })),
  userIds: ['known'],
  histories: sparseRowsFromMaps([new Map([[0, 1]])], 3),
  weights: null,
  popularity: Float32Array.of(1, 1, 1),
  text: ItemTextIndex.build(['a', 'b', 'c']),
});

/** A reader over a fixed event log that records what it was asked. */
function reader(log: (LaterEvent & { userId: string })[]) {
  const asked: [string, string][] = [];
  const read = (userId: string, afterId: string) => {
    asked.push([userId, afterId]);
    return Promise.resolve(
      log.filter((event) => event.userId === userId && BigInt(event.id) > BigInt(afterId)),
    );
  };
  return { asked, read };
}

describe('UserHistoryCache', () => {
  it('adds events after the training cut-off to the training row, asking only for newer ones', async () => {
    const log: (LaterEvent & { userId: string })[] = [
      { userId: 'known', id: '11', itemId: 'a', type: 'purchase', value: 1 },
      { userId: 'known', id: '12', itemId: 'c', type: 'view', value: null },
      { userId: 'known', id: '13', itemId: 'new-item', type: 'view', value: null },
    ];
    const cache = new UserHistoryCache(model, '10', 10);
    const { asked, read } = reader(log);
    const first = await cache.history('known', read);
    expect(Array.from(first.indices)).toEqual([0, 2]);
    expect(Array.from(first.values)).toEqual([5, 1]);
    log.push({ userId: 'known', id: '14', itemId: 'b', type: 'cart', value: null });
    const second = await cache.history('known', read);
    expect(Array.from(second.indices)).toEqual([0, 1, 2]);
    // The item unknown to the model (id 13) still moved the high-water mark.
    expect(asked).toEqual([
      ['known', '10'],
      ['known', '13'],
    ]);
  });

  it('starts users the model never saw from an empty history and evicts the least recently used', async () => {
    const cache = new UserHistoryCache(model, '0', 2);
    const { read } = reader([{ userId: 'x', id: '1', itemId: 'b', type: 'view', value: null }]);
    expect(Array.from((await cache.history('x', read)).indices)).toEqual([1]);
    await cache.history('y', read);
    await cache.history('x', read);
    await cache.history('z', read);
    expect(cache.size).toBe(2);
    const { asked, read: again } = reader([]);
    await cache.history('y', again);
    // y was evicted (least recently used), so it is read from the training cut-off again.
    expect(asked).toEqual([['y', '0']]);
  });
});
