import type { ShopEventType } from '../events/shop-event.entity';

/**
 * How strongly one event says "this user wants this item", on the implicit-feedback scale every
 * model fits (Hu, Koren & Volinsky 2008 call it confidence). Buying is the strongest signal, then a
 * good rating, then putting in the cart, then a lukewarm rating, then looking. A rating of 2 stars or
 * less says the opposite of interest, so it is no positive signal at all (weight 0: dropped).
 * The values are distinct, so a weight also tells which event it came from (for explanations).
 */
export const EVENT_WEIGHTS = {
  view: 1,
  rating3: 2,
  cart: 3,
  rating4plus: 4,
  purchase: 5,
} as const;

export function eventWeight(type: ShopEventType, value: number | null): number {
  switch (type) {
    case 'view':
      return EVENT_WEIGHTS.view;
    case 'cart':
      return EVENT_WEIGHTS.cart;
    case 'purchase':
      return EVENT_WEIGHTS.purchase;
    case 'rating':
      if (value === null || value < 3) return 0;
      return value >= 4 ? EVENT_WEIGHTS.rating4plus : EVENT_WEIGHTS.rating3;
  }
}

/** The verb an explanation uses for the strongest event behind a weight. */
export function eventVerb(weight: number): string {
  if (weight >= EVENT_WEIGHTS.purchase) return 'bought';
  if (weight >= EVENT_WEIGHTS.rating4plus) return 'rated highly';
  if (weight >= EVENT_WEIGHTS.cart) return 'added to your cart';
  if (weight >= EVENT_WEIGHTS.rating3) return 'rated';
  return 'viewed';
}

/**
 * A user–item pair's weight is its strongest event's, not a sum: ten views are still only looking,
 * and one purchase should not be outweighed by browsing.
 */
export function combineWeights(current: number | undefined, next: number): number {
  return current === undefined ? next : Math.max(current, next);
}
