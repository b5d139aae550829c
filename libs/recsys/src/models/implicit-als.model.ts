import { SeededRandom } from '@deepworks/demo-data';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import { LatentFactorRecommender, randomFactors } from './latent-factors';
import { rejectUnknownOptions, type FitOptions } from './recommender';

export interface ImplicitAlsConfig {
  factors?: number;
  /** L2 regularisation λ on every factor vector. */
  regularization?: number;
  /** Confidence c_ui = 1 + α·x_ui of an observed pair (Hu, Koren & Volinsky 2008, eq. 2). */
  alpha?: number;
  iterations?: number;
  /** Conjugate-gradient steps per vector and sweep, warm-started (Takács, Pilászy & Tikk 2011). */
  conjugateGradientSteps?: number;
}

/**
 * Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren & Volinsky 2008,
 * "Collaborative Filtering for Implicit Feedback Datasets"): every unobserved pair is a weak 0,
 * every observed one a confident 1. Each half-sweep solves, for every user u (then every item),
 * (YᵀY + Yᵀ(C_u − I)Y + λI)·x_u = Yᵀ·C_u·p_u with a few warm-started conjugate-gradient steps, so a
 * sweep costs O(nnz·f + (users + items)·f²) instead of the O(f³) per vector of a direct solve.
 */
export class ImplicitAlsRecommender extends LatentFactorRecommender {
  readonly description: string;
  private readonly factorCount: number;
  private readonly regularization: number;
  private readonly alpha: number;
  private readonly iterations: number;
  private readonly steps: number;

  constructor(config: ImplicitAlsConfig = {}) {
    super();
    rejectUnknownOptions(
      config,
      ['factors', 'regularization', 'alpha', 'iterations', 'conjugateGradientSteps'],
      'als',
    );
    this.factorCount = config.factors ?? 64;
    this.regularization = config.regularization ?? 30;
    this.alpha = config.alpha ?? 10;
    this.iterations = config.iterations ?? 10;
    this.steps = config.conjugateGradientSteps ?? 3;
    for (const [name, value] of [
      ['factors', this.factorCount],
      ['iterations', this.iterations],
      ['conjugateGradientSteps', this.steps],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`als ${name} must be a positive integer, got ${value}`);
    }
    if (!(this.regularization >= 0) || !(this.alpha >= 0))
      throw new RangeError('als regularization and alpha must be ≥ 0');
    this.description = `als(factors=${this.factorCount}, regularization=${this.regularization}, alpha=${this.alpha}, iterations=${this.iterations})`;
  }

  fit(train: InteractionMatrix, options: FitOptions = {}): Promise<void> {
    const random = new SeededRandom(options.seed ?? 42);
    const scale = 0.1 / Math.sqrt(this.factorCount);
    const users = randomFactors(train.userCount, this.factorCount, scale, random);
    const items = randomFactors(train.itemCount, this.factorCount, scale, random);
    const byItem = train.transpose();
    for (let iteration = 0; iteration < this.iterations; iteration++) {
      this.solveSide(users, items, train);
      this.solveSide(items, users, byItem);
    }
    this.fitted = {
      factors: this.factorCount,
      users: Float32Array.from(users),
      items: Float32Array.from(items),
      userIds: train.userIds,
      itemIds: train.itemIds,
    };
    return Promise.resolve();
  }

  /** One half-sweep: every row of `solved` re-solved with `fixed` held constant. */
  private solveSide(solved: Float64Array, fixed: Float64Array, rows: InteractionMatrix): void {
    const f = this.factorCount;
    const fixedCount = fixed.length / f;
    // YᵀY + λI, shared by every row of this half-sweep.
    const gram = new Float64Array(f * f);
    for (let row = 0; row < fixedCount; row++) {
      const offset = row * f;
      for (let a = 0; a < f; a++) {
        const value = fixed[offset + a];
        for (let b = 0; b < f; b++) gram[a * f + b] += value * fixed[offset + b];
      }
    }
    for (let a = 0; a < f; a++) gram[a * f + a] += this.regularization;
    const residual = new Float64Array(f);
    const direction = new Float64Array(f);
    const product = new Float64Array(f);
    for (let row = 0; row < rows.userCount; row++) {
      const start = rows.rowPointers[row];
      const end = rows.rowPointers[row + 1];
      const offset = row * f;
      // residual = b − A·x, b = Σ_i c_i·y_i, A·x = (YᵀY + λI)·x + Σ_i (c_i − 1)·(y_i·x)·y_i.
      this.multiply(gram, fixed, rows, start, end, solved, offset, product);
      residual.fill(0);
      for (let entry = start; entry < end; entry++) {
        const confidence = 1 + this.alpha * rows.values[entry];
        const source = rows.columnIndices[entry] * f;
        for (let a = 0; a < f; a++) residual[a] += confidence * fixed[source + a];
      }
      for (let a = 0; a < f; a++) {
        residual[a] -= product[a];
        direction[a] = residual[a];
      }
      let residualNorm = dotVectors(residual, 0, residual, 0, f);
      for (let step = 0; step < this.steps && residualNorm > 1e-20; step++) {
        this.multiply(gram, fixed, rows, start, end, direction, 0, product);
        const stepSize = residualNorm / dotVectors(direction, 0, product, 0, f);
        for (let a = 0; a < f; a++) {
          solved[offset + a] += stepSize * direction[a];
          residual[a] -= stepSize * product[a];
        }
        const nextNorm = dotVectors(residual, 0, residual, 0, f);
        for (let a = 0; a < f; a++) direction[a] = residual[a] + (nextNorm / residualNorm) * direction[a];
        residualNorm = nextNorm;
      }
    }
  }

  /** out = (YᵀY + λI)·v + Σ_{entries} α·x·(y_i·v)·y_i, v read from `vector` at `vectorOffset`. */
  private multiply(
    gram: Float64Array,
    fixed: Float64Array,
    rows: InteractionMatrix,
    start: number,
    end: number,
    vector: Float64Array,
    vectorOffset: number,
    out: Float64Array,
  ): void {
    const f = this.factorCount;
    for (let a = 0; a < f; a++) out[a] = dotVectors(gram, a * f, vector, vectorOffset, f);
    for (let entry = start; entry < end; entry++) {
      const source = rows.columnIndices[entry] * f;
      const weight = this.alpha * rows.values[entry] * dotVectors(fixed, source, vector, vectorOffset, f);
      for (let a = 0; a < f; a++) out[a] += weight * fixed[source + a];
    }
  }
}

function dotVectors(left: Float64Array, a: number, right: Float64Array, b: number, length: number): number {
  let sum = 0;
  for (let k = 0; k < length; k++) sum += left[a + k] * right[b + k];
  return sum;
}
