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
import { SENTIMENT_CLASSES, type SentimentClass } from '../labels/label.map';
import {
  AFINN_LEXICONS,
  createAfinnScorer,
  type AfinnLexicon,
  type AfinnScorer,
} from '../natural/natural.adapter';
import { PREPROCESSING_VERSION, TextPreprocessor } from '../preprocessing/text.preprocessor';

export type ThresholdObjective = 'accuracy' | 'macro-f1';
export const THRESHOLD_OBJECTIVES: readonly ThresholdObjective[] = ['accuracy', 'macro-f1'];

export interface LexiconClassifierOptions {
  /** natural's AFINN list (default 'afinn'; see `createAfinnScorer` for the financial one). */
  afinnLexicon?: AfinnLexicon;
  /** A word enters the finance list if it occurs in at least this many positive + negative texts (default 3). */
  minCount?: number;
  /** Keep the words with the largest |log-odds| (default 1500). */
  maxWords?: number;
  /** Add-α smoothing of the per-class document rates (default 1). */
  smoothing?: number;
  /** Folds for out-of-fold scores when fitting the thresholds (default 5). */
  folds?: number;
  /** What the thresholds maximise on the training split (default 'accuracy'). */
  thresholdObjective?: ThresholdObjective;
  /** Porter-stem word tokens (default true). */
  stem?: boolean;
}

const LEXICON_OPTION_KEYS = [
  'afinnLexicon',
  'minCount',
  'maxWords',
  'smoothing',
  'folds',
  'thresholdObjective',
  'stem',
] as const;
const LEXICON_FORMAT = 'deepworks.text.lexicon-classifier';
// Relative weight of the AFINN score against the finance word list, chosen with the thresholds.
const AFINN_WEIGHT_GRID = [0, 0.25, 0.5, 1, 2, 4];
const MAX_THRESHOLD_CANDIDATES = 300;
const WORD_TOKEN = /^\p{L}/u;

export interface LexiconClassifierJson {
  format: typeof LEXICON_FORMAT;
  preprocessingVersion: number;
  stem: boolean;
  afinnLexicon: AfinnLexicon;
  afinnWeight: number;
  lowThreshold: number;
  highThreshold: number;
  words: string[];
  polarities: number[];
}

export interface LexiconScore {
  /** financeScore + afinnWeight · afinnScore; < lowThreshold → negative, ≥ highThreshold → positive. */
  score: number;
  /** Mean finance-list log-odds over the text's tokens. */
  financeScore: number;
  /** natural's AFINN score (sum of valences / tokens). */
  afinnScore: number;
}

/**
 * Baseline sentiment from word lists, no learned classifier: natural's AFINN valences plus a finance word list
 * built from the training texts, polarity(w) = logit(rate of positive texts containing w) − logit(rate of
 * negative texts containing w), both add-α smoothed (a smoothed log-odds ratio; Monroe, Colaresi & Quinn 2008
 * discuss why smoothing matters for rare words). Two thresholds on the combined score split
 * negative / neutral / positive; they and the AFINN weight are fitted on OUT-OF-FOLD training scores, because
 * in-sample scores of a list built from the same texts are too extreme and would place the thresholds badly.
 */
export class LexiconClassifier {
  private readonly preprocessor: TextPreprocessor;
  private readonly afinn: AfinnScorer;
  private readonly polarityByWord: Map<string, number>;

  private constructor(
    stem: boolean,
    afinnLexicon: AfinnLexicon,
    readonly afinnWeight: number,
    readonly lowThreshold: number,
    readonly highThreshold: number,
    polarityByWord: Map<string, number>,
  ) {
    this.preprocessor = new TextPreprocessor({ stem });
    this.afinn = createAfinnScorer(afinnLexicon);
    this.polarityByWord = polarityByWord;
  }

  static train(
    texts: readonly string[],
    labels: readonly string[],
    options: LexiconClassifierOptions = {},
  ): LexiconClassifier {
    assertKnownOptions(options, LEXICON_OPTION_KEYS, 'LexiconClassifier');
    const settings = {
      afinnLexicon: options.afinnLexicon ?? 'afinn',
      minCount: options.minCount ?? 3,
      maxWords: options.maxWords ?? 1500,
      smoothing: options.smoothing ?? 1,
      folds: options.folds ?? 5,
      thresholdObjective: options.thresholdObjective ?? 'accuracy',
      stem: options.stem ?? true,
    };
    assertOneOf(settings.afinnLexicon, AFINN_LEXICONS, 'afinnLexicon');
    assertInteger(settings.minCount, 1, 'minCount');
    assertInteger(settings.maxWords, 1, 'maxWords');
    assertNumberInRange(settings.smoothing, Number.MIN_VALUE, Number.MAX_VALUE, 'smoothing');
    assertInteger(settings.folds, 2, 'folds');
    assertOneOf(settings.thresholdObjective, THRESHOLD_OBJECTIVES, 'thresholdObjective');
    if (texts.length !== labels.length) throw new Error(`${texts.length} texts but ${labels.length} labels`);
    const classes = labels.map((label, row) => {
      if (!(SENTIMENT_CLASSES as readonly string[]).includes(label)) {
        throw new Error(`Label "${label}" of row ${row} is not one of ${SENTIMENT_CLASSES.join(', ')}`);
      }
      return label as SentimentClass;
    });

    const preprocessor = new TextPreprocessor({ stem: settings.stem });
    const afinn = createAfinnScorer(settings.afinnLexicon);
    const tokenLists = texts.map((text) => preprocessor.tokens(text));
    const afinnScores = tokenLists.map((tokens) => afinn.score(tokens));
    const outOfFold = new Float64Array(texts.length);
    for (let fold = 0; fold < settings.folds; fold++) {
      // Row r belongs to fold r mod k: data files are often sorted by label, so contiguous folds would not be.
      const inFold = (row: number): boolean => row % settings.folds === fold;
      const list = buildFinanceWordList(tokenLists, classes, (row) => !inFold(row), settings);
      tokenLists.forEach((tokens, row) => {
        if (inFold(row)) outOfFold[row] = financeScore(tokens, list);
      });
    }
    const fitted = fitThresholds(outOfFold, afinnScores, classes, settings.thresholdObjective);
    const finalList = buildFinanceWordList(tokenLists, classes, () => true, settings);
    return new LexiconClassifier(
      settings.stem,
      settings.afinnLexicon,
      fitted.afinnWeight,
      fitted.lowThreshold,
      fitted.highThreshold,
      finalList,
    );
  }

  /** Number of words in the finance list. */
  get wordCount(): number {
    return this.polarityByWord.size;
  }

  /** Polarity (log-odds ratio, > 0 leans positive) of a (stemmed) word, or undefined if not in the list. */
  polarityOf(word: string): number | undefined {
    return this.polarityByWord.get(word);
  }

  score(text: string): LexiconScore {
    const tokens = this.preprocessor.tokens(text);
    const finance = financeScore(tokens, this.polarityByWord);
    const afinnScore = this.afinn.score(tokens);
    return { score: finance + this.afinnWeight * afinnScore, financeScore: finance, afinnScore };
  }

  predict(texts: readonly string[]): SentimentClass[] {
    return texts.map((text) => this.classify(this.score(text).score));
  }

  toJSON(): LexiconClassifierJson {
    return {
      format: LEXICON_FORMAT,
      preprocessingVersion: PREPROCESSING_VERSION,
      stem: this.preprocessor.options.stem,
      afinnLexicon: this.afinn.lexicon,
      afinnWeight: this.afinnWeight,
      lowThreshold: this.lowThreshold,
      highThreshold: this.highThreshold,
      words: [...this.polarityByWord.keys()],
      polarities: [...this.polarityByWord.values()],
    };
  }

  static fromJSON(json: unknown): LexiconClassifier {
    const record = readArtifactHeader(
      readRecord(json, 'lexicon classifier'),
      LEXICON_FORMAT,
      PREPROCESSING_VERSION,
    );
    const words = readStringArray(record, 'words', LEXICON_FORMAT);
    const polarities = readNumberArray(record, 'polarities', LEXICON_FORMAT);
    if (words.length !== polarities.length) throw new Error(`${LEXICON_FORMAT}: words and polarities differ`);
    const afinnLexicon = readString(record, 'afinnLexicon', LEXICON_FORMAT) as AfinnLexicon;
    assertOneOf(afinnLexicon, AFINN_LEXICONS, `${LEXICON_FORMAT}.afinnLexicon`);
    return new LexiconClassifier(
      readBoolean(record, 'stem', LEXICON_FORMAT),
      afinnLexicon,
      readNumber(record, 'afinnWeight', LEXICON_FORMAT),
      readNumber(record, 'lowThreshold', LEXICON_FORMAT),
      readNumber(record, 'highThreshold', LEXICON_FORMAT),
      new Map(words.map((word, index) => [word, polarities[index]])),
    );
  }

  private classify(score: number): SentimentClass {
    if (score < this.lowThreshold) return 'negative';
    return score >= this.highThreshold ? 'positive' : 'neutral';
  }
}

function buildFinanceWordList(
  tokenLists: readonly string[][],
  classes: readonly SentimentClass[],
  include: (row: number) => boolean,
  settings: { minCount: number; maxWords: number; smoothing: number },
): Map<string, number> {
  const positiveDocs = new Map<string, number>();
  const negativeDocs = new Map<string, number>();
  let positiveTotal = 0;
  let negativeTotal = 0;
  tokenLists.forEach((tokens, row) => {
    if (!include(row) || classes[row] === 'neutral') return;
    const counts = classes[row] === 'positive' ? positiveDocs : negativeDocs;
    if (classes[row] === 'positive') positiveTotal++;
    else negativeTotal++;
    for (const word of new Set(tokens)) {
      if (WORD_TOKEN.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  });
  const alpha = settings.smoothing;
  const logit = (count: number, total: number): number => {
    const rate = (count + alpha) / (total + 2 * alpha);
    return Math.log(rate / (1 - rate));
  };
  const words = new Set([...positiveDocs.keys(), ...negativeDocs.keys()]);
  const scored = [...words]
    .map((word) => {
      const positive = positiveDocs.get(word) ?? 0;
      const negative = negativeDocs.get(word) ?? 0;
      return {
        word,
        total: positive + negative,
        polarity: logit(positive, positiveTotal) - logit(negative, negativeTotal),
      };
    })
    .filter(({ total }) => total >= settings.minCount)
    .sort((a, b) => Math.abs(b.polarity) - Math.abs(a.polarity) || (a.word < b.word ? -1 : 1))
    .slice(0, settings.maxWords);
  return new Map(scored.map(({ word, polarity }) => [word, polarity]));
}

function financeScore(tokens: readonly string[], polarityByWord: ReadonlyMap<string, number>): number {
  if (tokens.length === 0) return 0;
  let sum = 0;
  for (const token of tokens) sum += polarityByWord.get(token) ?? 0;
  return sum / tokens.length;
}

interface FittedThresholds {
  afinnWeight: number;
  lowThreshold: number;
  highThreshold: number;
}

/**
 * Grid over the AFINN weight and every pair of cut positions (low ≤ high) in the sorted scores, each pair scored
 * in O(1) from per-class prefix counts.
 */
function fitThresholds(
  financeScores: Float64Array,
  afinnScores: readonly number[],
  classes: readonly SentimentClass[],
  objective: ThresholdObjective,
): FittedThresholds {
  const n = classes.length;
  let best: FittedThresholds & { value: number } = {
    afinnWeight: 0,
    lowThreshold: 0,
    highThreshold: 0,
    value: -Infinity,
  };
  const totals = { negative: 0, neutral: 0, positive: 0 };
  for (const label of classes) totals[label]++;
  for (const afinnWeight of AFINN_WEIGHT_GRID) {
    const order = Array.from({ length: n }, (_, row) => row);
    const combined = order.map((row) => financeScores[row] + afinnWeight * afinnScores[row]);
    order.sort((a, b) => combined[a] - combined[b]);
    const sorted = order.map((row) => combined[row]);
    const negativeBefore = new Int32Array(n + 1);
    const neutralBefore = new Int32Array(n + 1);
    const positiveBefore = new Int32Array(n + 1);
    order.forEach((row, position) => {
      negativeBefore[position + 1] = negativeBefore[position] + (classes[row] === 'negative' ? 1 : 0);
      neutralBefore[position + 1] = neutralBefore[position] + (classes[row] === 'neutral' ? 1 : 0);
      positiveBefore[position + 1] = positiveBefore[position] + (classes[row] === 'positive' ? 1 : 0);
    });
    const cuts = candidateCuts(sorted);
    for (let low = 0; low < cuts.length; low++) {
      for (let high = low; high < cuts.length; high++) {
        const i = cuts[low];
        const j = cuts[high];
        const truePositives = {
          negative: negativeBefore[i],
          neutral: neutralBefore[j] - neutralBefore[i],
          positive: totals.positive - positiveBefore[j],
        };
        const predicted = { negative: i, neutral: j - i, positive: n - j };
        let value: number;
        if (objective === 'accuracy') {
          value = (truePositives.negative + truePositives.neutral + truePositives.positive) / n;
        } else {
          value =
            SENTIMENT_CLASSES.reduce((sum, label) => {
              const denominator = predicted[label] + totals[label];
              return sum + (denominator === 0 ? 0 : (2 * truePositives[label]) / denominator);
            }, 0) / SENTIMENT_CLASSES.length;
        }
        if (value > best.value) {
          best = {
            afinnWeight,
            lowThreshold: cutValue(sorted, i),
            highThreshold: cutValue(sorted, j),
            value,
          };
        }
      }
    }
  }
  return best;
}

/** Positions p (0…n) where a threshold can fall between sorted[p − 1] and sorted[p], thinned to a few hundred. */
function candidateCuts(sorted: readonly number[]): number[] {
  const boundaries: number[] = [0];
  for (let position = 1; position < sorted.length; position++) {
    if (sorted[position] > sorted[position - 1]) boundaries.push(position);
  }
  boundaries.push(sorted.length);
  if (boundaries.length <= MAX_THRESHOLD_CANDIDATES) return boundaries;
  const picked = new Set<number>();
  for (let k = 0; k < MAX_THRESHOLD_CANDIDATES; k++) {
    picked.add(boundaries[Math.round((k * (boundaries.length - 1)) / (MAX_THRESHOLD_CANDIDATES - 1))]);
  }
  // Keep both edges of large blocks of equal scores (typically texts with no list word: score 0).
  for (let index = 1; index < boundaries.length; index++) {
    if (boundaries[index] - boundaries[index - 1] >= sorted.length / 100) {
      picked.add(boundaries[index - 1]);
      picked.add(boundaries[index]);
    }
  }
  return [...picked].sort((a, b) => a - b);
}

/** Threshold value for cut position p: midway between its neighbours; ±MAX_VALUE (JSON-safe ±∞) at the ends. */
function cutValue(sorted: readonly number[], position: number): number {
  if (position === 0) return -Number.MAX_VALUE;
  if (position === sorted.length) return Number.MAX_VALUE;
  return (sorted[position - 1] + sorted[position]) / 2;
}
