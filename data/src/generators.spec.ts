import { describe, expect, it } from 'vitest';
import { generateFinanceHeadlines } from './finance-headlines.generator';
import { generateFindingImages } from './finding-images.generator';
import { SeededRandom } from './seeded-random';
import { generateShopData } from './shop-catalog.generator';

describe('SeededRandom', () => {
  it('repeats for a seed and differs across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, (_, i) => new SeededRandom(seed).next() + i);
    expect(draw(1)).toEqual(draw(1));
    const a = new SeededRandom(1);
    const b = new SeededRandom(2);
    expect([a.next(), a.next()]).not.toEqual([b.next(), b.next()]);
  });

  it('draws uniformly enough: the mean of 10,000 draws is within 0.02 of 0.5', () => {
    const random = new SeededRandom(3);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += random.next();
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
  });
});

describe('generateShopData', () => {
  it('is deterministic for a seed', () => {
    expect(generateShopData({ seed: 5, items: 20, users: 5 })).toEqual(
      generateShopData({ seed: 5, items: 20, users: 5 }),
    );
  });

  it('makes events follow each user’s hidden taste', () => {
    const { items, events, tastes } = generateShopData({ seed: 1, items: 100, users: 50, eventsPerUser: 40 });
    const categoryOf = new Map(items.map((item) => [item.id, item.category]));
    let inFavourite = 0;
    let views = 0;
    for (const event of events.filter((e) => e.type === 'view')) {
      const taste = tastes[event.userId];
      const favourite = Object.entries(taste).sort((a, b) => b[1] - a[1])[0][0];
      views++;
      if (categoryOf.get(event.itemId) === favourite) inFavourite++;
    }
    // Five categories: uniform browsing would put ~20% of views in the favourite one.
    expect(inFavourite / views).toBeGreaterThan(0.4);
    expect(events.every((event, i) => i === 0 || events[i - 1].occurredAt <= event.occurredAt)).toBe(true);
    expect(events.some((event) => event.type === 'purchase')).toBe(true);
  });
});

describe('generateFindingImages', () => {
  it('draws a brighter opacity where the finding is, and only in finding images', () => {
    const images = generateFindingImages({ seed: 2, count: 300 });
    const findings = images.filter((image) => image.label === 'finding');
    expect(findings.length).toBeGreaterThan(80);
    expect(images.filter((image) => image.label === 'normal').every((image) => image.finding === null)).toBe(
      true,
    );
    for (const image of findings.slice(0, 20)) {
      const { x, y } = image.finding!;
      const centre = image.pixels[Math.round(y) * image.size + Math.round(x)];
      const mirrored = image.pixels[Math.round(y) * image.size + (image.size - 1 - Math.round(x))];
      expect(centre).toBeGreaterThan(mirrored - 40);
    }
    const meanOf = (label: string) => {
      const chosen = images.filter((image) => image.label === label);
      return chosen.reduce((sum, image) => sum + image.pixels.reduce((s, p) => s + p, 0), 0) / chosen.length;
    };
    expect(meanOf('finding')).toBeGreaterThan(meanOf('normal'));
  });
});

describe('generateFinanceHeadlines', () => {
  it('labels every headline and covers all sentiments and topics', () => {
    const headlines = generateFinanceHeadlines({ seed: 4, count: 400 });
    expect(new Set(headlines.map((h) => h.sentiment))).toEqual(new Set(['positive', 'neutral', 'negative']));
    expect(new Set(headlines.map((h) => h.topic)).size).toBe(5);
    expect(new Set(headlines.map((h) => h.sourceId)).size).toBe(400);
    expect(headlines.some((h) => /\$[A-Z]{4}/.test(h.text))).toBe(true);
    expect(generateFinanceHeadlines({ seed: 4, count: 10 })).toEqual(headlines.slice(0, 10));
  });
});
