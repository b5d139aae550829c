import { describe, expect, it } from 'vitest';
import { KeywordTopicTagger } from './keyword-topic.tagger';

describe('KeywordTopicTagger', () => {
  const tagger = new KeywordTopicTagger();

  it.each([
    ['Acme beats estimates as quarterly profit jumps 12%', ['earnings']],
    ['Globex agrees to acquire Initech in $2bn takeover', ['mergers']],
    ['Fed signals rate cuts as inflation eases', ['macro']],
    ['SEC opens probe into Umbrella accounting', ['regulation']],
    ['Stocks rally, S&P 500 hits record', ['markets']],
    ['Netflix downgraded to underperform, price target cut', ['analyst-ratings']],
    ['Rivian IPO prices above range in Nasdaq debut', ['markets', 'ipo']],
    ['Cereal maker names new chief marketing officer', []],
  ])('%s → %j', (text, expected) => {
    expect(tagger.topicsOf(text)).toEqual(expected);
  });

  it('is multi-label and reports the keywords that matched', () => {
    expect(tagger.tag('Stocks slide after Fed rate hike; earnings season looms')).toEqual([
      { topic: 'earnings', keywords: ['earnings'] },
      { topic: 'macro', keywords: ['fed', 'rate hike'] },
      { topic: 'markets', keywords: ['stocks'] },
    ]);
  });

  it('matches whole words only, with * as a word-ending wildcard', () => {
    const custom = new KeywordTopicTagger({ energy: ['oil', 'refin*'] });
    expect(custom.topicsOf('Refiners gain as oil climbs')).toEqual(['energy']);
    expect(custom.topicsOf('Boiling point: toilet maker spoils results')).toEqual([]);
    expect(() => new KeywordTopicTagger({ empty: [] })).toThrow(/no keywords/);
  });
});
