import { invertSymmetricPositiveDefinite } from '../linear-algebra/cholesky-inverse';
import { itemGramMatrix, userRowsTimesDense } from '../linear-algebra/sparse-products';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import {
  rejectUnknownOptions,
  requireFitted,
  type FitOptions,
  type Recommender,
  type ScoredItem,
} from './recommender';
import { topSimilar } from './similar-items';

export interface EaseConfig {
  /** L2 regularisation λ added to the Gram matrix's diagonal; 500 is the peer's and Steck's ML value. */
  lambda?: number;
  /**
   * Extra diagonal regularisation p/(1−p)·diag(XᵀX), the emphasised-denoising variant (EDLAE, Steck
   * 2020, "Autoencoders that don't overfit towards the identity", eq. 8 with the zero-diagonal
   * constraint kept); 0 (default) is plain EASE.
   */
  dropout?: number;
}

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): an item × item weight
 * matrix B with a zero diagonal, in closed form (eq. 8): P = (XᵀX + λI)⁻¹, B = I − P·diagMat(1/diag(P)),
 * i.e. B_ij = −P_ij / P_jj off the diagonal. A user's scores are their history row times B.
 * Fit costs O(items³) time and peaks at 3 × items² doubles (about 2.5 s for 1,682 items here).
 */
export class EaseRecommender implements Recommender {
  readonly description: string;
  private readonly lambda: number;
  private readonly dropout: number;
  private train?: InteractionMatrix;
  private weights?: Float32Array;

  constructor(config: EaseConfig = {}) {
    rejectUnknownOptions(config, ['lambda', 'dropout'], 'ease');
    this.lambda = config.lambda ?? 500;
    this.dropout = config.dropout ?? 0;
    if (!(this.lambda >= 0)) throw new RangeError(`EASE lambda must be ≥ 0, got ${this.lambda}`);
    if (!(this.dropout >= 0 && this.dropout < 1))
      throw new RangeError(`EASE dropout must be in [0, 1), got ${this.dropout}`);
    this.description =
      this.dropout > 0
        ? `ease(lambda=${this.lambda}, dropout=${this.dropout})`
        : `ease(lambda=${this.lambda})`;
  }

  fit(train: InteractionMatrix, _options: FitOptions = {}): Promise<void> {
    const size = train.itemCount;
    const gram = itemGramMatrix(train);
    const emphasis = this.dropout / (1 - this.dropout);
    for (let item = 0; item < size; item++) {
      gram[item * size + item] += this.lambda + emphasis * gram[item * size + item];
    }
    const inverse = invertSymmetricPositiveDefinite(gram, size);
    const weights = new Float32Array(size * size);
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        if (row !== column)
          weights[row * size + column] = -inverse[row * size + column] / inverse[column * size + column];
      }
    }
    this.train = train;
    this.weights = weights;
    return Promise.resolve();
  }

  scoreUsers(userIndices: readonly number[]): Float32Array {
    const train = requireFitted(this.train, this.description);
    return userRowsTimesDense(
      train,
      userIndices,
      requireFitted(this.weights, this.description),
      train.itemCount,
    );
  }

  /**
   * B itself: a copy, `itemCount × itemCount` row-major, B[j·n + i] = what history item j adds to
   * target i (zero diagonal), so `scoreUsers` is x·B. Lets a server store and serve the weights
   * without asking `similarItems` for every row (an O(n²) top-k per item).
   */
  itemWeights(): Float32Array {
    return requireFitted(this.weights, this.description).slice();
  }

  /** Items j with the largest B_ij: what having item i adds most to. */
  similarItems(itemIndex: number, k: number): ScoredItem[] {
    const train = requireFitted(this.train, this.description);
    const size = train.itemCount;
    const weights = requireFitted(this.weights, this.description);
    return topSimilar(weights.subarray(itemIndex * size, (itemIndex + 1) * size), itemIndex, k);
  }
}
