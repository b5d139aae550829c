import { generateFinanceHeadlines, SeededRandom } from '@deepworks/demo-data';

export interface PlantedSurge {
  topic: string;
  start: Date;
  count: number;
  minutes: number;
}

export interface ReplayArticle {
  sourceId: string;
  text: string;
  publishedAt: string;
}

/** Negative headlines that the keyword tagger files under exactly one topic. */
const SURGE_TEMPLATES: Record<string, string[]> = {
  regulation: [
    '{name} fined {n} million over misleading statements',
    '{name} faces probe over accounting practices at unit {n}',
  ],
  earnings: ['{name} misses forecasts, profit falls {n}%', '{name} cuts outlook as margins shrink {n}%'],
  macro: ['Recession fears grow as output shrinks {n}%', 'Unemployment rises for the {n}th straight month'],
};
const NAMES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Group', 'Stark Industries', 'Wayne Enterprises'];

/**
 * A replayed news stream: generated headlines (about `perHour` an hour) plus, for each planted surge,
 * `count` negative headlines of its topic spread over `minutes` from its start; in publication order.
 */
export function replayStream(options: {
  seed: number;
  start: Date;
  hours: number;
  perHour: number;
  surges: readonly PlantedSurge[];
}): ReplayArticle[] {
  const background = generateFinanceHeadlines({
    seed: options.seed,
    count: options.hours * options.perHour,
    start: options.start,
    minutesApart: 60 / options.perHour,
  }).map((headline) => ({
    sourceId: `replay-${headline.sourceId}`,
    // The generator's templates repeat; the time makes each a distinct story.
    text: `${headline.text} (${headline.publishedAt.slice(11, 16)} UTC)`,
    publishedAt: headline.publishedAt,
  }));
  const random = new SeededRandom(options.seed + 1);
  const planted = options.surges.flatMap((surge, surgeIndex) =>
    Array.from({ length: surge.count }, (_, index) => {
      const template = random.pick(SURGE_TEMPLATES[surge.topic]);
      const at = surge.start.getTime() + (index / surge.count) * surge.minutes * 60_000;
      return {
        sourceId: `surge-${surgeIndex}-${index}`,
        text: template.replace('{name}', random.pick(NAMES)).replace('{n}', String(2 + index)),
        publishedAt: new Date(at).toISOString(),
      };
    }),
  );
  return [...background, ...planted].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
}
