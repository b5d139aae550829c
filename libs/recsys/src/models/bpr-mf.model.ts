import { SeededRandom } from '@deepworks/demo-data';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import { LatentFactorRecommender, randomFactors } from './latent-factors';
import { rejectUnknownOptions, type FitOptions } from './recommender';

export interface BprMfConfig {
  factors?: number;
  learningRate?: number;
  /** L2 regularisation on the factors and biases touched by each step. */
  regularization?: number;
  /** One epoch = as many sampled (user, positive, negative) triples as observed pairs. */
  epochs?: number;
}

/**
 * Bayesian personalised ranking with matrix factorisation (Rendle et al. 2009, "BPR: Bayesian
 * Personalized Ranking from Implicit Feedback", alg. 1, LearnBPR): stochastic gradient ascent on
 * ln σ(x_ui − x_uj) over triples drawn with replacement (a random observed pair, a random item the
 * user has not seen), x_ui = p_u·q_i + b_i. Seeded, typed arrays, no engine needed.
 */
export class BprMfRecommender extends LatentFactorRecommender {
  readonly description: string;
  private readonly factorCount: number;
  private readonly learningRate: number;
  private readonly regularization: number;
  private readonly epochs: number;

  constructor(config: BprMfConfig = {}) {
    super();
    rejectUnknownOptions(config, ['factors', 'learningRate', 'regularization', 'epochs'], 'bpr');
    this.factorCount = config.factors ?? 64;
    this.learningRate = config.learningRate ?? 0.05;
    this.regularization = config.regularization ?? 0.005;
    this.epochs = config.epochs ?? 60;
    if (!Number.isInteger(this.factorCount) || this.factorCount < 1)
      throw new RangeError('bpr factors must be a positive integer');
    if (!Number.isInteger(this.epochs) || this.epochs < 1)
      throw new RangeError('bpr epochs must be a positive integer');
    if (!(this.learningRate > 0) || !(this.regularization >= 0)) {
      throw new RangeError('bpr learningRate must be > 0 and regularization ≥ 0');
    }
    this.description = `bpr(factors=${this.factorCount}, learningRate=${this.learningRate}, regularization=${this.regularization}, epochs=${this.epochs})`;
  }

  fit(train: InteractionMatrix, options: FitOptions = {}): Promise<void> {
    const random = new SeededRandom(options.seed ?? 42);
    const f = this.factorCount;
    const users = randomFactors(train.userCount, f, 0.1, random);
    const items = randomFactors(train.itemCount, f, 0.1, random);
    const biases = new Float64Array(train.itemCount);
    const entryUsers = new Int32Array(train.nonZeroCount);
    for (let user = 0; user < train.userCount; user++)
      entryUsers.fill(user, train.rowPointers[user], train.rowPointers[user + 1]);
    const rate = this.learningRate;
    const reg = this.regularization;
    for (let epoch = 0; epoch < this.epochs; epoch++) {
      for (let sample = 0; sample < train.nonZeroCount; sample++) {
        const entry = random.integer(train.nonZeroCount);
        const user = entryUsers[entry];
        const positive = train.columnIndices[entry];
        const seen = train.userItems(user);
        if (seen.length >= train.itemCount) continue;
        let negative = random.integer(train.itemCount);
        while (containsSorted(seen, negative)) negative = random.integer(train.itemCount);
        const u = user * f;
        const i = positive * f;
        const j = negative * f;
        let difference = biases[positive] - biases[negative];
        for (let a = 0; a < f; a++) difference += users[u + a] * (items[i + a] - items[j + a]);
        // d/dθ ln σ(x) = σ(−x)·dx/dθ (Rendle et al. 2009, §4.2)
        const gradient = 1 / (1 + Math.exp(difference));
        for (let a = 0; a < f; a++) {
          const userValue = users[u + a];
          const positiveValue = items[i + a];
          const negativeValue = items[j + a];
          users[u + a] += rate * (gradient * (positiveValue - negativeValue) - reg * userValue);
          items[i + a] += rate * (gradient * userValue - reg * positiveValue);
          items[j + a] += rate * (-gradient * userValue - reg * negativeValue);
        }
        biases[positive] += rate * (gradient - reg * biases[positive]);
        biases[negative] += rate * (-gradient - reg * biases[negative]);
      }
    }
    this.fitted = {
      factors: f,
      users: Float32Array.from(users),
      items: Float32Array.from(items),
      itemBiases: Float32Array.from(biases),
      userIds: train.userIds,
      itemIds: train.itemIds,
    };
    return Promise.resolve();
  }
}

function containsSorted(values: Int32Array, target: number): boolean {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (values[middle] === target) return true;
    if (values[middle] < target) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
