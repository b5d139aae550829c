import { describe, expect, it } from 'vitest';
import { extendWithNewItems } from './new-items.extension';
import { ItemTextIndex } from './item-text.index';
import { RecommendationModel } from './recommendation.model';
import { entryAt, sparseRowsFromMaps } from './sparse-rows.matrix';

const items = [
  { id: 'kettle', title: 'Enamel kettle', category: 'kitchen' },
  { id: 'teapot', title: 'Ceramic teapot', category: 'kitchen' },
  { id: 'kite', title: 'Paper kite', category: 'toys' },
];
const newKettle = { id: 'new', title: 'Blue enamel kettle', description: '', category: 'kitchen', tags: [] };
const text = ItemTextIndex.build(items.map((item) => `${item.title}. . . ${item.category}`));
const histories = sparseRowsFromMaps([new Map([[0, 1]])], 3);

describe('extendWithNewItems', () => {
  const itemItem = new RecommendationModel({
    kind: 'item-item',
    items,
    userIds: ['u'],
    histories,
    weights: sparseRowsFromMaps([new Map([[1, 0.5]]), new Map([[0, 0.5]]), new Map()], 3),
    popularity: Float32Array.of(1, 1, 1),
    text,
  });

  it('appends a new item linked from the items its text resembles, scaled like training', () => {
    const extended = extendWithNewItems(itemItem, [newKettle], { coldStart: {}, textScale: 2 });
    expect(extended.itemCount).toBe(4);
    expect(extended.itemIndex('new')).toBe(3);
    const cosine = extended.text.similarities(3)[0];
    expect(cosine).toBeGreaterThan(0.3);
    // W'[kettle, new] = c·cos; old weights and indices kept; the new item's own row is empty.
    expect(entryAt(extended.parts.weights!, 0, 3)).toBeCloseTo(2 * cosine, 5);
    expect(entryAt(extended.parts.weights!, 0, 1)).toBe(0.5);
    expect(extended.parts.weights!.pointers[4] - extended.parts.weights!.pointers[3]).toBe(0);
    const history = extended.trainingHistory('u');
    const ranked = extended.recommend(history, { k: 2, exclude: history.indices });
    expect(ranked.map((entry) => entry.itemIndex)).toEqual([3, 1]);
    expect(extended.strongestContribution(history, 3)?.itemIndex).toBe(0);
    // The vocabulary is the training one: "enamel" is in it, "blue" (new with this item) is not.
    expect(extended.text.search('enamel').scores[3]).toBeGreaterThan(0);
    expect(extended.text.search('blue').scores[3]).toBe(0);
  });

  it('leaves the model alone when nothing is new, and does not score new items without text', () => {
    expect(
      extendWithNewItems(itemItem, [{ ...newKettle, id: 'kettle' }], { coldStart: {}, textScale: 2 }),
    ).toBe(itemItem);
    const plain = extendWithNewItems(itemItem, [newKettle], { coldStart: null, textScale: null });
    expect(Array.from(plain.scores(plain.trainingHistory('u')))).toEqual([0, 0.5, 0, 0]);
  });

  it('places a new item of a factors model at the mean of its textual neighbours with users', () => {
    const factors = new RecommendationModel({
      kind: 'factors',
      items,
      userIds: ['u'],
      histories,
      factors: {
        dimension: 2,
        userFactors: Float32Array.of(1, 0),
        itemFactors: Float32Array.of(1, 0, 0, 1, 0.5, 0.5),
        itemBiases: Float32Array.of(0.25, 0, 0),
      },
      popularity: Float32Array.of(1, 1, 0),
      text,
    });
    const extended = extendWithNewItems(factors, [newKettle], { coldStart: {}, textScale: null });
    // Kettle (enamel, kettle, kitchen) and teapot (kitchen) share words with it; the kite has no users.
    const cosines = extended.text.similarities(3);
    const [kettle, teapot] = [cosines[0], cosines[1]];
    expect(kettle).toBeGreaterThan(teapot);
    const vector = Array.from(extended.parts.factors!.itemFactors.subarray(6, 8));
    expect(vector[0]).toBeCloseTo(kettle / (kettle + teapot), 5);
    expect(vector[1]).toBeCloseTo(teapot / (kettle + teapot), 5);
    expect(extended.parts.factors!.itemBiases[3]).toBeCloseTo((0.25 * kettle) / (kettle + teapot), 5);
    const unplaced = extendWithNewItems(factors, [newKettle], { coldStart: null, textScale: null });
    expect(unplaced.scores(unplaced.trainingHistory('u'), 'u')[3]).toBe(-Infinity);
  });
});
