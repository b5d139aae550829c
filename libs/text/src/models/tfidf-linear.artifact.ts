import {
  readArtifactHeader,
  readNumber,
  readRecord,
  readStringArray,
} from '../artifacts/json-artifact.reader';
import { TfidfVectorizer } from '../features/tfidf.vectorizer';
import { PREPROCESSING_VERSION } from '../preprocessing/text.preprocessor';
import { SparseLinearModel } from './sparse-linear.model';

export interface TfidfLinearParts {
  /** The outputs' names, in column order (classes or topics). */
  labels: string[];
  l2: number;
  vectorizer: TfidfVectorizer;
  model: SparseLinearModel;
}

/**
 * Reads what a TF-IDF + sparse linear classifier saved under `format`, its output names under
 * `labelsKey`; refuses another format, another preprocessing version, or a model whose shape does not
 * match its outputs and vocabulary.
 */
export function readTfidfLinearArtifact(
  json: unknown,
  format: string,
  labelsKey: string,
  what: string,
): TfidfLinearParts {
  const record = readArtifactHeader(readRecord(json, what), format, PREPROCESSING_VERSION);
  const labels = readStringArray(record, labelsKey, format);
  const vectorizer = TfidfVectorizer.fromJSON(record.vectorizer);
  const model = SparseLinearModel.fromJSON(record.model);
  if (model.outputs !== labels.length || model.columns !== vectorizer.dimension) {
    throw new Error(`${format}: model shape does not match its ${labelsKey} and vectorizer`);
  }
  return { labels, l2: readNumber(record, 'l2', format), vectorizer, model };
}
