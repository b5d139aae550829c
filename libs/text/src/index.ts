// Preprocessing: the one pipeline shared by training and serving.
export {
  canonicalizeCharacters,
  extractCashtags,
  extractMentions,
  foldText,
  MENTION_TOKEN,
  normalizeText,
  NUMBER_TOKEN,
  PERCENT_TOKEN,
  URL_TOKEN,
} from './preprocessing/text.normalizer';
export { tokenize } from './preprocessing/text.tokenizer';
export { NGRAM_SEPARATOR, wordNgrams } from './preprocessing/ngram.features';
export {
  DEFAULT_PREPROCESS_OPTIONS,
  preprocess,
  PREPROCESSING_VERSION,
  TextPreprocessor,
} from './preprocessing/text.preprocessor';
export type { PreprocessedText, PreprocessOptions } from './preprocessing/text.preprocessor';
export { porterStem } from './natural/natural.adapter';
export type { AfinnLexicon } from './natural/natural.adapter';

// Vocabulary and features.
export { PAD_ID, PAD_TOKEN, UNKNOWN_ID, UNKNOWN_TOKEN, Vocabulary } from './vocabulary/text.vocabulary';
export type { VocabularyJson, VocabularyOptions } from './vocabulary/text.vocabulary';
export { TFIDF_NORMS, TfidfVectorizer } from './features/tfidf.vectorizer';
export type { TfidfNorm, TfidfVectorizerJson, TfidfVectorizerOptions } from './features/tfidf.vectorizer';
export { stackSparseRows } from './features/sparse.vector';
export type { SparseRowMatrix, SparseVector } from './features/sparse.vector';

// Models.
export { CLASS_WEIGHTINGS, LinearTextClassifier } from './models/linear-text.classifier';
export type {
  ClassWeighting,
  LinearTextClassifierJson,
  LinearTextClassifierOptions,
  TextPrediction,
} from './models/linear-text.classifier';
export { LexiconClassifier, THRESHOLD_OBJECTIVES } from './models/lexicon.classifier';
export type {
  LexiconClassifierJson,
  LexiconClassifierOptions,
  LexiconScore,
  ThresholdObjective,
} from './models/lexicon.classifier';
export { TopicClassifier } from './models/topic.classifier';
export type { TopicClassifierJson, TopicClassifierOptions } from './models/topic.classifier';
export type { SparseLinearTrainingReport } from './models/sparse-linear.model';

// Labels, topics, entities, data, evaluation.
export { LabelMap, LabelMapError, SENTIMENT_ALIASES, SENTIMENT_CLASSES } from './labels/label.map';
export type { LabelMapErrorCode, LabelMapJson, LabelMapOptions, SentimentClass } from './labels/label.map';
export { DEFAULT_TOPIC_RULES, KeywordTopicTagger } from './topics/keyword-topic.tagger';
export type { TopicMatch, TopicRules } from './topics/keyword-topic.tagger';
export { TickerExtractor } from './entities/ticker.extractor';
export type { TickerMention, TickerSource } from './entities/ticker.extractor';
export { US_LARGE_CAP_COMPANIES } from './entities/company-tickers.dictionary';
export type { CompanyEntry } from './entities/company-tickers.dictionary';
export { CsvFormatError, parseLabelledCsv } from './io/labelled-csv.reader';
export type { LabelledCsvOptions, LabelledTextRow } from './io/labelled-csv.reader';
