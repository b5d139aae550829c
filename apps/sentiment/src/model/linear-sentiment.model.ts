import {
  LinearTextClassifier,
  type LinearTextClassifierJson,
  NGRAM_SEPARATOR,
  TextPreprocessor,
} from '@deepworks/text';
import {
  type SentimentModel,
  type SentimentScore,
  type TokenContribution,
  topContributions,
} from './sentiment.model';

/**
 * The multinomial logistic regression on TF-IDF (`LinearTextClassifier`), with per-word explanations.
 * The log-odds of class a over class b are Σ_c x_c·(w_ca − w_cb) + (b_a − b_b) over the text's TF-IDF
 * columns c, so each column's term x_c·(w_ca − w_cb) is its exact share; a bigram's share is split evenly
 * between its two words and a term seen twice between its occurrences.
 */
export class LinearSentimentModel implements SentimentModel {
  readonly kind = 'linear' as const;
  private readonly weights: Float32Array;
  private readonly bias: Float32Array;
  private readonly outputs: number;
  private readonly wordTokens: TextPreprocessor;
  private readonly featureTokens: TextPreprocessor;

  constructor(readonly classifier: LinearTextClassifier) {
    // The text lib exposes no per-column weight accessor; its serialised form is the public way to read them.
    const json = classifier.toJSON();
    this.weights = Float32Array.from(json.model.weights);
    this.bias = Float32Array.from(json.model.bias);
    this.outputs = json.model.outputs;
    this.featureTokens = new TextPreprocessor(classifier.vectorizer.preprocessOptions);
    this.wordTokens = new TextPreprocessor({ ...classifier.vectorizer.preprocessOptions, stem: false });
  }

  static fromJSON(json: unknown): LinearSentimentModel {
    return new LinearSentimentModel(LinearTextClassifier.fromJSON(json));
  }

  get classes(): readonly string[] {
    return this.classifier.classes;
  }

  score(text: string): SentimentScore {
    const { label, probabilities } = this.classifier.predictOne(text);
    return { label, probabilities };
  }

  predict(texts: readonly string[]): string[] {
    return this.classifier.predict(texts);
  }

  /** Contributions to log p(positive)/p(negative) (or predicted class vs the mean of the others). */
  explain(text: string, limit: number): TokenContribution[] {
    return topContributions(this.contributionsByWord(text).byWord, limit);
  }

  /** Every word's contribution and the bias term; their sum is the log-odds (tested). */
  contributionsByWord(text: string): { byWord: Map<string, number>; bias: number } {
    const direction = this.direction(text);
    const vector = this.classifier.vectorizer.transform(text);
    const valueByColumn = new Map<number, number>();
    vector.indices.forEach((column, entry) => valueByColumn.set(column, vector.values[entry]));
    const words = this.wordTokens.tokens(text);
    const features = this.featureTokens.tokens(text);
    // Positions of each present term, to split its contribution between occurrences.
    const occurrences = new Map<number, number[][]>();
    const note = (term: string, positions: number[]) => {
      const column = this.classifier.vectorizer.columnOf(term);
      if (column === undefined || !valueByColumn.has(column)) return;
      const list = occurrences.get(column);
      if (list) list.push(positions);
      else occurrences.set(column, [positions]);
    };
    features.forEach((feature, position) => {
      note(feature, [position]);
      if (position + 1 < features.length) {
        note(`${feature}${NGRAM_SEPARATOR}${features[position + 1]}`, [position, position + 1]);
      }
    });
    const byWord = new Map<string, number>();
    for (const [column, list] of occurrences) {
      const share = (valueByColumn.get(column) ?? 0) * direction.weightOf(column);
      for (const positions of list) {
        for (const position of positions) {
          const word = words[position];
          byWord.set(word, (byWord.get(word) ?? 0) + share / list.length / positions.length);
        }
      }
    }
    return { byWord, bias: direction.bias };
  }

  toJSON(): LinearTextClassifierJson {
    return this.classifier.toJSON();
  }

  private direction(text: string): { weightOf(column: number): number; bias: number } {
    const classes = this.classifier.classes;
    let towards = classes.indexOf('positive');
    let against: number[] = [classes.indexOf('negative')];
    if (towards < 0 || against[0] < 0) {
      towards = classes.indexOf(this.classifier.predictOne(text).label);
      against = classes.map((_, index) => index).filter((index) => index !== towards);
    }
    const { weights, bias, outputs } = this;
    const mean = (values: (index: number) => number) =>
      against.reduce((sum, index) => sum + values(index), 0) / against.length;
    return {
      weightOf: (column) =>
        weights[column * outputs + towards] - mean((index) => weights[column * outputs + index]),
      bias: bias[towards] - mean((index) => bias[index]),
    };
  }
}
