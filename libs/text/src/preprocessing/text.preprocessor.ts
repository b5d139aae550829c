import { porterStem } from '../natural/natural.adapter';
import { extractCashtags, extractMentions, normalizeText } from './text.normalizer';
import { tokenize } from './text.tokenizer';

/**
 * Version of the normalise → tokenise → stem pipeline. Every artifact (vocabulary, vectorizer, model) records
 * it and refuses to load under another version: bump it whenever any step's output can change.
 */
export const PREPROCESSING_VERSION = 1;

export interface PreprocessOptions {
  /** Porter-stem word tokens (placeholders, cashtags, numbers and emoji are never stemmed). */
  stem: boolean;
}

export const DEFAULT_PREPROCESS_OPTIONS: Readonly<PreprocessOptions> = { stem: true };

export interface PreprocessedText {
  /** Output of `normalizeText`. */
  normalized: string;
  /** Tokens of `normalized`, stemmed when `options.stem`. */
  tokens: string[];
  /** Upper-case cashtag symbols ("AAPL"), in order of first appearance. */
  cashtags: string[];
  /** Lower-case @handles without the `@`. */
  mentions: string[];
}

const STEMMABLE = /^\p{L}[\p{L}']*$/u;
// Word types in a corpus follow Zipf's law: a few thousand cover most tokens, so a small cache removes most
// calls to natural's Porter stemmer (≈10 µs each); cleared when full to bound memory on open-ended streams.
const STEM_CACHE_LIMIT = 200_000;

/**
 * The preprocessing pipeline with fixed options. `Vocabulary`, `TfidfVectorizer` and every classifier hold
 * one, built from the options they saved, and use it both when fitting and when scoring, so training and
 * serving cannot drift apart. Each instance memoises stems; the function `preprocess` is the stateless form.
 */
export class TextPreprocessor {
  private readonly stemCache = new Map<string, string>();

  constructor(readonly options: Readonly<PreprocessOptions> = DEFAULT_PREPROCESS_OPTIONS) {}

  preprocess(text: string): PreprocessedText {
    const normalized = normalizeText(text);
    return {
      normalized,
      tokens: this.tokensOfNormalized(normalized),
      cashtags: extractCashtags(text),
      mentions: extractMentions(text),
    };
  }

  /** `preprocess(text).tokens` without the entity extraction (what the feature extractors need). */
  tokens(text: string): string[] {
    return this.tokensOfNormalized(normalizeText(text));
  }

  private tokensOfNormalized(normalized: string): string[] {
    const tokens = tokenize(normalized);
    return this.options.stem ? tokens.map((token) => this.stem(token)) : tokens;
  }

  private stem(token: string): string {
    if (!STEMMABLE.test(token)) return token;
    let stemmed = this.stemCache.get(token);
    if (stemmed === undefined) {
      if (this.stemCache.size >= STEM_CACHE_LIMIT) this.stemCache.clear();
      stemmed = porterStem(token);
      this.stemCache.set(token, stemmed);
    }
    return stemmed;
  }
}

/** Normalise, tokenise, stem (see `TextPreprocessor`), and extract cashtags and mentions of one text. */
export function preprocess(
  text: string,
  options: Readonly<PreprocessOptions> = DEFAULT_PREPROCESS_OPTIONS,
): PreprocessedText {
  return new TextPreprocessor(options).preprocess(text);
}
