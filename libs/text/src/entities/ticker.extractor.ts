import { canonicalizeCharacters, extractCashtags } from '../preprocessing/text.normalizer';
import { US_LARGE_CAP_COMPANIES, type CompanyEntry } from './company-tickers.dictionary';

export type TickerSource = 'cashtag' | 'company-name';

export interface TickerMention {
  ticker: string;
  source: TickerSource;
  /** The cashtag or company name as written. */
  matchedText: string;
}

// Word boundaries for names that may contain "&", "." or "-": the neighbours must not be letters or digits.
const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';

/**
 * Finds the companies a text mentions: `$TICKER` cashtags first, then company names from a dictionary
 * (default: `US_LARGE_CAP_COMPANIES`) matched on whole words, longest name first ("Bank of America" wins over
 * any shorter overlapping name). A name mention is not a subject: "JPMorgan cuts Tesla" yields both JPM and
 * TSLA.
 */
export class TickerExtractor {
  private readonly tickerByName = new Map<string, string>();
  private readonly caseInsensitivePattern: RegExp | null;
  private readonly caseSensitivePattern: RegExp | null;

  constructor(companies: readonly CompanyEntry[] = US_LARGE_CAP_COMPANIES) {
    const insensitive: string[] = [];
    const sensitive: string[] = [];
    for (const company of companies) {
      for (const name of company.names) {
        const exact = name === name.toUpperCase();
        const key = exact ? name : name.toLowerCase();
        const existing = this.tickerByName.get(key);
        if (existing !== undefined && existing !== company.ticker) {
          throw new Error(`Company name "${name}" is listed for both ${existing} and ${company.ticker}`);
        }
        this.tickerByName.set(key, company.ticker);
        (exact ? sensitive : insensitive).push(name);
      }
    }
    this.caseInsensitivePattern = buildPattern(insensitive, 'giu');
    this.caseSensitivePattern = buildPattern(sensitive, 'gu');
  }

  extract(text: string): TickerMention[] {
    const canonical = canonicalizeCharacters(text);
    const mentions: TickerMention[] = extractCashtags(text).map((ticker) => ({
      ticker,
      source: 'cashtag',
      matchedText: `$${ticker}`,
    }));
    const found: { index: number; mention: TickerMention }[] = [];
    for (const [pattern, exact] of [
      [this.caseInsensitivePattern, false],
      [this.caseSensitivePattern, true],
    ] as const) {
      if (!pattern) continue;
      for (const match of canonical.matchAll(pattern)) {
        const written = match[0].replace(/\s+/g, ' ');
        const ticker = this.tickerByName.get(exact ? written : written.toLowerCase());
        if (ticker !== undefined) {
          found.push({
            index: match.index,
            mention: { ticker, source: 'company-name', matchedText: match[0] },
          });
        }
      }
    }
    found.sort((a, b) => a.index - b.index);
    const seen = new Set(mentions.map((mention) => mention.ticker));
    for (const { mention } of found) {
      if (seen.has(mention.ticker)) continue;
      seen.add(mention.ticker);
      mentions.push(mention);
    }
    return mentions;
  }

  /** Distinct tickers, cashtags first, then names in order of appearance. */
  tickers(text: string): string[] {
    return this.extract(text).map((mention) => mention.ticker);
  }
}

function buildPattern(names: readonly string[], flags: string): RegExp | null {
  if (names.length === 0) return null;
  const alternatives = [...names]
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  return new RegExp(`${BEFORE}(?:${alternatives.join('|')})${AFTER}`, flags);
}
