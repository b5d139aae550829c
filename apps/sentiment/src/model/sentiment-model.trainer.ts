import { createHash } from 'node:crypto';
import { stratifiedSplit } from '@deepworks/data-prep';
import {
  LexiconClassifier,
  LinearTextClassifier,
  PREPROCESSING_VERSION,
  TfidfVectorizer,
  type LabelMap,
  type LinearTextClassifierOptions,
  type TfidfVectorizerOptions,
} from '@deepworks/text';
import { LexiconSentimentModel } from './lexicon-sentiment.model';
import { LinearSentimentModel } from './linear-sentiment.model';
import { evaluateSentimentModel, type SentimentEvaluation } from './sentiment.evaluation';
import type { NeuralTrainingReport } from './neural-sentiment.trainer';
import {
  NEURAL_SENTIMENT_MODEL_KINDS,
  type SentimentModel,
  type SentimentModelKind,
} from './sentiment.model';

export interface SentimentTrainingOptions {
  kind?: SentimentModelKind;
  /** Share of the rows held out, stratified by label, for the metrics (default 0.1). */
  validationFraction?: number;
  /** Seed of the stratified split (default 42). */
  seed?: number;
  /** L2 coefficient of the linear model (default 3e-6). */
  l2?: number;
  /** L-BFGS iterations at most (default 100). */
  maxIterations?: number;
  /** A term must occur in this many training texts (default 1). */
  minDf?: number;
}

const OPTION_KEYS = ['kind', 'validationFraction', 'seed', 'l2', 'maxIterations', 'minDf'] as const;

/**
 * Defaults chosen by the text lib on a held-out 20 % of the Twitter Financial News TRAIN split, never on its
 * validation split (libs/text/src/evaluation/twitter-financial-news.spec.ts): word 1–2-grams, sublinear tf,
 * Porter stems, l2 = 3e-6 (≈ scikit-learn C = 35), L-BFGS capped at 100 iterations.
 */
export const DEFAULT_SENTIMENT_TRAINING = {
  kind: 'linear',
  validationFraction: 0.1,
  seed: 42,
  l2: 3e-6,
  maxIterations: 100,
  minDf: 1,
} as const satisfies Required<SentimentTrainingOptions>;

export interface SentimentModelMetadata {
  format: 'deepworks.sentiment.model';
  kind: SentimentModelKind;
  /** Class names in the model's output order. */
  labels: string[];
  /** How raw dataset labels were mapped to `labels` (reused by `evaluate`). */
  labelMap: ReturnType<LabelMap['toJSON']>;
  preprocessingVersion: number;
  options: Required<SentimentTrainingOptions>;
  /** Metrics on the validation split carved from the training rows (the model never saw it). */
  validation: SentimentEvaluation;
  trainRows: number;
  validationRows: number;
  /** sha256 over every training row's label and text, in order. */
  dataFingerprint: string;
  trainedAt: string;
  /** `textcnn` and `ensemble`: network options, training history, temperatures and blend weight. */
  neural?: NeuralTrainingReport;
}

export interface TrainedSentimentModel {
  model: SentimentModel;
  metadata: SentimentModelMetadata;
}

export type TrainingSplit<R> = (
  rows: readonly R[],
  settings: Required<SentimentTrainingOptions>,
) => [train: R[], validation: R[]];

/** A validation share stratified by label, drawn with the seed. */
export function stratifiedValidationSplit<R extends { label: string }>(
  rows: readonly R[],
  settings: Required<SentimentTrainingOptions>,
): [R[], R[]] {
  const [train, validation] = stratifiedSplit(rows, (row) => row.label, {
    ratios: [1 - settings.validationFraction, settings.validationFraction],
    seed: settings.seed,
  });
  return [train, validation];
}

/** The options with their defaults; unknown keys and a validation fraction outside (0, 1) are refused. */
export function resolveTrainingOptions(
  options: SentimentTrainingOptions,
): Required<SentimentTrainingOptions> {
  const unknown = Object.keys(options).filter((key) => !(OPTION_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new Error(`Unknown training option(s) ${unknown.join(', ')}; allowed: ${OPTION_KEYS.join(', ')}`);
  }
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings = { ...DEFAULT_SENTIMENT_TRAINING, ...given } as Required<SentimentTrainingOptions>;
  if (!(settings.validationFraction > 0 && settings.validationFraction < 1)) {
    throw new Error(`validationFraction must be in (0, 1); got ${settings.validationFraction}`);
  }
  return settings;
}

/** Splits off a validation share (stratified by default), fits on the rest and measures on the share. */
export function trainSentimentModel<R extends { text: string; label: string }>(
  rows: readonly R[],
  labelMap: LabelMap,
  options: SentimentTrainingOptions = {},
  split: TrainingSplit<R> = stratifiedValidationSplit,
): TrainedSentimentModel {
  const settings = resolveTrainingOptions(options);
  if (NEURAL_SENTIMENT_MODEL_KINDS.includes(settings.kind)) {
    throw new Error(`"${settings.kind}" is trained with tfjs: use trainNeuralSentimentModel (asynchronous)`);
  }
  const [train, validation] = split(rows, settings);
  if (train.length === 0 || validation.length === 0) {
    throw new Error(`Too few rows (${rows.length}) to hold out a validation split`);
  }
  const model = fitSentimentModel(train, labelMap, settings);
  return {
    model,
    metadata: {
      format: 'deepworks.sentiment.model',
      kind: settings.kind,
      labels: [...model.classes],
      labelMap: labelMap.toJSON(),
      preprocessingVersion: PREPROCESSING_VERSION,
      options: settings,
      validation: evaluateSentimentModel(model, validation),
      trainRows: train.length,
      validationRows: validation.length,
      dataFingerprint: fingerprintRows(rows),
      trainedAt: new Date().toISOString(),
    },
  };
}

/** Fits on all of `rows` (no split). */
export function fitSentimentModel(
  rows: readonly { text: string; label: string }[],
  labelMap: LabelMap,
  options: Required<SentimentTrainingOptions>,
): SentimentModel {
  const texts = rows.map((row) => row.text);
  const labels = rows.map((row) => row.label);
  if (options.kind === 'lexicon') return new LexiconSentimentModel(LexiconClassifier.train(texts, labels));
  const vectorizerOptions: TfidfVectorizerOptions = {
    minNgram: 1,
    maxNgram: 2,
    minDf: options.minDf,
    sublinearTf: true,
    stem: true,
  };
  const classifierOptions: LinearTextClassifierOptions = {
    l2: options.l2,
    maxIterations: options.maxIterations,
    // Every class of the map, in its order, so that probabilities always have the same keys.
    classes: labelMap.classes,
  };
  const vectorizer = TfidfVectorizer.fit(texts, vectorizerOptions);
  return new LinearSentimentModel(LinearTextClassifier.train(vectorizer, texts, labels, classifierOptions));
}

export function fingerprintRows(rows: readonly { text: string; label: string }[]): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(row.label).update('\t').update(row.text).update('\n');
  return `sha256:${hash.digest('hex')}`;
}
