/**
 * Which classifier a sentiment model is: a text-lib one (`linear`, `lexicon`), a zoo network on text-lib
 * token ids (`textcnn`, `bilstm`, `transformer`), or the calibrated average of `linear` and `textcnn`.
 */
export type SentimentModelKind = 'linear' | 'lexicon' | 'textcnn' | 'bilstm' | 'transformer' | 'ensemble';
export const SENTIMENT_MODEL_KINDS: readonly SentimentModelKind[] = [
  'linear',
  'lexicon',
  'textcnn',
  'bilstm',
  'transformer',
  'ensemble',
];
/** The kinds trained with tfjs (asynchronously, `trainNeuralSentimentModel`). */
export const NEURAL_SENTIMENT_MODEL_KINDS: readonly SentimentModelKind[] = [
  'textcnn',
  'bilstm',
  'transformer',
  'ensemble',
];

export interface SentimentScore {
  label: string;
  /** Probability of each class, keyed by class name, summing to 1. */
  probabilities: Record<string, number>;
}

/**
 * How much one word of the text pushed the score: > 0 towards `positive`, < 0 towards `negative` (towards the
 * predicted class, when the classes are not positive/negative). `token` is the word as normalised
 * (lower case, numbers as `<num>`), so a page can find it in the original text.
 */
export interface TokenContribution {
  token: string;
  weight: number;
}

/** A trained sentiment classifier as the app uses it: the CLI, the training job and the scoring worker. */
export interface SentimentModel {
  readonly kind: SentimentModelKind;
  readonly classes: readonly string[];
  score(text: string): SentimentScore;
  predict(texts: readonly string[]): string[];
  /** The words with the largest |contribution|, largest first. */
  explain(text: string, limit: number): TokenContribution[];
  /** The text lib's serialised classifier (neural kinds: their composition; weights are saved apart). */
  toJSON(): unknown;
}

export function assertModelKind(kind: string): SentimentModelKind {
  if (!(SENTIMENT_MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`Unknown model kind "${kind}"; allowed: ${SENTIMENT_MODEL_KINDS.join(', ')}`);
  }
  return kind as SentimentModelKind;
}

/** Merges per-token contributions of the same word and keeps the largest |weight|. */
export function topContributions(byToken: Map<string, number>, limit: number): TokenContribution[] {
  return [...byToken]
    .filter(([, weight]) => weight !== 0)
    .map(([token, weight]) => ({ token, weight }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.token < b.token ? -1 : 1))
    .slice(0, limit);
}
