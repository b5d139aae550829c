import { describe, expect, it } from 'vitest';
import { US_LARGE_CAP_COMPANIES } from './company-tickers.dictionary';
import { TickerExtractor } from './ticker.extractor';

describe('TickerExtractor', () => {
  const extractor = new TickerExtractor();

  it('finds cashtags first, then company names in order, each ticker once', () => {
    expect(extractor.extract('$NFLX: JPMorgan cuts Netflix; Apple’s and Bank of America views')).toEqual([
      { ticker: 'NFLX', source: 'cashtag', matchedText: '$NFLX' },
      { ticker: 'JPM', source: 'company-name', matchedText: 'JPMorgan' },
      { ticker: 'AAPL', source: 'company-name', matchedText: 'Apple' },
      { ticker: 'BAC', source: 'company-name', matchedText: 'Bank of America' },
    ]);
  });

  it('matches whole words only and upper-case abbreviations case-sensitively', () => {
    // "Pineapple" contains "apple", "Fordham" contains "Ford", "ups" is a verb, "AMD" is the chip maker.
    expect(extractor.tickers('Pineapple exports at Fordham; Goldman ups view; AMD and AT&T rise')).toEqual([
      'GS',
      'AMD',
      'T',
    ]);
    expect(extractor.tickers('J.P. Morgan and Coca-Cola, 3M')).toEqual(['JPM', 'KO', 'MMM']);
  });

  it('ships a dictionary of about fifty companies without duplicate tickers', () => {
    const tickers = US_LARGE_CAP_COMPANIES.map((company) => company.ticker);
    expect(tickers.length).toBeGreaterThanOrEqual(50);
    expect(new Set(tickers).size).toBe(tickers.length);
  });

  it('accepts a custom dictionary and rejects a name claimed by two tickers', () => {
    const custom = new TickerExtractor([{ ticker: 'ACME', names: ['Acme Corp'] }]);
    expect(custom.tickers('acme  corp rallies')).toEqual(['ACME']);
    expect(
      () =>
        new TickerExtractor([
          { ticker: 'A', names: ['Same'] },
          { ticker: 'B', names: ['same'] },
        ]),
    ).toThrow(/listed for both A and B/);
  });
});
