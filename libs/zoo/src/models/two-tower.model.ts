import { tf } from '@deepworks/engine';
import { MaskedMeanPooling } from '../layers/masked-mean-pooling.layer';
import { registerZooLayers } from '../layers/zoo-layers.registry';
import { applied, idInput } from './graph-building.blocks';
import { idVector } from './matrix-factorization.model';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export interface TwoTowerConfig extends SeedConfig {
  /** User ids run 0 … users − 1. */
  users: number;
  /** Item token ids run 0 … vocabSize − 1; id 0 is padding. */
  vocabSize: number;
  /** Token ids per item (padded with 0 or cut). */
  tokensPerItem: number;
  /** Width of both towers' output vectors and of the token embeddings; default 32. */
  dim?: number;
  /**
   * When > 0, the item tower also embeds the item id (0 … items − 1) beside its tokens. Default 0: the
   * item tower reads tokens only, so it embeds a brand-new item as well as a known one.
   */
  items?: number;
}

/** Three views of one set of layers: weights are freed once all three are disposed. */
export interface TwoTowerModels {
  /** Inputs [user, itemTokens] (+ item when `items` > 0); output the logit ⟨user vector, item vector⟩. */
  model: tf.LayersModel;
  /** Input `user` (int32 [batch, 1]); output the user vector [batch, dim]. */
  userTower: tf.LayersModel;
  /** Inputs `item_tokens` (int32 [batch, tokensPerItem]) (+ `item`); output the item vector [batch, dim]. */
  itemTower: tf.LayersModel;
}

/**
 * A two-tower retrieval model (Yi et al. 2019; Covington et al. 2016): a user tower (id embedding) and
 * an item tower (token embeddings, mean over non-padding tokens, optionally the item-id embedding
 * concatenated, a dense layer) whose dot product is the logit. The towers are returned as models of
 * their own that share the layers (and weights) of `model`: train `model`, then embed users and
 * items, new items included, with the towers for nearest-neighbour retrieval.
 * Layers: `user_embedding`, `user_vector` (user tower output); `item_token_embedding`,
 * `item_token_pool`, [`item_id_embedding`, `item_id_vector`, `item_concat`], `item_vector` (dense,
 * item tower output); `score` (dot product).
 */
export function twoTower(config: TwoTowerConfig): TwoTowerModels {
  const check = new ConfigCheck('twoTower');
  const options = check.resolve(config, ['users', 'vocabSize', 'tokensPerItem'], { dim: 32, items: 0 });
  const users = check.integer('users', options.users);
  const vocabSize = check.integer('vocabSize', options.vocabSize, 2);
  const tokensPerItem = check.integer('tokensPerItem', options.tokensPerItem);
  const dim = check.integer('dim', options.dim);
  const items = check.integer('items', options.items, 0);
  registerZooLayers();
  const seeds = new InitializerSeeds(options.seed);

  const user = idInput('user', 1);
  const userVector = idVector(user, users, dim, 'user_embedding', 'user_vector', seeds);

  const itemTokens = idInput('item_tokens', tokensPerItem);
  const embeddedTokens = applied(
    tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: dim,
      embeddingsInitializer: seeds.embedding(),
      name: 'item_token_embedding',
    }),
    itemTokens,
  );
  let itemFeatures = applied(new MaskedMeanPooling({ name: 'item_token_pool' }), [
    embeddedTokens,
    itemTokens,
  ]);
  const itemInputs = [itemTokens];
  if (items > 0) {
    const item = idInput('item', 1);
    itemInputs.push(item);
    const itemIdVector = idVector(item, items, dim, 'item_id_embedding', 'item_id_vector', seeds);
    itemFeatures = applied(tf.layers.concatenate({ name: 'item_concat' }), [itemFeatures, itemIdVector]);
  }
  const itemVector = applied(
    tf.layers.dense({ units: dim, kernelInitializer: seeds.glorotUniform(), name: 'item_vector' }),
    itemFeatures,
  );
  const score = applied(tf.layers.dot({ axes: 1, name: 'score' }), [userVector, itemVector]);
  return {
    model: tf.model({ inputs: [user, ...itemInputs], outputs: score, name: 'two_tower' }),
    userTower: tf.model({ inputs: user, outputs: userVector, name: 'user_tower' }),
    itemTower: tf.model({ inputs: itemInputs, outputs: itemVector, name: 'item_tower' }),
  };
}
