import { SeededRandom } from './seeded-random';

export type Sentiment = 'positive' | 'neutral' | 'negative';
export type FinanceTopic = 'earnings' | 'mergers' | 'macro' | 'regulation' | 'markets';

export interface FinanceHeadline {
  sourceId: string;
  text: string;
  topic: FinanceTopic;
  sentiment: Sentiment;
  tickers: string[];
  publishedAt: string;
}

export interface FinanceHeadlineOptions {
  seed?: number;
  count?: number;
  start?: Date;
  /** Mean minutes between headlines. */
  minutesApart?: number;
}

const COMPANIES = [
  { ticker: 'ACME', name: 'Acme Corp' },
  { ticker: 'GLBX', name: 'Globex' },
  { ticker: 'INIT', name: 'Initech' },
  { ticker: 'UMBR', name: 'Umbrella Group' },
  { ticker: 'STRK', name: 'Stark Industries' },
  { ticker: 'WAYN', name: 'Wayne Enterprises' },
];

const TEMPLATES: Record<FinanceTopic, Record<Sentiment, string[]>> = {
  earnings: {
    positive: [
      '{name} beats estimates as quarterly profit jumps {pct}%',
      '${ticker} raises full-year guidance after record revenue',
    ],
    neutral: [
      '{name} to report second-quarter results on Thursday',
      '${ticker} earnings in line with expectations',
    ],
    negative: ['{name} misses forecasts, profit falls {pct}%', '${ticker} cuts outlook as margins shrink'],
  },
  mergers: {
    positive: [
      '{name} agrees takeover at a {pct}% premium, shares soar',
      '${ticker} wins approval for merger, stock rallies',
    ],
    neutral: [
      '{name} confirms talks with potential partners',
      '${ticker} completes previously announced acquisition',
    ],
    negative: ['{name} deal collapses after regulators object', '${ticker} writes down failed acquisition'],
  },
  macro: {
    positive: [
      'Inflation eases to {pct}%, lifting hopes of rate cuts',
      'Jobs report beats forecasts as hiring accelerates',
    ],
    neutral: ['Central bank holds rates steady, as expected', 'Retail sales flat in October'],
    negative: [
      'Recession fears grow as output shrinks {pct}%',
      'Unemployment rises for a third straight month',
    ],
  },
  regulation: {
    positive: ['Regulator clears {name} of wrongdoing', '${ticker} gains after favourable court ruling'],
    neutral: ['Regulator opens consultation on disclosure rules', '{name} files annual compliance report'],
    negative: ['{name} fined over misleading statements', '${ticker} faces probe over accounting practices'],
  },
  markets: {
    positive: ['Stocks rally as {name} leads gains', '${ticker} surges {pct}% on heavy volume'],
    neutral: ['Markets mixed ahead of central bank decision', '${ticker} trades flat in quiet session'],
    negative: ['Shares slump as {name} drags index lower', '${ticker} plunges {pct}% after downgrade'],
  },
};

const TOPICS = Object.keys(TEMPLATES) as FinanceTopic[];
const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];

/** Labelled financial headlines (topic, sentiment, tickers) in publication order. */
export function generateFinanceHeadlines(options: FinanceHeadlineOptions = {}): FinanceHeadline[] {
  const random = new SeededRandom(options.seed ?? 13);
  const count = options.count ?? 300;
  let time = (options.start ?? new Date('2026-03-02T08:00:00Z')).getTime();
  const minutesApart = options.minutesApart ?? 5;
  const headlines: FinanceHeadline[] = [];
  for (let index = 0; index < count; index++) {
    const topic = random.pick(TOPICS);
    const sentiment = SENTIMENTS[random.weighted([0.3, 0.45, 0.25])];
    const company = random.pick(COMPANIES);
    const template = random.pick(TEMPLATES[topic][sentiment]);
    const text = template
      .replace('{name}', company.name)
      .replace('{ticker}', company.ticker)
      .replace('{pct}', String(1 + random.integer(25)));
    time += Math.round(-Math.log(1 - random.next()) * minutesApart * 60_000);
    headlines.push({
      sourceId: `demo-${String(index + 1).padStart(6, '0')}`,
      text,
      topic,
      sentiment,
      tickers: template.includes('{name}') || template.includes('{ticker}') ? [company.ticker] : [],
      publishedAt: new Date(time).toISOString(),
    });
  }
  return headlines;
}
