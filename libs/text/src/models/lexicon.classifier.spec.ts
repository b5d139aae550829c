import { describe, expect, it } from 'vitest';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import { classificationReport } from '@deepworks/metrics';

/** The metrics lib scores class indices; these tests hold label names. */
function labelledReport(actual: readonly string[], predicted: readonly string[], classes: readonly string[]) {
  const index = (label: string) => classes.indexOf(label);
  return classificationReport(actual.map(index), predicted.map(index), classes.length, [...classes]);
}
import { LexiconClassifier } from './lexicon.classifier';

const train = generateFinanceHeadlines({ seed: 1, count: 600 });
const test = generateFinanceHeadlines({ seed: 2, count: 300 });
const trainTexts = train.map((headline) => headline.text);
const trainLabels = train.map((headline) => headline.sentiment);

describe('LexiconClassifier', () => {
  it('builds a finance word list whose polarity follows the classes', () => {
    const classifier = LexiconClassifier.train(trainTexts, trainLabels);
    // "plunges" (stem "plung") only in negative templates, "soar" only in positive ones.
    expect(classifier.polarityOf('plung')).toBeLessThan(0);
    expect(classifier.polarityOf('soar')).toBeGreaterThan(0);
    expect(classifier.wordCount).toBeGreaterThan(20);
  });

  it('fits thresholds that separate held-out template headlines far better than the majority class', () => {
    const classifier = LexiconClassifier.train(trainTexts, trainLabels, { thresholdObjective: 'macro-f1' });
    expect(classifier.lowThreshold).toBeLessThanOrEqual(classifier.highThreshold);
    const report = labelledReport(
      test.map((headline) => headline.sentiment),
      classifier.predict(test.map((headline) => headline.text)),
      ['negative', 'neutral', 'positive'],
    );
    // Majority class (neutral, 45 %) would score macro-F1 ≈ 0.21.
    expect(report.macroF1).toBeGreaterThan(0.6);
  });

  it('round-trips through JSON with identical scores', () => {
    const classifier = LexiconClassifier.train(trainTexts, trainLabels);
    const restored = LexiconClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())));
    const texts = test.slice(0, 40).map((headline) => headline.text);
    expect(texts.map((text) => restored.score(text))).toEqual(texts.map((text) => classifier.score(text)));
    expect(restored.predict(texts)).toEqual(classifier.predict(texts));
  });

  it('accepts only the canonical sentiment classes', () => {
    expect(() => LexiconClassifier.train(['up', 'down'], ['bullish', 'bearish'])).toThrow(
      /Label "bullish" of row 0 is not one of negative, neutral, positive/,
    );
  });
});
