import { tf } from '@deepworks/engine';
import { applied, idInput } from './graph-building.blocks';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export interface MatrixFactorizationConfig extends SeedConfig {
  /** User ids run 0 … users − 1. */
  users: number;
  /** Item ids run 0 … items − 1. */
  items: number;
  /** Latent factors per user and item; default 32. */
  dim?: number;
  /** A learned bias per user and per item added to the dot product (Koren et al. 2009, eq. 3); default true. */
  biases?: boolean;
}

/**
 * Matrix factorisation: logit = ⟨p_u, q_i⟩ (+ b_u + b_i). Inputs, in this order: `user` and `item`,
 * int32 ids of shape [batch, 1]. Output: one logit [batch, 1]. Layers: `user_embedding`,
 * `item_embedding`, `user_vector`, `item_vector`, then `score` (the dot product); with biases the dot
 * product is `dot`, the biases `user_bias`, `item_bias` (`user_bias_value`, `item_bias_value` flat)
 * and `score` their sum.
 */
export function matrixFactorization(config: MatrixFactorizationConfig): tf.LayersModel {
  const check = new ConfigCheck('matrixFactorization');
  const options = check.resolve(config, ['users', 'items'], { dim: 32, biases: true });
  const { users, items } = interactionCounts(check, options);
  const dim = check.integer('dim', options.dim);
  const biases = check.boolean('biases', options.biases);
  const seeds = new InitializerSeeds(options.seed);

  const user = idInput('user', 1);
  const item = idInput('item', 1);
  const userVector = idVector(user, users, dim, 'user_embedding', 'user_vector', seeds);
  const itemVector = idVector(item, items, dim, 'item_embedding', 'item_vector', seeds);
  const dot = applied(tf.layers.dot({ axes: 1, name: biases ? 'dot' : 'score' }), [userVector, itemVector]);
  if (!biases) return tf.model({ inputs: [user, item], outputs: dot, name: 'matrix_factorization' });
  const bias = (input: tf.SymbolicTensor, count: number, name: string) =>
    applied(
      tf.layers.flatten({ name: `${name}_value` }),
      applied(
        tf.layers.embedding({ inputDim: count, outputDim: 1, embeddingsInitializer: 'zeros', name }),
        input,
      ),
    );
  const score = applied(tf.layers.add({ name: 'score' }), [
    dot,
    bias(user, users, 'user_bias'),
    bias(item, items, 'item_bias'),
  ]);
  return tf.model({ inputs: [user, item], outputs: score, name: 'matrix_factorization' });
}

export interface GmfConfig extends SeedConfig {
  users: number;
  items: number;
  /** Latent factors ("predictive factors"); default 8. */
  dim?: number;
}

/**
 * Generalized Matrix Factorization (He et al. 2017, §3.2, eq. 9): logit = hᵀ(p_u ⊙ q_i) + b, matrix
 * factorisation with a learned weight per factor. Inputs `user`, `item` (int32 [batch, 1]); one logit.
 * Layers: `gmf_user_embedding`, `gmf_item_embedding`, `gmf_user_vector`, `gmf_item_vector`,
 * `gmf_product`, `prediction` (dense 1): the names `neuMF` uses, so `initNeuMFFromPretrained` can
 * start a NeuMF from it.
 */
export function gmf(config: GmfConfig): tf.LayersModel {
  const check = new ConfigCheck('gmf');
  const options = check.resolve(config, ['users', 'items'], { dim: 8 });
  const { users, items } = interactionCounts(check, options);
  const dim = check.integer('dim', options.dim);
  const seeds = new InitializerSeeds(options.seed);

  const user = idInput('user', 1);
  const item = idInput('item', 1);
  const product = gmfProduct(user, item, users, items, dim, seeds);
  const prediction = applied(
    tf.layers.dense({ units: 1, kernelInitializer: seeds.glorotUniform(), name: 'prediction' }),
    product,
  );
  return tf.model({ inputs: [user, item], outputs: prediction, name: 'gmf' });
}

/** `gmf_product`: the GMF half of GMF and NeuMF, layer names shared so weights carry over. */
export function gmfProduct(
  user: tf.SymbolicTensor,
  item: tf.SymbolicTensor,
  users: number,
  items: number,
  dim: number,
  seeds: InitializerSeeds,
): tf.SymbolicTensor {
  const userVector = idVector(user, users, dim, 'gmf_user_embedding', 'gmf_user_vector', seeds);
  const itemVector = idVector(item, items, dim, 'gmf_item_embedding', 'gmf_item_vector', seeds);
  return applied(tf.layers.multiply({ name: 'gmf_product' }), [userVector, itemVector]);
}

/** An id's embedding row as a flat [batch, dim] vector. */
export function idVector(
  id: tf.SymbolicTensor,
  count: number,
  dim: number,
  embeddingName: string,
  vectorName: string,
  seeds: InitializerSeeds,
): tf.SymbolicTensor {
  const embedding = tf.layers.embedding({
    inputDim: count,
    outputDim: dim,
    embeddingsInitializer: seeds.embedding(),
    name: embeddingName,
  });
  return applied(tf.layers.flatten({ name: vectorName }), applied(embedding, id));
}

export function interactionCounts(
  check: ConfigCheck,
  options: { users: unknown; items: unknown },
): { users: number; items: number } {
  return { users: check.integer('users', options.users), items: check.integer('items', options.items) };
}
