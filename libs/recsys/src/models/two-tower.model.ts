import { tf } from '@deepworks/engine';
import { UNKNOWN_ID, Vocabulary } from '@deepworks/text';
import { twoTower } from '@deepworks/zoo';
import { SeededRandom } from '@deepworks/demo-data';
import type { InteractionMatrix } from '../matrix/interaction-matrix';
import {
  idColumn,
  PAIR_TRAINING_OPTIONS,
  type PairTrainingConfig,
  resolvePairTrainingConfig,
  trainWithFreshNegatives,
  withTrainingWorkspace,
} from './fresh-negatives.training';
import { LatentFactorRecommender } from './latent-factors';
import { rejectUnknownOptions, type FitOptions } from './recommender';
import type { SampledPairs } from './sampled-pairs';

export interface TwoTowerRecommenderConfig extends PairTrainingConfig {
  /** Width of the user and item vectors (and of the token embeddings); default 32. */
  dim?: number;
  /** Tokens read per item text (the head is kept); default 24. */
  tokensPerItem?: number;
  /**
   * Share of training pairs whose item id is hidden (replaced by the "new item" id), so that the item
   * tower learns to place an item from its text alone, as it must for an item without events; default 0.25.
   * 1: no item-id embedding at all, the item tower reads text only (every item on the same footing).
   */
  idDropout?: number;
}

const OPTIONS = ['dim', 'tokensPerItem', 'idDropout', ...PAIR_TRAINING_OPTIONS];

/**
 * A text-aware two-tower model (the zoo's `twoTower`): a user tower (id embedding) and an item tower
 * reading the item's text (tokens through the text lib's `natural` pipeline, mean of their embeddings)
 * beside an item-id embedding, trained on the engine as a classifier of observed vs sampled pairs.
 * Items without events in training — brand-new items — are embedded from their text alone (the id
 * slot gets the reserved "new item" id, which training also shows for a share of pairs), so they can
 * be recommended on day one. Scores are ⟨user vector, item vector⟩: one matmul, as every factor model.
 * Needs `FitOptions.itemTexts`.
 */
export class TwoTowerRecommender extends LatentFactorRecommender {
  readonly description: string;
  private readonly config: Required<TwoTowerRecommenderConfig>;

  constructor(config: TwoTowerRecommenderConfig = {}) {
    super();
    rejectUnknownOptions(config, OPTIONS, 'twotower');
    this.config = resolvePairTrainingConfig(
      'twotower',
      config,
      {
        dim: 32,
        tokensPerItem: 24,
        epochs: 20,
        negatives: 4,
        learningRate: 0.003,
        batchSize: 512,
        idDropout: 0.25,
      },
      ['dim', 'tokensPerItem'],
    );
    if (!(this.config.idDropout >= 0 && this.config.idDropout <= 1))
      throw new RangeError('twotower idDropout must be between 0 and 1');
    const { dim, learningRate, epochs, idDropout } = this.config;
    this.description = `twotower(dim=${dim}, learningRate=${learningRate}, epochs=${epochs}, idDropout=${idDropout})`;
  }

  async fit(train: InteractionMatrix, options: FitOptions = {}): Promise<void> {
    const seed = options.seed ?? 42;
    const texts = options.itemTexts;
    if (!texts) {
      throw new Error('twotower reads item texts: pass itemTexts (the evaluate command: --items items.csv)');
    }
    const { dim, tokensPerItem, idDropout } = this.config;
    const documents = train.itemIds.map((id) => texts.get(id) ?? '');
    const popularity = train.itemPopularity();
    // Words only new items use would keep their random initial embeddings: they read as <unk>, which
    // training does see (the rare words of known items).
    const vocabulary = Vocabulary.build(
      documents.filter((_, item) => popularity[item] > 0),
      { minCount: 2 },
    );
    const tokens = new Int32Array(train.itemCount * tokensPerItem);
    documents.forEach((document, item) => {
      // Unknown words say nothing about the item (and their shared embedding would pull every new item
      // one way): only known words are read; an item with none keeps one <unk> so its mean is defined.
      const known = vocabulary.encode(document, 4 * tokensPerItem).filter((id) => id > UNKNOWN_ID);
      const ids = known.length > 0 ? known.subarray(0, tokensPerItem) : Int32Array.of(UNKNOWN_ID);
      tokens.set(ids, item * tokensPerItem);
    });
    const newItemId = train.itemCount;
    const servedIds = Int32Array.from(popularity, (count, item) => (count > 0 ? item : newItemId));

    const textOnly = idDropout >= 1;
    const { model, userTower, itemTower } = twoTower({
      users: train.userCount,
      vocabSize: vocabulary.size,
      tokensPerItem,
      dim,
      items: textOnly ? 0 : train.itemCount + 1,
      seed,
    });
    const random = new SeededRandom(seed ^ 0x5eed);
    const itemInputs = (items: Int32Array, ids: Int32Array) => {
      const inputs: tf.Tensor[] = [gatherTokens(tokens, items, tokensPerItem)];
      if (!textOnly) inputs.push(idColumn(ids));
      return inputs;
    };
    const pairInputs = (pairs: SampledPairs) => {
      const itemIds = Int32Array.from(pairs.items, (item) =>
        random.next() < idDropout ? newItemId : servedIds[item],
      );
      return [idColumn(pairs.users), ...itemInputs(pairs.items, itemIds)];
    };
    try {
      await withTrainingWorkspace('twotower', (workspace) =>
        trainWithFreshNegatives(
          model,
          train,
          this.config.epochs,
          { ...this.config, seed, signal: options.signal },
          pairInputs,
          workspace,
        ),
      );
      const allUsers = Int32Array.from({ length: train.userCount }, (_, user) => user);
      const allItems = Int32Array.from({ length: train.itemCount }, (_, item) => item);
      this.fitted = {
        factors: dim,
        users: predictRows(userTower, [idColumn(allUsers)]),
        items: predictRows(itemTower, itemInputs(allItems, servedIds)),
        userIds: train.userIds,
        itemIds: train.itemIds,
      };
    } finally {
      model.dispose();
    }
  }
}

/** The token rows of the given items, [n, tokensPerItem]. */
function gatherTokens(tokens: Int32Array, items: Int32Array, tokensPerItem: number): tf.Tensor2D {
  const rows = new Int32Array(items.length * tokensPerItem);
  items.forEach((item, row) =>
    rows.set(tokens.subarray(item * tokensPerItem, (item + 1) * tokensPerItem), row * tokensPerItem),
  );
  return tf.tensor2d(rows, [items.length, tokensPerItem], 'int32');
}

/** A tower's output for every row of its inputs, as a flat row-major array; the inputs are disposed. */
function predictRows(tower: tf.LayersModel, inputs: tf.Tensor[]): Float32Array {
  try {
    const output = tower.predict(inputs.length === 1 ? inputs[0] : inputs, { batchSize: 4096 }) as tf.Tensor;
    const values = Float32Array.from(output.dataSync() as Float32Array);
    output.dispose();
    return values;
  } finally {
    tf.dispose(inputs);
  }
}
