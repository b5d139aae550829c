import { SeededRandom } from './seeded-random';

export interface CatalogItem {
  id: string;
  title: string;
  description: string;
  category: string;
  tags: string[];
}

export type ShopEventType = 'view' | 'cart' | 'purchase';

export interface ShopEvent {
  userId: string;
  itemId: string;
  type: ShopEventType;
  occurredAt: string;
}

export interface ShopData {
  items: CatalogItem[];
  events: ShopEvent[];
  /** Each user's hidden taste: a weight per category. Tests use it to check a recommender learns it. */
  tastes: Record<string, Record<string, number>>;
}

export interface ShopDataOptions {
  seed?: number;
  items?: number;
  users?: number;
  eventsPerUser?: number;
  start?: Date;
}

const CATEGORIES = {
  kitchen: {
    nouns: ['kettle', 'teapot', 'chef knife', 'frying pan', 'mixing bowl', 'espresso cup', 'cutting board'],
    tags: ['cooking', 'home', 'steel', 'ceramic'],
  },
  garden: {
    nouns: ['watering can', 'pruning shears', 'planter', 'bird feeder', 'seed tray', 'garden gloves'],
    tags: ['outdoor', 'plants', 'summer', 'tools'],
  },
  toys: {
    nouns: ['wooden train', 'puzzle', 'building blocks', 'plush bear', 'kite', 'marble run'],
    tags: ['kids', 'gift', 'play', 'learning'],
  },
  stationery: {
    nouns: ['notebook', 'fountain pen', 'desk organiser', 'washi tape', 'sketchbook', 'pencil case'],
    tags: ['office', 'school', 'paper', 'writing'],
  },
  lighting: {
    nouns: ['desk lamp', 'string lights', 'lantern', 'night light', 'candle holder', 'pendant shade'],
    tags: ['home', 'decor', 'led', 'evening'],
  },
} as const;

const ADJECTIVES = [
  'vintage',
  'compact',
  'handmade',
  'enamel',
  'bamboo',
  'glass',
  'retro',
  'large',
  'small',
  'blue',
  'red',
];

const CATEGORY_NAMES = Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[];

/**
 * A small shop: items with titles and descriptions, and users whose views, carts and purchases follow
 * a hidden taste over categories (so a recommender has something real to learn), in time order.
 */
export function generateShopData(options: ShopDataOptions = {}): ShopData {
  const random = new SeededRandom(options.seed ?? 7);
  const itemCount = options.items ?? 200;
  const userCount = options.users ?? 100;
  const eventsPerUser = options.eventsPerUser ?? 20;
  const start = (options.start ?? new Date('2026-01-01T00:00:00Z')).getTime();

  const items: CatalogItem[] = [];
  for (let index = 0; index < itemCount; index++) {
    const category = CATEGORY_NAMES[index % CATEGORY_NAMES.length];
    const { nouns, tags } = CATEGORIES[category];
    const noun = random.pick(nouns);
    const adjective = random.pick(ADJECTIVES);
    const title = `${capitalise(adjective)} ${noun}`;
    items.push({
      id: `SKU-${String(index + 1).padStart(5, '0')}`,
      title,
      description: `A ${adjective} ${noun} for ${random.pick(tags)} lovers; ${random.pick(tags)} and ${random.pick(tags)}.`,
      category,
      tags: [random.pick(tags), random.pick(tags)].filter(
        (tag, position, all) => all.indexOf(tag) === position,
      ),
    });
  }
  const itemsByCategory = new Map<string, CatalogItem[]>();
  for (const item of items)
    itemsByCategory.set(item.category, [...(itemsByCategory.get(item.category) ?? []), item]);

  const events: ShopEvent[] = [];
  const tastes: ShopData['tastes'] = {};
  for (let userIndex = 0; userIndex < userCount; userIndex++) {
    const userId = `user-${String(userIndex + 1).padStart(4, '0')}`;
    // Two favourite categories carry most of the weight.
    const weights = CATEGORY_NAMES.map(() => 0.05 + 0.1 * random.next());
    weights[random.integer(weights.length)] += 3;
    weights[random.integer(weights.length)] += 1.5;
    tastes[userId] = Object.fromEntries(CATEGORY_NAMES.map((category, index) => [category, weights[index]]));
    let time = start + random.integer(30 * 86_400_000);
    for (let step = 0; step < eventsPerUser; step++) {
      const category = CATEGORY_NAMES[random.weighted(weights)];
      const item = random.pick(itemsByCategory.get(category)!);
      time += 60_000 + random.integer(3 * 86_400_000);
      events.push({ userId, itemId: item.id, type: 'view', occurredAt: new Date(time).toISOString() });
      if (random.next() < 0.3) {
        events.push({
          userId,
          itemId: item.id,
          type: 'cart',
          occurredAt: new Date(time + 30_000).toISOString(),
        });
        if (random.next() < 0.5) {
          events.push({
            userId,
            itemId: item.id,
            type: 'purchase',
            occurredAt: new Date(time + 90_000).toISOString(),
          });
        }
      }
    }
  }
  events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  return { items, events, tastes };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
