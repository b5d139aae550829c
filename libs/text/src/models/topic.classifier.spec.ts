import { describe, expect, it } from 'vitest';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import { TfidfVectorizer } from '../features/tfidf.vectorizer';
import { TopicClassifier } from './topic.classifier';

const train = generateFinanceHeadlines({ seed: 5, count: 400 });
const test = generateFinanceHeadlines({ seed: 6, count: 200 });

function trainClassifier(): TopicClassifier {
  const texts = train.map((headline) => headline.text);
  return TopicClassifier.train(
    TfidfVectorizer.fit(texts),
    texts,
    train.map((headline) => [headline.topic]),
  );
}

describe('TopicClassifier', () => {
  it('learns topics from labelled headlines (held-out exact match ≥ 0.9) and its loss falls by half', () => {
    const classifier = trainClassifier();
    const history = classifier.trainingReport?.lossHistory ?? [];
    // Zero weights: every topic has p = 0.5, so the loss starts at 5 topics × ln 2 = 3.4657.
    expect(history[0]).toBeCloseTo(5 * Math.log(2), 6);
    expect(history[history.length - 1]).toBeLessThan(history[0] / 2);
    const predicted = classifier.predict(test.map((headline) => headline.text));
    const exact = predicted.filter(
      (topics, row) => topics.length === 1 && topics[0] === test[row].topic,
    ).length;
    expect(exact / test.length).toBeGreaterThanOrEqual(0.9);
  });

  it('is multi-label: a text joining two topics gets both', () => {
    const classifier = trainClassifier();
    const [topics] = classifier.predict(
      [
        'Inflation eases to 3%, lifting hopes of rate cuts; Globex agrees takeover at a 20% premium, shares soar',
      ],
      0.3,
    );
    expect(topics).toEqual(expect.arrayContaining(['macro', 'mergers']));
  });

  it('round-trips through JSON with identical probabilities', () => {
    const classifier = trainClassifier();
    const restored = TopicClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())));
    const texts = test.slice(0, 30).map((headline) => headline.text);
    expect(restored.predictProba(texts)).toEqual(classifier.predictProba(texts));
  });

  it('refuses topics with no training example', () => {
    expect(() =>
      TopicClassifier.train(TfidfVectorizer.fit(['a', 'b']), ['a', 'b'], [['x'], ['x']], {
        topics: ['x', 'y'],
      }),
    ).toThrow(/No training text has topic\(s\): y/);
  });
});
