import { readTfidfLinearArtifact } from './tfidf-linear.artifact';
import { assertInteger, assertKnownOptions, assertNumberInRange } from '../artifacts/options.validation';
import type { TfidfVectorizer, TfidfVectorizerJson } from '../features/tfidf.vectorizer';
import { PREPROCESSING_VERSION } from '../preprocessing/text.preprocessor';
import {
  SparseLinearModel,
  type SparseLinearModelJson,
  type SparseLinearTrainingReport,
} from './sparse-linear.model';

export interface TopicClassifierOptions {
  /** Coefficient of ½‖W‖² added to the mean binary cross-entropy (default 1e-4). */
  l2?: number;
  /** Topic names in output order (default: sorted distinct topics of the training labels). */
  topics?: readonly string[];
  /** L-BFGS iterations at most (default 300). */
  maxIterations?: number;
  /** Stop when the largest gradient component is below this (default 1e-5). */
  tolerance?: number;
}

const TOPIC_OPTION_KEYS = ['l2', 'topics', 'maxIterations', 'tolerance'] as const;
const TOPIC_FORMAT = 'deepworks.text.topic-classifier';

export interface TopicClassifierJson {
  format: typeof TOPIC_FORMAT;
  preprocessingVersion: number;
  topics: string[];
  l2: number;
  vectorizer: TfidfVectorizerJson;
  model: SparseLinearModelJson;
}

/**
 * Multi-label topics: one logistic regression per topic on TF-IDF features (one-vs-rest), fitted jointly by
 * L-BFGS (the objective is a sum of independent per-topic terms, so this equals fitting them one by one).
 * A text gets every topic whose probability reaches the threshold, possibly none.
 */
export class TopicClassifier {
  private constructor(
    readonly topics: readonly string[],
    readonly vectorizer: TfidfVectorizer,
    private readonly model: SparseLinearModel,
    readonly l2: number,
    readonly trainingReport: SparseLinearTrainingReport | null,
  ) {}

  static train(
    vectorizer: TfidfVectorizer,
    texts: readonly string[],
    topicsPerText: readonly (readonly string[])[],
    options: TopicClassifierOptions = {},
  ): TopicClassifier {
    assertKnownOptions(options, TOPIC_OPTION_KEYS, 'TopicClassifier');
    if (texts.length !== topicsPerText.length) {
      throw new Error(`${texts.length} texts but ${topicsPerText.length} topic lists`);
    }
    const l2 = options.l2 ?? 1e-4;
    const maxIterations = options.maxIterations ?? 300;
    const tolerance = options.tolerance ?? 1e-5;
    assertNumberInRange(l2, 0, Number.MAX_VALUE, 'l2');
    assertInteger(maxIterations, 1, 'maxIterations');
    assertNumberInRange(tolerance, 0, 1, 'tolerance');
    const topics = options.topics ? [...options.topics] : [...new Set(topicsPerText.flat())].sort();
    if (topics.length === 0) throw new Error('No topics in the training labels');
    const topicIndex = new Map(topics.map((topic, index) => [topic, index]));
    const targets = new Float32Array(texts.length * topics.length);
    const positives = new Array<number>(topics.length).fill(0);
    topicsPerText.forEach((rowTopics, row) => {
      for (const topic of rowTopics) {
        const index = topicIndex.get(topic);
        if (index === undefined) {
          throw new Error(`Topic "${topic}" of row ${row} is not one of [${topics.join(', ')}]`);
        }
        targets[row * topics.length + index] = 1;
        positives[index]++;
      }
    });
    const missing = topics.filter((_, index) => positives[index] === 0);
    if (missing.length > 0) throw new Error(`No training text has topic(s): ${missing.join(', ')}`);
    const { model, report } = SparseLinearModel.train(
      vectorizer.transformToMatrix(texts),
      targets,
      new Float64Array(texts.length).fill(1),
      topics.length,
      { activation: 'sigmoid', l2, maxIterations, tolerance },
    );
    return new TopicClassifier(topics, vectorizer, model, l2, report);
  }

  /** Probability of each topic (independent, not summing to 1), keyed by topic name. */
  predictProba(texts: readonly string[]): Record<string, number>[] {
    return texts.map((text) => {
      const probabilities = this.model.probabilities(this.vectorizer.transform(text));
      return Object.fromEntries(this.topics.map((topic, index) => [topic, probabilities[index]]));
    });
  }

  /** Topics with probability ≥ threshold (default 0.5), in `topics` order. */
  predict(texts: readonly string[], threshold = 0.5): string[][] {
    assertNumberInRange(threshold, 0, 1, 'threshold');
    return this.predictProba(texts).map((probabilities) =>
      this.topics.filter((topic) => probabilities[topic] >= threshold),
    );
  }

  toJSON(): TopicClassifierJson {
    return {
      format: TOPIC_FORMAT,
      preprocessingVersion: PREPROCESSING_VERSION,
      topics: [...this.topics],
      l2: this.l2,
      vectorizer: this.vectorizer.toJSON(),
      model: this.model.toJSON(),
    };
  }

  static fromJSON(json: unknown): TopicClassifier {
    const { labels, vectorizer, model, l2 } = readTfidfLinearArtifact(
      json,
      TOPIC_FORMAT,
      'topics',
      'topic classifier',
    );
    return new TopicClassifier(labels, vectorizer, model, l2, null);
  }
}
