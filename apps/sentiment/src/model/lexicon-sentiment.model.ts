import {
  LexiconClassifier,
  type LexiconClassifierJson,
  SENTIMENT_CLASSES,
  TextPreprocessor,
} from '@deepworks/text';
import {
  type SentimentModel,
  type SentimentScore,
  type TokenContribution,
  topContributions,
} from './sentiment.model';

/**
 * The word-list baseline (`LexiconClassifier`). It yields a label, not probabilities: the label gets
 * probability 1, so downstream means and shares treat it as a confident vote. Explanations are the
 * finance word list's polarities divided by the token count (the classifier's own finance score).
 */
export class LexiconSentimentModel implements SentimentModel {
  readonly kind = 'lexicon' as const;
  readonly classes: readonly string[] = SENTIMENT_CLASSES;
  private readonly wordTokens: TextPreprocessor;
  private readonly featureTokens: TextPreprocessor;

  constructor(readonly classifier: LexiconClassifier) {
    const stem = classifier.toJSON().stem;
    this.featureTokens = new TextPreprocessor({ stem });
    this.wordTokens = new TextPreprocessor({ stem: false });
  }

  static fromJSON(json: unknown): LexiconSentimentModel {
    return new LexiconSentimentModel(LexiconClassifier.fromJSON(json));
  }

  score(text: string): SentimentScore {
    const [label] = this.classifier.predict([text]);
    return {
      label,
      probabilities: Object.fromEntries(this.classes.map((name) => [name, name === label ? 1 : 0])),
    };
  }

  predict(texts: readonly string[]): string[] {
    return this.classifier.predict(texts);
  }

  explain(text: string, limit: number): TokenContribution[] {
    const words = this.wordTokens.tokens(text);
    const features = this.featureTokens.tokens(text);
    const byWord = new Map<string, number>();
    features.forEach((feature, position) => {
      const polarity = this.classifier.polarityOf(feature);
      if (polarity === undefined) return;
      const word = words[position];
      byWord.set(word, (byWord.get(word) ?? 0) + polarity / features.length);
    });
    return topContributions(byWord, limit);
  }

  toJSON(): LexiconClassifierJson {
    return this.classifier.toJSON();
  }
}
