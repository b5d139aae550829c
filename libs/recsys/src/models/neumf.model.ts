import { tf } from '@deepworks/engine';
import { gmf, initNeuMFFromPretrained, ncfMlp, neuMF } from '@deepworks/zoo';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import { similarByFactors } from './latent-factors';
import {
  idColumn,
  PAIR_TRAINING_OPTIONS,
  type PairTrainingConfig,
  resolvePairTrainingConfig,
  trainWithFreshNegatives,
  withTrainingWorkspace,
} from './fresh-negatives.training';
import type { SampledPairs } from './sampled-pairs';
import {
  rejectUnknownOptions,
  requireFitted,
  type FitOptions,
  type Recommender,
  type ScoredItem,
} from './recommender';

export interface NeuMfConfig extends PairTrainingConfig {
  /** Factors of the GMF half (NCF's "predictive factors"); default 16. */
  gmfDim?: number;
  /** Embedding width of the MLP half; its ReLU layers are 2×, 1×, ½× this (NCF's tower); default 32. */
  mlpDim?: number;
  /** Epochs of each half alone before NeuMF starts from them (He et al. 2017, §3.4.1); 0: none. */
  pretrainEpochs?: number;
}

const OPTIONS = ['gmfDim', 'mlpDim', 'pretrainEpochs', ...PAIR_TRAINING_OPTIONS];

/**
 * NeuMF (He et al. 2017, "Neural Collaborative Filtering"): the zoo's GMF + MLP model trained with the
 * engine's loop as a classifier of observed vs sampled pairs (log loss, §3.1.1), optionally started
 * from a GMF and an MLP trained alone first (§3.4.1, α = 0.5). Scores every item of a user in one
 * batched forward pass; similar items by cosine of the GMF item embeddings.
 */
export class NeuMfRecommender implements Recommender {
  readonly description: string;
  private readonly config: Required<NeuMfConfig>;
  private model?: tf.LayersModel;
  private itemCount = 0;
  private itemVectors?: Float32Array;

  constructor(config: NeuMfConfig = {}) {
    rejectUnknownOptions(config, OPTIONS, 'neumf');
    this.config = resolvePairTrainingConfig(
      'neumf',
      config,
      // NCF's own settings: 4 negatives per pair, Adam 0.001.
      {
        gmfDim: 16,
        mlpDim: 32,
        epochs: 20,
        pretrainEpochs: 10,
        negatives: 4,
        learningRate: 0.001,
        batchSize: 256,
      },
      ['gmfDim', 'mlpDim'],
    );
    if (!Number.isInteger(this.config.pretrainEpochs) || this.config.pretrainEpochs < 0)
      throw new RangeError('neumf pretrainEpochs must be an integer ≥ 0');
    const { gmfDim, mlpDim, epochs, pretrainEpochs, negatives, learningRate } = this.config;
    this.description = `neumf(gmfDim=${gmfDim}, mlpDim=${mlpDim}, learningRate=${learningRate}, epochs=${epochs}, pretrainEpochs=${pretrainEpochs}, negatives=${negatives})`;
  }

  async fit(train: InteractionMatrix, options: FitOptions = {}): Promise<void> {
    const seed = options.seed ?? 42;
    const { gmfDim, mlpDim, pretrainEpochs } = this.config;
    const mlpLayers = [mlpDim * 2, mlpDim, Math.max(1, mlpDim / 2)];
    const shape = { users: train.userCount, items: train.itemCount, seed };
    const settings = { ...this.config, seed, signal: options.signal };
    const pairInputs = (pairs: SampledPairs) => [idColumn(pairs.users), idColumn(pairs.items)];
    await withTrainingWorkspace('neumf', async (workspace) => {
      const fitOn = (model: tf.LayersModel, epochs: number) =>
        trainWithFreshNegatives(model, train, epochs, settings, pairInputs, workspace);
      const model = neuMF({ ...shape, gmfDim, mlpDim, mlpLayers });
      try {
        if (pretrainEpochs > 0) {
          const gmfModel = gmf({ ...shape, dim: gmfDim });
          const mlpModel = ncfMlp({ ...shape, dim: mlpDim, hiddenUnits: mlpLayers });
          try {
            await fitOn(gmfModel, pretrainEpochs);
            await fitOn(mlpModel, pretrainEpochs);
            initNeuMFFromPretrained(model, gmfModel, mlpModel, 0.5);
          } finally {
            gmfModel.dispose();
            mlpModel.dispose();
          }
        }
        await fitOn(model, this.config.epochs);
      } catch (error) {
        // A fit that fails (or is aborted) leaves the previous fit in place.
        model.dispose();
        throw error;
      }
      this.model?.dispose();
      this.model = model;
      this.itemCount = train.itemCount;
      this.itemVectors = Float32Array.from(
        model.getLayer('gmf_item_embedding').getWeights()[0].dataSync() as Float32Array,
      );
    });
  }

  scoreUsers(userIndices: readonly number[]): Float32Array {
    const model = requireFitted(this.model, this.description);
    const items = this.itemCount;
    const scores = new Float32Array(userIndices.length * items);
    const itemColumn = tf.tensor2d(
      Int32Array.from({ length: items }, (_, item) => item),
      [items, 1],
      'int32',
    );
    try {
      userIndices.forEach((user, row) => {
        const logits = tf.tidy(() => {
          const userColumn = tf.fill([items, 1], user, 'int32');
          return model.predict([userColumn, itemColumn], { batchSize: 4096 }) as tf.Tensor;
        });
        scores.set(logits.dataSync(), row * items);
        logits.dispose();
      });
    } finally {
      itemColumn.dispose();
    }
    return scores;
  }

  similarItems(itemIndex: number, k: number): ScoredItem[] {
    const items = requireFitted(this.itemVectors, this.description);
    const factors = this.config.gmfDim;
    return similarByFactors(
      { factors, items, users: new Float32Array(0), userIds: [], itemIds: [] },
      itemIndex,
      k,
    );
  }
}
