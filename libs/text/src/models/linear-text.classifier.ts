import { readTfidfLinearArtifact } from './tfidf-linear.artifact';
import {
  assertInteger,
  assertKnownOptions,
  assertNumberInRange,
  assertOneOf,
} from '../artifacts/options.validation';
import type { TfidfVectorizer, TfidfVectorizerJson } from '../features/tfidf.vectorizer';
import { PREPROCESSING_VERSION } from '../preprocessing/text.preprocessor';
import {
  argMax,
  SparseLinearModel,
  type SparseLinearModelJson,
  type SparseLinearTrainingReport,
} from './sparse-linear.model';

export type ClassWeighting = 'none' | 'balanced';
export const CLASS_WEIGHTINGS: readonly ClassWeighting[] = ['none', 'balanced'];

export interface LinearTextClassifierOptions {
  /**
   * Coefficient of ½‖W‖² added to the mean cross-entropy (default 1e-5, ≈ scikit-learn C = 10 on 10k rows,
   * since C = 1 / (l2 · n)).
   */
  l2?: number;
  /** 'balanced': each row weighs n / (classes · n_class), as scikit-learn's class_weight='balanced'. */
  classWeighting?: ClassWeighting;
  /** Class names in output order (default: sorted distinct labels). */
  classes?: readonly string[];
  /** L-BFGS iterations at most (default 500). */
  maxIterations?: number;
  /** Stop when the largest gradient component is below this (default 1e-5). */
  tolerance?: number;
}

const CLASSIFIER_OPTION_KEYS = ['l2', 'classWeighting', 'classes', 'maxIterations', 'tolerance'] as const;
const CLASSIFIER_FORMAT = 'deepworks.text.linear-text-classifier';

export interface LinearTextClassifierJson {
  format: typeof CLASSIFIER_FORMAT;
  preprocessingVersion: number;
  classes: string[];
  l2: number;
  vectorizer: TfidfVectorizerJson;
  model: SparseLinearModelJson;
}

export interface TextPrediction {
  label: string;
  /** Probability of each class, keyed by class name. */
  probabilities: Record<string, number>;
}

/**
 * Multinomial logistic regression on TF-IDF features: p(class | text) = softmax(Wᵀ·tfidf(text) + b), fitted by
 * L-BFGS on the L2-penalised mean cross-entropy. The model carries its vectorizer, so `predict*` run exactly
 * the preprocessing used in training. Training is deterministic (zero initialisation, no sampling): the
 * same data and options always give the same weights, so no seed is needed.
 */
export class LinearTextClassifier {
  private constructor(
    readonly classes: readonly string[],
    readonly vectorizer: TfidfVectorizer,
    private readonly model: SparseLinearModel,
    readonly l2: number,
    readonly trainingReport: SparseLinearTrainingReport | null,
  ) {}

  /** Fits on `texts` with the (already fitted, on the same training split) `vectorizer`. */
  static train(
    vectorizer: TfidfVectorizer,
    texts: readonly string[],
    labels: readonly string[],
    options: LinearTextClassifierOptions = {},
  ): LinearTextClassifier {
    assertKnownOptions(options, CLASSIFIER_OPTION_KEYS, 'LinearTextClassifier');
    if (texts.length !== labels.length) {
      throw new Error(`${texts.length} texts but ${labels.length} labels`);
    }
    if (texts.length === 0) throw new Error('Cannot train on zero texts');
    const l2 = options.l2 ?? 1e-5;
    const classWeighting = options.classWeighting ?? 'none';
    const maxIterations = options.maxIterations ?? 500;
    const tolerance = options.tolerance ?? 1e-5;
    assertNumberInRange(l2, 0, Number.MAX_VALUE, 'l2');
    assertOneOf(classWeighting, CLASS_WEIGHTINGS, 'classWeighting');
    assertInteger(maxIterations, 1, 'maxIterations');
    assertNumberInRange(tolerance, 0, 1, 'tolerance');
    const classes = options.classes ? [...options.classes] : [...new Set(labels)].sort();
    if (classes.length < 2) throw new Error(`Need at least two classes, got [${classes.join(', ')}]`);
    const classIndex = new Map(classes.map((name, index) => [name, index]));

    const targets = new Float32Array(texts.length * classes.length);
    const classCounts = new Array<number>(classes.length).fill(0);
    const rowClasses = labels.map((label, row) => {
      const index = classIndex.get(label);
      if (index === undefined) {
        throw new Error(`Label "${label}" of row ${row} is not one of the classes [${classes.join(', ')}]`);
      }
      targets[row * classes.length + index] = 1;
      classCounts[index]++;
      return index;
    });
    const sampleWeights = Float64Array.from(rowClasses, (index) =>
      classWeighting === 'balanced' ? texts.length / (classes.length * classCounts[index]) : 1,
    );
    const { model, report } = SparseLinearModel.train(
      vectorizer.transformToMatrix(texts),
      targets,
      sampleWeights,
      classes.length,
      { activation: 'softmax', l2, maxIterations, tolerance },
    );
    return new LinearTextClassifier(classes, vectorizer, model, l2, report);
  }

  /** One row per text, one probability per class in `classes` order. */
  predictProba(texts: readonly string[]): Float64Array[] {
    return texts.map((text) => this.model.probabilities(this.vectorizer.transform(text)));
  }

  predict(texts: readonly string[]): string[] {
    return this.predictProba(texts).map((probabilities) => this.classes[argMax(probabilities)]);
  }

  /** Label and named probabilities of one text (what a scoring endpoint returns). */
  predictOne(text: string): TextPrediction {
    const probabilities = this.model.probabilities(this.vectorizer.transform(text));
    return {
      label: this.classes[argMax(probabilities)],
      probabilities: Object.fromEntries(this.classes.map((name, index) => [name, probabilities[index]])),
    };
  }

  /** The n-gram features with the largest weights towards `className` (for explaining the model). */
  topFeatures(className: string, count: number): { term: string; weight: number }[] {
    const output = this.classes.indexOf(className);
    if (output < 0) throw new Error(`Unknown class "${className}"; classes: ${this.classes.join(', ')}`);
    const columns = Array.from({ length: this.vectorizer.dimension }, (_, column) => column);
    return columns
      .map((column) => ({
        term: this.vectorizer.termOf(column),
        weight: this.model.weightOf(column, output),
      }))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, count);
  }

  toJSON(): LinearTextClassifierJson {
    return {
      format: CLASSIFIER_FORMAT,
      preprocessingVersion: PREPROCESSING_VERSION,
      classes: [...this.classes],
      l2: this.l2,
      vectorizer: this.vectorizer.toJSON(),
      model: this.model.toJSON(),
    };
  }

  static fromJSON(json: unknown): LinearTextClassifier {
    const { labels, vectorizer, model, l2 } = readTfidfLinearArtifact(
      json,
      CLASSIFIER_FORMAT,
      'classes',
      'classifier',
    );
    return new LinearTextClassifier(labels, vectorizer, model, l2, null);
  }
}
