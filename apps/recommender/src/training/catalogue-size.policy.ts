import type { ServableModel } from './served-model.builder';

/**
 * EASE's fit holds three items × items float64 matrices (the Gram matrix, its Cholesky factor, the
 * inverse) and the float32 weights at its peak, and takes O(items³) time.
 */
const EASE_PEAK_BYTES_PER_ITEM_PAIR = 3 * 8 + 4;

/**
 * Why `model` cannot be trained on a catalogue of `items`, or undefined when it can. Only EASE grows
 * with the square of the catalogue; the other models grow with the interactions.
 */
export function catalogueTooLargeFor(
  model: ServableModel,
  items: number,
  easeMaxItems: number,
): string | undefined {
  if (model !== 'ease' || items <= easeMaxItems) return undefined;
  const gigabytes = (EASE_PEAK_BYTES_PER_ITEM_PAIR * items * items) / 1e9;
  return (
    `ease keeps an items × items matrix: ${items.toLocaleString('en-US')} catalogue items need about ` +
    `${gigabytes.toFixed(1)} GB to fit, above the limit of ${easeMaxItems.toLocaleString('en-US')} items ` +
    '(RECOMMENDER_EASE_MAX_ITEMS). Train itemknn or mf, which grow with the interactions, or raise the ' +
    'limit on a worker with that memory'
  );
}
