import { describe, expect, it } from 'vitest';
import { TfidfVectorizer } from './tfidf.vectorizer';

// Three documents, no stemming, so every value below can be checked by hand.
const CORPUS = ['stocks rise', 'stocks fall', 'bonds rise rise'];

function dense(vectorizer: TfidfVectorizer, text: string): Record<string, number> {
  const { indices, values } = vectorizer.transform(text);
  return Object.fromEntries(Array.from(indices, (column, k) => [vectorizer.termOf(column), values[k]]));
}

describe('TfidfVectorizer', () => {
  it('computes smooth idf and raw tf without normalisation', () => {
    const vectorizer = TfidfVectorizer.fit(CORPUS, {
      stem: false,
      maxNgram: 1,
      sublinearTf: false,
      norm: 'none',
    });
    // Terms sorted: bonds, fall, rise, stocks. n = 3.
    // idf = ln((1 + n) / (1 + df)) + 1: df 2 → ln(4/3) + 1 = 1.287682; df 1 → ln(2) + 1 = 1.693147.
    expect(vectorizer.dimension).toBe(4);
    expect(vectorizer.idfOf('stocks')).toBeCloseTo(1.287682, 5);
    expect(vectorizer.idfOf('rise')).toBeCloseTo(1.287682, 5);
    expect(vectorizer.idfOf('bonds')).toBeCloseTo(1.693147, 5);
    // "bonds rise rise": bonds 1 × 1.693147; rise 2 × 1.287682 = 2.575364.
    const row = dense(vectorizer, 'bonds rise rise');
    expect(row.bonds).toBeCloseTo(1.693147, 5);
    expect(row.rise).toBeCloseTo(2.575364, 5);
    expect(Object.keys(row)).toHaveLength(2);
  });

  it('applies sublinear tf and the l2 norm', () => {
    const vectorizer = TfidfVectorizer.fit(CORPUS, { stem: false, maxNgram: 1 });
    // rise: (1 + ln 2) × 1.287682 = 2.180235; bonds: 1.693147; norm = √(1.693147² + 2.180235²) = 2.760466.
    // → bonds 0.613356, rise 0.789807.
    const row = dense(vectorizer, 'bonds rise rise');
    expect(row.bonds).toBeCloseTo(0.613356, 5);
    expect(row.rise).toBeCloseTo(0.789807, 5);
  });

  it('adds bigrams, ignores unseen terms and returns sorted indices', () => {
    const vectorizer = TfidfVectorizer.fit(CORPUS, { stem: false });
    // Unigrams 4 + bigrams "stocks rise", "stocks fall", "bonds rise", "rise rise" = 8 terms.
    expect(vectorizer.dimension).toBe(8);
    expect(vectorizer.idfOf('stocks rise')).toBeCloseTo(1.693147, 5);
    // "gold rise": only "rise" is known → a single entry of value 1 after l2.
    expect(dense(vectorizer, 'gold rise')).toEqual({ rise: 1 });
    const { indices } = vectorizer.transform('stocks rise stocks fall');
    expect(Array.from(indices)).toEqual([...indices].sort((a, b) => a - b));
    expect(vectorizer.transform('nothing known').indices).toHaveLength(0);
  });

  it('drops terms below minDf', () => {
    const vectorizer = TfidfVectorizer.fit(CORPUS, { stem: false, minDf: 2 });
    // Only "stocks" and "rise" occur in two documents.
    expect(Array.from({ length: vectorizer.dimension }, (_, column) => vectorizer.termOf(column))).toEqual([
      'rise',
      'stocks',
    ]);
  });

  it('round-trips through JSON with identical output', () => {
    const vectorizer = TfidfVectorizer.fit(CORPUS);
    const restored = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(vectorizer)));
    const original = vectorizer.transform('Stocks rising, bonds fall');
    const copy = restored.transform('Stocks rising, bonds fall');
    expect(Array.from(copy.indices)).toEqual(Array.from(original.indices));
    expect(Array.from(copy.values)).toEqual(Array.from(original.values));
  });

  it('rejects unknown options and norms', () => {
    expect(() => TfidfVectorizer.fit(CORPUS, { ngram: 2 } as never)).toThrow(
      /Unknown TfidfVectorizer option "ngram"/,
    );
    expect(() => TfidfVectorizer.fit(CORPUS, { norm: 'l1' as never })).toThrow(
      /norm must be one of "l2", "none"/,
    );
  });
});
