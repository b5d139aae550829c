import { describe, expect, it } from 'vitest';
import { blendTextIntoWeights, imputeFactorsFromText } from './cold-start.blend';
import { ItemTextIndex } from './item-text.index';
import { entryAt, sparseRowsFromMaps } from './sparse-rows.matrix';

// 0 and 1 are bought together; 2 is new and reads like 0; 3 reads like nothing else.
const texts = ['enamel kettle steel', 'ceramic teapot', 'enamel kettle blue', 'paper kite'];

describe('blendTextIntoWeights', () => {
  const text = ItemTextIndex.build(texts);
  const weights = sparseRowsFromMaps([new Map([[1, 0.8]]), new Map([[0, 0.8]]), new Map(), new Map()], 4);
  const histories = sparseRowsFromMaps([new Map([[0, 1]]), new Map([[1, 1]])], 4);
  // Users per item: 0 and 1 have two each, the new item 2 and the kite none.
  const popularity = Float32Array.of(2, 2, 0, 0);

  it('links a new item to the items its text resembles, at full text weight', () => {
    const blend = blendTextIntoWeights(weights, histories, text, popularity, {
      neighbours: 2,
      calibrationRank: 1,
    });
    const cosine = text.similarities(0)[2];
    expect(cosine).toBeGreaterThan(0.3);
    // New item (0 users): share h/(h + 0) = 1, so W'[0, 2] = scale · cos(0, 2).
    expect(entryAt(blend.weights, 0, 2)).toBeCloseTo(blend.scale * cosine, 5);
    // The kettle has 2 users: share 3 / (3 + 2) = 0.6 of its text link from the new item.
    expect(entryAt(blend.weights, 2, 0)).toBeCloseTo(0.6 * blend.scale * cosine, 5);
    // Nothing shares a word with the kite, and behaviour is kept as it was.
    expect(entryAt(blend.weights, 0, 3)).toBe(0);
    expect(entryAt(blend.weights, 0, 1)).toBeCloseTo(0.8, 6);
  });

  it("calibrates text cosines to the model's scale through users' best scores", () => {
    const blend = blendTextIntoWeights(weights, histories, text, popularity, {
      neighbours: 2,
      calibrationRank: 1,
    });
    // User 0 (kettle): best model score 0.8, best text score cos(0, 2). User 1 (teapot) has no text
    // neighbour, so only user 0 counts: scale = 0.8 / cos(0, 2).
    expect(blend.scale).toBeCloseTo(0.8 / text.similarities(0)[2], 5);
    expect(blend.textLinks).toBe(2);
  });

  it('refuses parts that disagree on the items', () => {
    expect(() => blendTextIntoWeights(weights, histories, text, Float32Array.of(1))).toThrow(/same items/);
  });
});

describe('imputeFactorsFromText', () => {
  const text = ItemTextIndex.build(texts);
  // 2-d factors: kettle (1, 0), teapot (0, 1), new kettle (untrained: 0.2, 0.2), kite (5, 5).
  const factors = {
    dimension: 2,
    userFactors: new Float32Array(0),
    itemFactors: Float32Array.of(1, 0, 0, 1, 0.2, 0.2, 5, 5),
    itemBiases: Float32Array.of(0.5, 0.1, 0, 0),
  };

  it('moves a new item to the text-weighted mean of its neighbours that have users', () => {
    const imputed = imputeFactorsFromText(factors, text, Float32Array.of(2, 2, 0, 0), { neighbours: 3 });
    // The new item's only neighbour with users is the kettle ("enamel kettle"), share 3/(3+0) = 1.
    expect(Array.from(imputed.itemFactors.subarray(4, 6))).toEqual([1, 0]);
    expect(imputed.itemBiases[2]).toBe(0.5);
    // The kettle (2 users, share 0.6) has no neighbour with users: it keeps its own vector.
    expect(Array.from(imputed.itemFactors.subarray(0, 2))).toEqual([1, 0]);
    // The kite reads like nothing: kept.
    expect(Array.from(imputed.itemFactors.subarray(6, 8))).toEqual([5, 5]);
    expect(factors.itemFactors[4]).toBeCloseTo(0.2, 6);
  });
});
