import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, trainModel } from '@deepworks/engine';
import { gmf, initNeuMFFromPretrained, ncfMlp, neuMF } from '@deepworks/zoo';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import { similarByFactors } from './latent-factors';
import { samplePairsWithNegatives } from './sampled-pairs';
import {
  rejectUnknownOptions,
  requireFitted,
  type FitOptions,
  type Recommender,
  type ScoredItem,
} from './recommender';

export interface NeuMfConfig {
  /** Factors of the GMF half (NCF's "predictive factors"); default 16. */
  gmfDim?: number;
  /** Embedding width of the MLP half; its ReLU layers are 2×, 1×, ½× this (NCF's tower); default 32. */
  mlpDim?: number;
  epochs?: number;
  /** Epochs of each half alone before NeuMF starts from them (He et al. 2017, §3.4.1); 0: none. */
  pretrainEpochs?: number;
  /** Unobserved items sampled per observed pair, drawn afresh each epoch (NCF: 4). */
  negatives?: number;
  learningRate?: number;
  batchSize?: number;
}

const OPTIONS = ['gmfDim', 'mlpDim', 'epochs', 'pretrainEpochs', 'negatives', 'learningRate', 'batchSize'];

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
    this.config = {
      gmfDim: config.gmfDim ?? 16,
      mlpDim: config.mlpDim ?? 32,
      epochs: config.epochs ?? 20,
      pretrainEpochs: config.pretrainEpochs ?? 10,
      negatives: config.negatives ?? 4,
      learningRate: config.learningRate ?? 0.001,
      batchSize: config.batchSize ?? 256,
    };
    for (const key of ['gmfDim', 'mlpDim', 'epochs', 'negatives', 'batchSize'] as const) {
      if (!Number.isInteger(this.config[key]) || this.config[key] < 1)
        throw new RangeError(`neumf ${key} must be a positive integer`);
    }
    if (!Number.isInteger(this.config.pretrainEpochs) || this.config.pretrainEpochs < 0)
      throw new RangeError('neumf pretrainEpochs must be an integer ≥ 0');
    if (!(this.config.learningRate > 0)) throw new RangeError('neumf learningRate must be > 0');
    const { gmfDim, mlpDim, epochs, pretrainEpochs, negatives, learningRate } = this.config;
    this.description = `neumf(gmfDim=${gmfDim}, mlpDim=${mlpDim}, learningRate=${learningRate}, epochs=${epochs}, pretrainEpochs=${pretrainEpochs}, negatives=${negatives})`;
  }

  async fit(train: InteractionMatrix, options: FitOptions = {}): Promise<void> {
    const seed = options.seed ?? 42;
    const { gmfDim, mlpDim, pretrainEpochs } = this.config;
    const mlpLayers = [mlpDim * 2, mlpDim, Math.max(1, mlpDim / 2)];
    const shape = { users: train.userCount, items: train.itemCount, seed };
    const workspace = await mkdtemp(join(tmpdir(), 'deepworks-neumf-'));
    // Fresh negatives every epoch (NCF's own training): drawn once, they are memorised, not generalised
    // from. One engine run per epoch, resumed from the last one's checkpoint (Adam's moments included).
    const fitOn = async (model: tf.LayersModel, epochs: number) => {
      const checkpointDir = join(workspace, model.name);
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const { x, y } = sampledPairs(train, this.config.negatives, seed * 7919 + epoch);
        try {
          await trainModel(
            model,
            { x, y },
            {
              epochs: epoch,
              batchSize: this.config.batchSize,
              loss: 'sigmoidCrossEntropy',
              seed,
              optimizer: 'adam',
              learningRate: { kind: 'constant', rate: this.config.learningRate },
              checkpointDir,
              resume: true,
              progress: false,
            },
          );
        } finally {
          tf.dispose([...x, y]);
        }
      }
    };
    try {
      this.model?.dispose();
      const model = neuMF({ ...shape, gmfDim, mlpDim, mlpLayers });
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
      this.model = model;
      this.itemCount = train.itemCount;
      this.itemVectors = Float32Array.from(
        model.getLayer('gmf_item_embedding').getWeights()[0].dataSync() as Float32Array,
      );
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
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

/** The sampled pairs as the model's inputs and labels. */
function sampledPairs(train: InteractionMatrix, negatives: number, seed: number) {
  const { users, items, labels } = samplePairsWithNegatives(train, negatives, seed);
  return {
    x: [tf.tensor2d(users, [users.length, 1], 'int32'), tf.tensor2d(items, [items.length, 1], 'int32')],
    y: tf.tensor2d(labels, [labels.length, 1]),
  };
}
