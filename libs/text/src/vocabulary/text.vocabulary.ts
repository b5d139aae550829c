import {
  readArtifactHeader,
  readBoolean,
  readNumber,
  readRecord,
  readStringArray,
} from '../artifacts/json-artifact.reader';
import { assertInteger, assertKnownOptions } from '../artifacts/options.validation';
import {
  DEFAULT_PREPROCESS_OPTIONS,
  PREPROCESSING_VERSION,
  TextPreprocessor,
  type PreprocessOptions,
} from '../preprocessing/text.preprocessor';

export const PAD_TOKEN = '<pad>';
export const UNKNOWN_TOKEN = '<unk>';
export const PAD_ID = 0;
export const UNKNOWN_ID = 1;

export interface VocabularyOptions {
  /** A token must occur at least this many times in the training texts (default 1). */
  minCount?: number;
  /** Most ids, `<pad>` and `<unk>` included (default: unlimited). The most frequent tokens are kept. */
  maxSize?: number;
  /** Porter-stem word tokens (default true). */
  stem?: boolean;
}

const VOCABULARY_OPTION_KEYS = ['minCount', 'maxSize', 'stem'] as const;
const VOCABULARY_FORMAT = 'deepworks.text.vocabulary';

export interface VocabularyJson {
  format: typeof VOCABULARY_FORMAT;
  preprocessingVersion: number;
  stem: boolean;
  minCount: number;
  /** Token of each id: `tokens[0] === '<pad>'`, `tokens[1] === '<unk>'`. */
  tokens: string[];
}

/**
 * Token ↔ id table for sequence models (embeddings, CNN/RNN): id 0 is `<pad>`, id 1 is `<unk>` (any token not
 * seen in training, or cut by `minCount`/`maxSize`); the rest by descending count, ties alphabetical so that
 * the same texts always give the same ids.
 */
export class Vocabulary {
  private readonly idByToken: Map<string, number>;
  private readonly preprocessor: TextPreprocessor;

  private constructor(
    private readonly tokens: readonly string[],
    preprocessOptions: Readonly<PreprocessOptions>,
    readonly minCount: number,
  ) {
    this.idByToken = new Map(tokens.map((token, id) => [token, id]));
    this.preprocessor = new TextPreprocessor(preprocessOptions);
  }

  static build(texts: readonly string[], options: VocabularyOptions = {}): Vocabulary {
    assertKnownOptions(options, VOCABULARY_OPTION_KEYS, 'Vocabulary');
    const minCount = options.minCount ?? 1;
    const maxSize = options.maxSize ?? Number.MAX_SAFE_INTEGER;
    assertInteger(minCount, 1, 'minCount');
    assertInteger(maxSize, 2, 'maxSize');
    const preprocessOptions: PreprocessOptions = { stem: options.stem ?? DEFAULT_PREPROCESS_OPTIONS.stem };

    const preprocessor = new TextPreprocessor(preprocessOptions);
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const token of preprocessor.tokens(text)) {
        counts.set(token, (counts.get(token) ?? 0) + 1);
      }
    }
    const kept = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort(([tokenA, countA], [tokenB, countB]) => countB - countA || (tokenA < tokenB ? -1 : 1))
      .slice(0, maxSize - 2)
      .map(([token]) => token);
    return new Vocabulary([PAD_TOKEN, UNKNOWN_TOKEN, ...kept], preprocessOptions, minCount);
  }

  get preprocessOptions(): Readonly<PreprocessOptions> {
    return this.preprocessor.options;
  }

  /** Number of ids, `<pad>` and `<unk>` included. */
  get size(): number {
    return this.tokens.length;
  }

  idOf(token: string): number {
    return this.idByToken.get(token) ?? UNKNOWN_ID;
  }

  tokenOf(id: number): string {
    const token = this.tokens[id];
    if (token === undefined) throw new Error(`Id ${id} is outside the vocabulary (size ${this.size})`);
    return token;
  }

  /** Ids of `text` after `preprocess`, cut to `maxLength` (the head is kept) and right-padded with 0. */
  encode(text: string, maxLength: number): Int32Array {
    assertInteger(maxLength, 1, 'maxLength');
    const ids = new Int32Array(maxLength);
    const tokens = this.preprocessor.tokens(text);
    for (let position = 0; position < Math.min(tokens.length, maxLength); position++) {
      ids[position] = this.idOf(tokens[position]);
    }
    return ids;
  }

  encodeMany(texts: readonly string[], maxLength: number): Int32Array[] {
    return texts.map((text) => this.encode(text, maxLength));
  }

  toJSON(): VocabularyJson {
    return {
      format: VOCABULARY_FORMAT,
      preprocessingVersion: PREPROCESSING_VERSION,
      stem: this.preprocessor.options.stem,
      minCount: this.minCount,
      tokens: [...this.tokens],
    };
  }

  static fromJSON(json: unknown): Vocabulary {
    const record = readArtifactHeader(
      readRecord(json, 'vocabulary'),
      VOCABULARY_FORMAT,
      PREPROCESSING_VERSION,
    );
    const tokens = readStringArray(record, 'tokens', VOCABULARY_FORMAT);
    if (tokens[PAD_ID] !== PAD_TOKEN || tokens[UNKNOWN_ID] !== UNKNOWN_TOKEN) {
      throw new Error(`${VOCABULARY_FORMAT}.tokens must start with "${PAD_TOKEN}", "${UNKNOWN_TOKEN}"`);
    }
    if (new Set(tokens).size !== tokens.length) throw new Error(`${VOCABULARY_FORMAT}.tokens has duplicates`);
    return new Vocabulary(
      tokens,
      { stem: readBoolean(record, 'stem', VOCABULARY_FORMAT) },
      readNumber(record, 'minCount', VOCABULARY_FORMAT),
    );
  }
}
