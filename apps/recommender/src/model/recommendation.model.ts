import { DenseRows } from '@deepworks/engine';
import { topKInto } from '@deepworks/recsys';
import { combineWeights } from './event-weights.policy';
import type { ItemTextIndex } from './item-text.index';
import {
  entryAt,
  rowOf,
  type SparseRows,
  sparseVectorTimesRowsInto,
  type SparseVector,
} from './sparse-rows.matrix';

/**
 * `item-item`: scores = xᵀ·W for a user's weighted history x (EASE, item kNN, with the text
 * component folded into W). `factors`: scores = Q·p_u + b (matrix factorisation). `popularity`:
 * every user gets the popularity vector.
 */
export type ScorerKind = 'item-item' | 'factors' | 'popularity';

/** Row-major factor matrices, `dimension` wide, and an item bias. */
export interface LatentFactors {
  dimension: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  itemBiases: Float32Array;
}

export interface ModelItem {
  id: string;
  title: string;
  category: string | null;
}

export interface RecommendationModelParts {
  kind: ScorerKind;
  items: ModelItem[];
  userIds: string[];
  /** users × items: each training user's event weights (the implicit matrix the model was fitted on). */
  histories: SparseRows;
  /** items × items: W[j, i] is what history item j adds to target i's score (item-item only). */
  weights?: SparseRows | null;
  /** Factor matrices over the same users and items (factors only). */
  factors?: LatentFactors | null;
  /** Distinct users per item in training. */
  popularity: Float32Array;
  text: ItemTextIndex;
}

export interface Contribution {
  itemIndex: number;
  /** The history weight x_j of that item (tells which event it was). */
  historyWeight: number;
  /** x_j · W[j, i]. */
  value: number;
}

export interface RankedItem {
  itemIndex: number;
  score: number;
  /** Ranked by popularity, not by the history (a popularity model, or a top-up). */
  fallback: boolean;
}

export interface RankOptions {
  k: number;
  /** Item indices never returned (the user's history, for exclude_seen). */
  exclude?: ArrayLike<number>;
  /** Only items of this category. */
  category?: string;
}

/** The largest k a request may ask for (the API's limit); the ranking buffers are this long. */
export const MAX_RANKED = 100;

/**
 * W is also kept dense (the engine's `DenseRows`, n × n) when at least this share of it is non-zero
 * (EASE's B is full): a user's scores are then one SIMD pass over their history's rows, and dense
 * memory (4·n² bytes) is at most twice the sparse form's (8 bytes per entry).
 */
const DENSE_WEIGHTS_MIN_FILL = 0.25;

/**
 * A trained recommender as served: everything in typed arrays, so that a user's scores over the whole
 * catalogue are one sparse-vector × matrix product and the top k one pass over the scores.
 * `recommend` works in buffers owned by the model (scores, top-k), reused by every call: it is
 * synchronous, so two calls never interleave on Node's one thread, and a request allocates only its
 * answer.
 */
export class RecommendationModel {
  private readonly itemPositions: ReadonlyMap<string, number>;
  private readonly userPositions: ReadonlyMap<string, number>;
  /** W when it is dense enough (see DENSE_WEIGHTS_MIN_FILL) and the engine can hold it, else undefined. */
  private readonly denseWeights?: DenseRows;
  private readonly categoryMasks = new Map<string, Uint8Array>();
  private scoreScratch?: Float32Array;
  private readonly rankedScratch = new Int32Array(MAX_RANKED);
  private readonly rankedScoreScratch = new Float64Array(MAX_RANKED);

  constructor(readonly parts: RecommendationModelParts) {
    if (parts.histories.columnCount !== parts.items.length)
      throw new RangeError('histories and items disagree');
    if (parts.kind === 'item-item' && !parts.weights)
      throw new RangeError('an item-item model needs weights');
    if (parts.kind === 'factors') {
      const factors = parts.factors;
      if (
        !factors ||
        factors.itemFactors.length !== parts.items.length * factors.dimension ||
        factors.userFactors.length !== parts.userIds.length * factors.dimension ||
        factors.itemBiases.length !== parts.items.length
      ) {
        throw new RangeError('a factors model needs user and item factors of its users and items');
      }
    }
    this.itemPositions = new Map(parts.items.map((item, index) => [item.id, index]));
    this.userPositions = new Map(parts.userIds.map((id, index) => [id, index]));
    const weights = parts.kind === 'item-item' ? parts.weights : undefined;
    if (weights && weights.values.length >= DENSE_WEIGHTS_MIN_FILL * weights.rowCount * weights.columnCount) {
      this.denseWeights = denseRowsOf(weights);
    }
  }

  get kind(): ScorerKind {
    return this.parts.kind;
  }

  get itemCount(): number {
    return this.parts.items.length;
  }

  get text(): ItemTextIndex {
    return this.parts.text;
  }

  item(index: number): ModelItem {
    return this.parts.items[index];
  }

  itemIndex(id: string): number | undefined {
    return this.itemPositions.get(id);
  }

  /** The user's training history (empty for a user the model never saw). */
  trainingHistory(userId: string): SparseVector {
    const user = this.userPositions.get(userId);
    if (user === undefined) return { indices: new Int32Array(0), values: new Float32Array(0) };
    return rowOf(this.parts.histories, user);
  }

  /**
   * The whole catalogue's scores for one user: xᵀ·W (item-item), Q·p + b (factors) or the popularity
   * vector. A factors model uses the user's trained vector when it has one, else folds the history in
   * as the weighted mean of its items' vectors (an approximation: no solve per request).
   */
  scores(history: SparseVector, userId?: string): Float32Array {
    return this.scoresInto(history, new Float32Array(this.itemCount), userId);
  }

  /** `scores`, written into `out` (length itemCount, overwritten). */
  scoresInto(history: SparseVector, out: Float32Array, userId?: string): Float32Array {
    const { weights, factors } = this.parts;
    if (this.parts.kind === 'item-item' && weights) {
      if (this.denseWeights) return this.denseWeights.weightedSumInto(history.indices, history.values, out);
      out.fill(0);
      sparseVectorTimesRowsInto(history, weights, out);
      return out;
    }
    if (this.parts.kind === 'factors' && factors) {
      const vector = this.userVector(factors, history, userId);
      if (vector) factorScoresInto(factors, vector, out);
      else out.fill(0);
      return out;
    }
    out.set(this.parts.popularity);
    return out;
  }

  /** Scores of "a user who only interacted with this item": its row of W, or Q·q_i + b. */
  itemScores(itemIndex: number): Float32Array {
    return this.scores({ indices: Int32Array.of(itemIndex), values: Float32Array.of(1) });
  }

  popularityScores(): Float32Array {
    return this.parts.popularity.slice();
  }

  /**
   * Indices of the k best scores (ties to the lower index), with exclusions and a category filter.
   * `scores` is used as scratch: excluded and filtered items are set to −∞ in it.
   */
  rank(scores: Float32Array, options: RankOptions): Int32Array {
    const count = this.rankInto(scores, options);
    return this.rankedScratch.slice(0, count);
  }

  /**
   * The k best items for a history: the model's ranking, topped up with the most popular remaining
   * items when the history points to fewer than k (those are marked `fallback`). Serving and the
   * offline evaluation both rank through here, so the metrics describe what is served.
   */
  recommend(history: SparseVector, options: RankOptions, userId?: string): RankedItem[] {
    const scores = this.scoresInto(history, this.scratchScores(), userId);
    const count = this.rankInto(scores, options);
    const fallback = this.parts.kind === 'popularity';
    const ranked: RankedItem[] = [];
    for (let position = 0; position < count; position++) {
      const itemIndex = this.rankedScratch[position];
      ranked.push({ itemIndex, score: scores[itemIndex], fallback });
    }
    if (ranked.length >= options.k) return ranked;
    // Top-up: the scratch scores are no longer needed, so popularity is ranked in the same buffer.
    const { popularity } = this.parts;
    scores.set(popularity);
    for (const entry of ranked) scores[entry.itemIndex] = -Infinity;
    const more = this.rankInto(scores, { ...options, k: options.k - ranked.length });
    for (let position = 0; position < more; position++) {
      const itemIndex = this.rankedScratch[position];
      ranked.push({ itemIndex, score: popularity[itemIndex], fallback: true });
    }
    return ranked;
  }

  /**
   * The history item adding most to an item's score: argmax_j x_j·W[j, i] for item-item models,
   * argmax_j x_j·(q_j·q_i) for factors (the history item closest to it in the factor space).
   */
  strongestContribution(history: SparseVector, itemIndex: number): Contribution | undefined {
    const { weights, factors } = this.parts;
    const dense = this.denseWeights;
    const termOf = (source: number): number =>
      this.parts.kind === 'item-item' && weights
        ? dense
          ? dense.at(source, itemIndex)
          : entryAt(weights, source, itemIndex)
        : this.parts.kind === 'factors' && factors
          ? dot(factors.itemFactors, source, itemIndex, factors.dimension)
          : 0;
    let best: Contribution | undefined;
    for (let position = 0; position < history.indices.length; position++) {
      const source = history.indices[position];
      const value = history.values[position] * termOf(source);
      if (value > 0 && (!best || value > best.value)) {
        best = { itemIndex: source, historyWeight: history.values[position], value };
      }
    }
    return best;
  }

  /**
   * The k best into `rankedScratch`; returns how many. Only positive evidence recommends: an item
   * nothing points to (0), or that the history argues against (EASE weights can be negative), is
   * left to the popularity top-up.
   */
  private rankInto(scores: Float32Array, options: RankOptions): number {
    if (options.k > MAX_RANKED) throw new RangeError(`k must be at most ${MAX_RANKED}, got ${options.k}`);
    const exclude = options.exclude;
    if (exclude)
      for (let position = 0; position < exclude.length; position++) scores[exclude[position]] = -Infinity;
    if (options.category !== undefined) {
      const mask = this.categoryMask(options.category);
      for (let index = 0; index < scores.length; index++) if (mask[index] === 0) scores[index] = -Infinity;
    }
    return topKInto(scores, options.k, this.rankedScratch, {
      above: 0,
      scoreBuffer: this.rankedScoreScratch,
    });
  }

  /** 1 for the items of a category (computed once per category and model). */
  private categoryMask(category: string): Uint8Array {
    let mask = this.categoryMasks.get(category);
    if (!mask) {
      mask = Uint8Array.from(this.parts.items, (item) => (item.category === category ? 1 : 0));
      this.categoryMasks.set(category, mask);
    }
    return mask;
  }

  private scratchScores(): Float32Array {
    this.scoreScratch ??= new Float32Array(this.itemCount);
    return this.scoreScratch;
  }

  private userVector(
    factors: LatentFactors,
    history: SparseVector,
    userId?: string,
  ): Float32Array | undefined {
    const { dimension } = factors;
    const user = userId === undefined ? undefined : this.userPositions.get(userId);
    if (user !== undefined) return factors.userFactors.subarray(user * dimension, (user + 1) * dimension);
    if (history.indices.length === 0) return undefined;
    const vector = new Float32Array(dimension);
    let total = 0;
    for (let position = 0; position < history.indices.length; position++) {
      const offset = history.indices[position] * dimension;
      const weight = history.values[position];
      total += weight;
      for (let k = 0; k < dimension; k++) vector[k] += weight * factors.itemFactors[offset + k];
    }
    for (let k = 0; k < dimension; k++) vector[k] /= total;
    return vector;
  }
}

/** Q·p + b: one matrix-vector product over the item factors, into `out`. */
function factorScoresInto(factors: LatentFactors, vector: Float32Array, out: Float32Array): void {
  const { dimension, itemFactors, itemBiases } = factors;
  for (let item = 0; item < itemBiases.length; item++) {
    let sum = itemBiases[item];
    const offset = item * dimension;
    for (let k = 0; k < dimension; k++) sum += itemFactors[offset + k] * vector[k];
    out[item] = sum;
  }
}

/** W as the engine's dense rows; undefined where it cannot hold them (then the sparse form serves). */
function denseRowsOf(weights: SparseRows): DenseRows | undefined {
  const dense = new Float32Array(weights.rowCount * weights.columnCount);
  for (let row = 0; row < weights.rowCount; row++) {
    const offset = row * weights.columnCount;
    for (let entry = weights.pointers[row]; entry < weights.pointers[row + 1]; entry++) {
      dense[offset + weights.indices[entry]] = weights.values[entry];
    }
  }
  try {
    return new DenseRows(dense, weights.rowCount, weights.columnCount);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function dot(matrix: Float32Array, a: number, b: number, dimension: number): number {
  let sum = 0;
  for (let k = 0; k < dimension; k++) sum += matrix[a * dimension + k] * matrix[b * dimension + k];
  return sum;
}

/** A history with later events merged in, pair by pair with `combineWeights`. */
export function mergeHistory(
  base: SparseVector,
  later: readonly { itemIndex: number; weight: number }[],
): SparseVector {
  if (later.length === 0) return base;
  const merged = new Map<number, number>();
  base.indices.forEach((item, position) => merged.set(item, base.values[position]));
  for (const { itemIndex, weight } of later) {
    if (weight > 0) merged.set(itemIndex, combineWeights(merged.get(itemIndex), weight));
  }
  const indices = Int32Array.from([...merged.keys()].sort((a, b) => a - b));
  return { indices, values: Float32Array.from(indices, (item) => merged.get(item)!) };
}
