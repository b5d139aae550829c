import { describe, expect, it } from 'vitest';
import { catalogueTooLargeFor } from './catalogue-size.policy';

describe('catalogueTooLargeFor', () => {
  it('refuses EASE above the limit, with the memory its fit would need', () => {
    // 28 bytes per item pair: 20,000² × 28 = 11.2 GB.
    expect(catalogueTooLargeFor('ease', 20_000, 10_000)).toMatch(
      /^ease keeps an items × items matrix: 20,000 catalogue items need about 11\.2 GB to fit, above the limit of 10,000 items \(RECOMMENDER_EASE_MAX_ITEMS\)/,
    );
  });

  it('lets EASE train up to the limit, and every other model at any size', () => {
    expect(catalogueTooLargeFor('ease', 10_000, 10_000)).toBeUndefined();
    for (const model of ['itemknn', 'mf', 'als', 'bpr', 'popularity'] as const)
      expect(catalogueTooLargeFor(model, 1_000_000, 10_000)).toBeUndefined();
  });
});
