import { describe, expect, it } from 'vitest';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import { classificationReport } from '@deepworks/metrics';

/** The metrics lib scores class indices; these tests hold label names. */
function labelledReport(actual: readonly string[], predicted: readonly string[], classes: readonly string[]) {
  const index = (label: string) => classes.indexOf(label);
  return classificationReport(actual.map(index), predicted.map(index), classes.length, [...classes]);
}
import { TfidfVectorizer } from '../features/tfidf.vectorizer';
import { LinearTextClassifier } from './linear-text.classifier';

const train = generateFinanceHeadlines({ seed: 1, count: 400 });
const test = generateFinanceHeadlines({ seed: 2, count: 200 });
const trainTexts = train.map((headline) => headline.text);
const trainLabels = train.map((headline) => headline.sentiment);

describe('LinearTextClassifier', () => {
  it('learns template sentiment: loss falls by more than half and held-out accuracy ≥ 0.9', () => {
    const vectorizer = TfidfVectorizer.fit(trainTexts);
    const classifier = LinearTextClassifier.train(vectorizer, trainTexts, trainLabels, { l2: 1e-3 });
    const history = classifier.trainingReport?.lossHistory ?? [];
    // Zero weights → uniform softmax → loss ln 3 = 1.0986 at the start.
    expect(history[0]).toBeCloseTo(Math.log(3), 6);
    expect(history[history.length - 1]).toBeLessThan(history[0] / 2);
    const predicted = classifier.predict(test.map((headline) => headline.text));
    const report = labelledReport(
      test.map((headline) => headline.sentiment),
      predicted,
      classifier.classes,
    );
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('returns probabilities that sum to 1, in class order, and explains itself with n-gram weights', () => {
    const vectorizer = TfidfVectorizer.fit(trainTexts);
    const classifier = LinearTextClassifier.train(vectorizer, trainTexts, trainLabels, { l2: 1e-3 });
    expect(classifier.classes).toEqual(['negative', 'neutral', 'positive']);
    const [probabilities] = classifier.predictProba(['Acme Corp fined over misleading statements']);
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 10);
    expect(classifier.predictOne('Acme Corp fined over misleading statements').label).toBe('negative');
    // "fined" (stem "fine") only appears in negative templates, so it should rank among negative's top terms.
    const topNegative = classifier.topFeatures('negative', 30).map(({ term }) => term);
    expect(topNegative).toContain('fine');
  });

  it('is deterministic and round-trips through JSON with identical probabilities', () => {
    const vectorizer = TfidfVectorizer.fit(trainTexts);
    const first = LinearTextClassifier.train(vectorizer, trainTexts, trainLabels, {
      classWeighting: 'balanced',
    });
    const second = LinearTextClassifier.train(vectorizer, trainTexts, trainLabels, {
      classWeighting: 'balanced',
    });
    const texts = test.slice(0, 50).map((headline) => headline.text);
    expect(second.predictProba(texts)).toEqual(first.predictProba(texts));
    const restored = LinearTextClassifier.fromJSON(JSON.parse(JSON.stringify(first.toJSON())));
    expect(restored.predictProba(texts)).toEqual(first.predictProba(texts));
    expect(restored.classes).toEqual(first.classes);
  });

  it('rejects labels outside the given classes and unknown options', () => {
    const vectorizer = TfidfVectorizer.fit(['a b', 'c d']);
    expect(() =>
      LinearTextClassifier.train(vectorizer, ['a b', 'c d'], ['up', 'sideways'], { classes: ['up', 'down'] }),
    ).toThrow(/Label "sideways" of row 1/);
    expect(() =>
      LinearTextClassifier.train(vectorizer, ['a b', 'c d'], ['up', 'down'], { C: 1 } as never),
    ).toThrow(/allowed options: l2, classWeighting/);
    expect(() =>
      LinearTextClassifier.train(vectorizer, ['a b', 'c d'], ['up', 'down'], {
        classWeighting: 'auto' as never,
      }),
    ).toThrow(/classWeighting must be one of "none", "balanced"/);
  });
});
