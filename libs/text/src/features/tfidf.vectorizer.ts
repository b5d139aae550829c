import {
  readArtifactHeader,
  readBoolean,
  readNumber,
  readNumberArray,
  readRecord,
  readString,
  readStringArray,
} from '../artifacts/json-artifact.reader';
import {
  assertInteger,
  assertKnownOptions,
  assertNumberInRange,
  assertOneOf,
} from '../artifacts/options.validation';
import { wordNgrams } from '../preprocessing/ngram.features';
import {
  DEFAULT_PREPROCESS_OPTIONS,
  PREPROCESSING_VERSION,
  TextPreprocessor,
  type PreprocessOptions,
} from '../preprocessing/text.preprocessor';
import { stackSparseRows, type SparseRowMatrix, type SparseVector } from './sparse.vector';

export type TfidfNorm = 'l2' | 'none';
export const TFIDF_NORMS: readonly TfidfNorm[] = ['l2', 'none'];

export interface TfidfVectorizerOptions {
  /** Smallest n of the word n-grams (default 1). */
  minNgram?: number;
  /** Largest n of the word n-grams (default 2). */
  maxNgram?: number;
  /** A term must occur in at least this many training documents (default 1). */
  minDf?: number;
  /** Terms in more than this fraction of training documents are dropped (default 1: none). */
  maxDfRatio?: number;
  /** Keep only the most frequent terms (by total count in training), ties alphabetical (default: all). */
  maxFeatures?: number;
  /** tf = 1 + ln(count) instead of count (default true). */
  sublinearTf?: boolean;
  /** Row normalisation (default 'l2'). */
  norm?: TfidfNorm;
  /** idf = ln((1 + n) / (1 + df)) + 1, as if one extra document held every term (default true). */
  smoothIdf?: boolean;
  /** Porter-stem word tokens (default true). */
  stem?: boolean;
}

const TFIDF_OPTION_KEYS = [
  'minNgram',
  'maxNgram',
  'minDf',
  'maxDfRatio',
  'maxFeatures',
  'sublinearTf',
  'norm',
  'smoothIdf',
  'stem',
] as const;
const TFIDF_FORMAT = 'deepworks.text.tfidf-vectorizer';

type ResolvedTfidfOptions = Required<Omit<TfidfVectorizerOptions, 'maxFeatures'>> & {
  maxFeatures: number | null;
};

export interface TfidfVectorizerJson {
  format: typeof TFIDF_FORMAT;
  preprocessingVersion: number;
  minNgram: number;
  maxNgram: number;
  sublinearTf: boolean;
  norm: TfidfNorm;
  stem: boolean;
  /** Feature name of each column (n-gram words joined by a space), alphabetical. */
  terms: string[];
  idf: number[];
}

/**
 * TF-IDF over word uni- and bigrams of `preprocess` tokens, with the conventions of scikit-learn's
 * `TfidfVectorizer` (smooth idf `ln((1+n)/(1+df)) + 1`, optional sublinear tf, l2 row norm), so results can be
 * compared with it. Fit on the training split only: idf and the term list are frozen afterwards; unseen terms
 * are ignored at transform time.
 */
export class TfidfVectorizer {
  private readonly columnByTerm: Map<string, number>;
  private readonly preprocessor: TextPreprocessor;

  private constructor(
    private readonly settings: Readonly<
      Pick<ResolvedTfidfOptions, 'minNgram' | 'maxNgram' | 'sublinearTf' | 'norm' | 'stem'>
    >,
    private readonly terms: readonly string[],
    private readonly idf: Float64Array,
  ) {
    this.columnByTerm = new Map(terms.map((term, column) => [term, column]));
    this.preprocessor = new TextPreprocessor({ stem: settings.stem });
  }

  static fit(texts: readonly string[], options: TfidfVectorizerOptions = {}): TfidfVectorizer {
    const settings = resolveOptions(options);
    const preprocessor = new TextPreprocessor({ stem: settings.stem });
    const documentFrequency = new Map<string, number>();
    const totalCount = new Map<string, number>();
    for (const text of texts) {
      const grams = wordNgrams(preprocessor.tokens(text), settings.minNgram, settings.maxNgram);
      for (const gram of grams) totalCount.set(gram, (totalCount.get(gram) ?? 0) + 1);
      for (const gram of new Set(grams)) documentFrequency.set(gram, (documentFrequency.get(gram) ?? 0) + 1);
    }
    const documents = texts.length;
    let kept = [...documentFrequency]
      .filter(([, df]) => df >= settings.minDf && df <= settings.maxDfRatio * documents)
      .map(([term]) => term);
    if (settings.maxFeatures !== null && kept.length > settings.maxFeatures) {
      kept = kept
        .sort((a, b) => (totalCount.get(b) ?? 0) - (totalCount.get(a) ?? 0) || (a < b ? -1 : 1))
        .slice(0, settings.maxFeatures);
    }
    kept.sort();
    const idf = new Float64Array(kept.length);
    kept.forEach((term, column) => {
      const df = documentFrequency.get(term) ?? 0;
      // scikit-learn TfidfVectorizer idf; the +1 keeps terms present in every document from vanishing.
      idf[column] = settings.smoothIdf
        ? Math.log((1 + documents) / (1 + df)) + 1
        : Math.log(documents / df) + 1;
    });
    return new TfidfVectorizer(settings, kept, idf);
  }

  /** Number of columns (terms). */
  get dimension(): number {
    return this.terms.length;
  }

  /** Feature name of a column. */
  termOf(column: number): string {
    const term = this.terms[column];
    if (term === undefined) throw new Error(`Column ${column} is outside the vectorizer (${this.dimension})`);
    return term;
  }

  columnOf(term: string): number | undefined {
    return this.columnByTerm.get(term);
  }

  idfOf(term: string): number | undefined {
    const column = this.columnByTerm.get(term);
    return column === undefined ? undefined : this.idf[column];
  }

  get preprocessOptions(): Readonly<PreprocessOptions> {
    return this.preprocessor.options;
  }

  transform(text: string): SparseVector {
    const counts = new Map<number, number>();
    const tokens = this.preprocessor.tokens(text);
    for (const gram of wordNgrams(tokens, this.settings.minNgram, this.settings.maxNgram)) {
      const column = this.columnByTerm.get(gram);
      if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const weights = new Float64Array(indices.length);
    let squaredNorm = 0;
    indices.forEach((column, position) => {
      const count = counts.get(column) ?? 0;
      const tf = this.settings.sublinearTf ? 1 + Math.log(count) : count;
      weights[position] = tf * this.idf[column];
      squaredNorm += weights[position] * weights[position];
    });
    const scale = this.settings.norm === 'l2' && squaredNorm > 0 ? 1 / Math.sqrt(squaredNorm) : 1;
    return { indices, values: Float32Array.from(weights, (weight) => weight * scale) };
  }

  transformMany(texts: readonly string[]): SparseVector[] {
    return texts.map((text) => this.transform(text));
  }

  /** The rows of `transformMany` in compressed-sparse-row form (what the linear models train on). */
  transformToMatrix(texts: readonly string[]): SparseRowMatrix {
    return stackSparseRows(this.transformMany(texts), this.dimension);
  }

  toJSON(): TfidfVectorizerJson {
    return {
      format: TFIDF_FORMAT,
      preprocessingVersion: PREPROCESSING_VERSION,
      minNgram: this.settings.minNgram,
      maxNgram: this.settings.maxNgram,
      sublinearTf: this.settings.sublinearTf,
      norm: this.settings.norm,
      stem: this.settings.stem,
      terms: [...this.terms],
      idf: Array.from(this.idf),
    };
  }

  static fromJSON(json: unknown): TfidfVectorizer {
    const record = readArtifactHeader(readRecord(json, 'vectorizer'), TFIDF_FORMAT, PREPROCESSING_VERSION);
    const terms = readStringArray(record, 'terms', TFIDF_FORMAT);
    const idf = readNumberArray(record, 'idf', TFIDF_FORMAT);
    if (idf.length !== terms.length)
      throw new Error(`${TFIDF_FORMAT}: ${terms.length} terms but ${idf.length} idf`);
    const norm = readString(record, 'norm', TFIDF_FORMAT) as TfidfNorm;
    assertOneOf(norm, TFIDF_NORMS, `${TFIDF_FORMAT}.norm`);
    return new TfidfVectorizer(
      {
        minNgram: readNumber(record, 'minNgram', TFIDF_FORMAT),
        maxNgram: readNumber(record, 'maxNgram', TFIDF_FORMAT),
        sublinearTf: readBoolean(record, 'sublinearTf', TFIDF_FORMAT),
        norm,
        stem: readBoolean(record, 'stem', TFIDF_FORMAT),
      },
      terms,
      Float64Array.from(idf),
    );
  }
}

function resolveOptions(options: TfidfVectorizerOptions): ResolvedTfidfOptions {
  assertKnownOptions(options, TFIDF_OPTION_KEYS, 'TfidfVectorizer');
  const resolved: ResolvedTfidfOptions = {
    minNgram: options.minNgram ?? 1,
    maxNgram: options.maxNgram ?? 2,
    minDf: options.minDf ?? 1,
    maxDfRatio: options.maxDfRatio ?? 1,
    maxFeatures: options.maxFeatures ?? null,
    sublinearTf: options.sublinearTf ?? true,
    norm: options.norm ?? 'l2',
    smoothIdf: options.smoothIdf ?? true,
    stem: options.stem ?? DEFAULT_PREPROCESS_OPTIONS.stem,
  };
  assertInteger(resolved.minNgram, 1, 'minNgram');
  assertInteger(resolved.maxNgram, resolved.minNgram, 'maxNgram');
  assertInteger(resolved.minDf, 1, 'minDf');
  assertNumberInRange(resolved.maxDfRatio, 0, 1, 'maxDfRatio');
  if (resolved.maxFeatures !== null) assertInteger(resolved.maxFeatures, 1, 'maxFeatures');
  assertOneOf(resolved.norm, TFIDF_NORMS, 'norm');
  return resolved;
}
