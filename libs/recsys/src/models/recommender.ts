import type { InteractionMatrix } from '../matrix/interaction-matrix';

export interface FitOptions {
  /** Seed for every random draw of the fit (initial factors, SGD sampling); default 42. */
  seed?: number;
  /**
   * Item id → text (title, description, tags) for models that read it; the others ignore it. Items of
   * the matrix without events still get a row there, which is how a text model scores new items.
   */
  itemTexts?: ReadonlyMap<string, string>;
  /**
   * Ends the fit with the signal's reason. Models trained by the engine's loop check it between
   * epochs; the closed-form and synchronous fits (EASE, kNN, ALS, BPR) run to the end.
   */
  signal?: AbortSignal;
}

export interface ScoredItem {
  itemIndex: number;
  score: number;
}

/**
 * What every recommender offers. Indices are those of the `InteractionMatrix` it was fitted on.
 * `fit` is asynchronous so that models trained with the engine's loop fit the same interface.
 */
export interface Recommender {
  /** Registry name and the configuration that matters, e.g. `ease(lambda=500)`. */
  readonly description: string;
  fit(train: InteractionMatrix, options?: FitOptions): Promise<void>;
  /**
   * Scores of every item for each user: row-major, `userIndices.length × train.itemCount`.
   * Higher is better; items already seen are NOT masked here (ranking does that).
   */
  scoreUsers(userIndices: readonly number[]): Float32Array;
  /** The k items most similar to one item (itself excluded), best first. */
  similarItems(itemIndex: number, k: number): ScoredItem[];
}

/** Throws unless `fit` has run: scoring an unfitted model is a programming error, not a zero score. */
export function requireFitted<T>(value: T | undefined, description: string): T {
  if (value === undefined) throw new Error(`${description} is not fitted yet: call fit(train) first`);
  return value;
}

/** Configs are flat objects: a key the model does not know is a typo, so it is an error naming the known ones. */
export function rejectUnknownOptions(config: object, allowed: readonly string[], model: string): void {
  const unknown = Object.keys(config).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new RangeError(
      `${model}: unknown option(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ') || 'none'}`,
    );
  }
}
