import { describe, expect, it } from 'vitest';
import { wordNgrams } from './ngram.features';
import { preprocess, PREPROCESSING_VERSION, TextPreprocessor } from './text.preprocessor';
import { tokenize } from './text.tokenizer';

describe('tokenize', () => {
  it('keeps placeholders, cashtags, contractions, ampersand words, !/? and emoji as single tokens', () => {
    expect(tokenize("$aapl <num> don't s&p m&a... up!? 🚀 near-term")).toEqual([
      '$aapl',
      '<num>',
      "don't",
      's&p',
      'm&a',
      'up',
      '!',
      '?',
      '🚀',
      'near',
      'term',
    ]);
  });

  it('returns no tokens for punctuation only', () => {
    expect(tokenize(' -- ... , ')).toEqual([]);
  });
});

describe('wordNgrams', () => {
  it('lists unigrams then bigrams', () => {
    expect(wordNgrams(['a', 'b', 'c'], 1, 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    expect(wordNgrams(['a'], 2, 3)).toEqual([]);
  });

  it('rejects an invalid range', () => {
    expect(() => wordNgrams(['a'], 2, 1)).toThrow(/minN ≤ maxN/);
  });
});

describe('preprocess', () => {
  it('stems words with Porter but never placeholders or cashtags', () => {
    // Porter: downgraded → downgrad, earnings → earn, shares → share.
    const result = preprocess('$NFLX downgraded; earnings fall 5%, shares https://t.co/x');
    expect(result.tokens).toEqual(['$nflx', 'downgrad', 'earn', 'fall', '<pct>', 'share', '<url>']);
    expect(result.cashtags).toEqual(['NFLX']);
    expect(result.normalized).toBe('$nflx downgraded; earnings fall <pct> , shares <url>');
  });

  it('leaves tokens unstemmed when asked, and a TextPreprocessor gives the same tokens as preprocess', () => {
    const text = 'Analysts upgraded @jack’s picks';
    expect(preprocess(text, { stem: false }).tokens).toEqual(['analysts', 'upgraded', '<user>', 'picks']);
    const preprocessor = new TextPreprocessor({ stem: true });
    expect(preprocessor.tokens(text)).toEqual(preprocess(text).tokens);
    expect(preprocessor.tokens(text)).toEqual(preprocessor.tokens(text)); // stem cache gives the same answer
  });

  it('exposes a numeric preprocessing version for artifacts', () => {
    expect(Number.isInteger(PREPROCESSING_VERSION)).toBe(true);
  });
});
