import { normalizeText } from '../preprocessing/text.normalizer';

/**
 * Topic → keywords. A keyword is a word or phrase matched on whole words in `normalizeText` output (lower
 * case, numbers as `<num>`); a trailing `*` matches any word ending ("acquir*" → acquire, acquisition…).
 */
export type TopicRules = Readonly<Record<string, readonly string[]>>;

/**
 * Hand-written rules for the topics of financial news; the fallback when no labelled topic data exists yet.
 * Recall over precision: a headline may carry several topics ("Fed cut lifts stocks" → macro, markets).
 */
export const DEFAULT_TOPIC_RULES: TopicRules = {
  earnings: [
    'earnings',
    'eps',
    'revenue*',
    'profit*',
    'quarterly',
    'quarter',
    'q1',
    'q2',
    'q3',
    'q4',
    'results',
    'guidance',
    'outlook',
    'forecast*',
    'beats estimates',
    'misses estimates',
    'net income',
    'net loss',
    'margin*',
    'fiscal',
  ],
  mergers: [
    'merger*',
    'merge',
    'merges',
    'acquisition*',
    'acquir*',
    'takeover*',
    'buyout*',
    'm&a',
    'deal to buy',
    'to buy',
    'bid for',
    'tender offer',
    'spin-off',
    'spinoff',
  ],
  macro: [
    'fed',
    'federal reserve',
    'fomc',
    'powell',
    'inflation',
    'cpi',
    'gdp',
    'interest rate*',
    'rate cut*',
    'rate hike*',
    'rates',
    'unemployment',
    'jobless claims',
    'payroll*',
    'jobs report',
    'recession',
    'treasury',
    'treasuries',
    'bond yield*',
    'ecb',
    'central bank',
    'tariff*',
    'trade war',
    'economy',
    'economic',
    'pmi',
    'consumer confidence',
    'retail sales',
    'stimulus',
  ],
  regulation: [
    'sec',
    'regulator*',
    'regulatory',
    'regulation*',
    'antitrust',
    'lawsuit*',
    'sued',
    'sues',
    'fined',
    'fines',
    'penalty',
    'probe*',
    'investigation*',
    'ftc',
    'doj',
    'justice department',
    'fda',
    'compliance',
    'sanction*',
    'court',
    'ruling',
    'settlement',
    'class action',
    'subpoena*',
  ],
  markets: [
    'stocks',
    'stock market',
    'markets',
    'market',
    's&p',
    's&p <num>',
    'dow',
    'nasdaq',
    'russell',
    'futures',
    'index',
    'indexes',
    'indices',
    'rally',
    'rallies',
    'sell-off',
    'selloff',
    'wall street',
    'premarket',
    'after-hours',
    'volatility',
    'vix',
    'volume',
    'session',
    'bull market',
    'bear market',
  ],
  'analyst-ratings': [
    'upgrade*',
    'downgrade*',
    'price target',
    'outperform',
    'underperform',
    'overweight',
    'underweight',
    'equal weight',
    'equal-weight',
    'market perform',
    'sector perform',
    'buy rating',
    'sell rating',
    'initiate*',
    'reiterate*',
    'coverage',
    'analyst*',
  ],
  ipo: [
    'ipo',
    'ipos',
    'initial public offering',
    'goes public',
    'going public',
    'direct listing',
    'spac',
    'debut*',
  ],
};

export interface TopicMatch {
  topic: string;
  /** The keywords of the rule that matched, as written in the text. */
  keywords: string[];
}

/**
 * Multi-label topic tagging by keyword rules. Deterministic and explainable (each tag lists its keywords), it
 * needs no training data — use `TopicClassifier` once labelled topics exist.
 */
export class KeywordTopicTagger {
  private readonly patterns: { topic: string; pattern: RegExp }[];

  constructor(rules: TopicRules = DEFAULT_TOPIC_RULES) {
    this.patterns = Object.entries(rules).map(([topic, keywords]) => {
      if (keywords.length === 0) throw new Error(`Topic "${topic}" has no keywords`);
      const alternatives = [...keywords]
        .sort((a, b) => b.length - a.length)
        .map((keyword) => {
          const wildcard = keyword.endsWith('*');
          const literal = (wildcard ? keyword.slice(0, -1) : keyword).toLowerCase().trim();
          if (literal === '') throw new Error(`Topic "${topic}" has an empty keyword`);
          const escaped = literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
          return wildcard ? `${escaped}[\\p{L}\\p{N}]*` : escaped;
        });
      return {
        topic,
        pattern: new RegExp(`(?<![\\p{L}\\p{N}&])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}&])`, 'gu'),
      };
    });
  }

  get topics(): string[] {
    return this.patterns.map(({ topic }) => topic);
  }

  /** Topics whose rules match, in rule order, with the matching keywords. */
  tag(text: string): TopicMatch[] {
    const normalized = normalizeText(text);
    const matches: TopicMatch[] = [];
    for (const { topic, pattern } of this.patterns) {
      const keywords = [...new Set(Array.from(normalized.matchAll(pattern), (match) => match[0]))];
      if (keywords.length > 0) matches.push({ topic, keywords });
    }
    return matches;
  }

  /** Just the topic names of `tag`. */
  topicsOf(text: string): string[] {
    return this.tag(text).map(({ topic }) => topic);
  }
}
