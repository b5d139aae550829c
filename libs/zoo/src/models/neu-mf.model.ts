import { tf } from '@deepworks/engine';
import { applied, idInput } from './graph-building.blocks';
import { gmfProduct, idVector, interactionCounts } from './matrix-factorization.model';
import { ConfigCheck, InitializerSeeds, type SeedConfig } from './model-config.validation';

export interface NcfMlpConfig extends SeedConfig {
  users: number;
  items: number;
  /** Embedding width of users and of items; default 16. */
  dim?: number;
  /** ReLU layers of the tower, widest first; default [32, 16, 8]. */
  hiddenUnits?: readonly number[];
}

/**
 * The MLP model of Neural Collaborative Filtering (He et al. 2017, §3.3, eq. 10): user and item
 * embeddings concatenated, a tower of ReLU layers, one logit. Inputs `user`, `item` (int32
 * [batch, 1]). Layers: `mlp_user_embedding`, `mlp_item_embedding`, `mlp_user_vector`,
 * `mlp_item_vector`, `mlp_concat`, `mlp_dense1`…, `prediction`: the names `neuMF` uses, so
 * `initNeuMFFromPretrained` can start a NeuMF from it.
 */
export function ncfMlp(config: NcfMlpConfig): tf.LayersModel {
  const check = new ConfigCheck('ncfMlp');
  const options = check.resolve(config, ['users', 'items'], { dim: 16, hiddenUnits: [32, 16, 8] });
  const { users, items } = interactionCounts(check, options);
  const dim = check.integer('dim', options.dim);
  const hiddenUnits = check.integers('hiddenUnits', options.hiddenUnits);
  const seeds = new InitializerSeeds(options.seed);

  const user = idInput('user', 1);
  const item = idInput('item', 1);
  const tower = mlpTower(user, item, users, items, dim, hiddenUnits, seeds);
  const prediction = applied(
    tf.layers.dense({ units: 1, kernelInitializer: seeds.glorotUniform(), name: 'prediction' }),
    tower,
  );
  return tf.model({ inputs: [user, item], outputs: prediction, name: 'ncf_mlp' });
}

export interface NeuMFConfig extends SeedConfig {
  users: number;
  items: number;
  /** Factors of the GMF half; default 8. */
  gmfDim?: number;
  /** Embedding width of the MLP half; default 16. */
  mlpDim?: number;
  /** ReLU layers of the MLP half, widest first; default [32, 16, 8]. */
  mlpLayers?: readonly number[];
}

/**
 * NeuMF (He et al. 2017, §3.4, eq. 11): a GMF and an MLP with separate embeddings, their last layers
 * concatenated into one logit. Inputs `user`, `item` (int32 [batch, 1]). Layers: those of `gmf`
 * (`gmf_*`) and of `ncfMlp` (`mlp_*`) under the same names, `neumf_concat` ([gmf_product, last
 * mlp_dense]), `prediction`. `initNeuMFFromPretrained` starts it from a trained GMF and MLP (§3.4.1).
 */
export function neuMF(config: NeuMFConfig): tf.LayersModel {
  const check = new ConfigCheck('neuMF');
  const options = check.resolve(config, ['users', 'items'], {
    gmfDim: 8,
    mlpDim: 16,
    mlpLayers: [32, 16, 8],
  });
  const { users, items } = interactionCounts(check, options);
  const gmfDim = check.integer('gmfDim', options.gmfDim);
  const mlpDim = check.integer('mlpDim', options.mlpDim);
  const mlpLayers = check.integers('mlpLayers', options.mlpLayers);
  const seeds = new InitializerSeeds(options.seed);

  const user = idInput('user', 1);
  const item = idInput('item', 1);
  const product = gmfProduct(user, item, users, items, gmfDim, seeds);
  const tower = mlpTower(user, item, users, items, mlpDim, mlpLayers, seeds);
  const joined = applied(tf.layers.concatenate({ name: 'neumf_concat' }), [product, tower]);
  const prediction = applied(
    tf.layers.dense({ units: 1, kernelInitializer: seeds.glorotUniform(), name: 'prediction' }),
    joined,
  );
  return tf.model({ inputs: [user, item], outputs: prediction, name: 'neumf' });
}

/**
 * Pre-training of NeuMF (He et al. 2017, §3.4.1): copies the embeddings and hidden layers of a trained
 * `gmf` and `ncfMlp` into `neumf` (same layer names), and sets its prediction layer to
 * [α·h_GMF ; (1 − α)·h_MLP] with bias α·b_GMF + (1 − α)·b_MLP, so that it starts as the α-blend of the
 * two models' logits. Changes `neumf`'s weights in place and returns it. Throws when the shapes do
 * not match (different users, items, dims or layers).
 */
export function initNeuMFFromPretrained(
  neumf: tf.LayersModel,
  gmfModel: tf.LayersModel,
  mlpModel: tf.LayersModel,
  alpha = 0.5,
): tf.LayersModel {
  if (!(alpha >= 0 && alpha <= 1))
    throw new Error(`initNeuMFFromPretrained: alpha must be in [0, 1]; got ${alpha}`);
  const copied: string[] = [];
  for (const source of [gmfModel, mlpModel]) {
    for (const layer of source.layers) {
      if (layer.getWeights().length === 0 || layer.name === 'prediction') continue;
      copyWeights(layer, layerOf(neumf, layer.name, 'neumf'));
      copied.push(layer.name);
    }
  }
  for (const required of [
    'gmf_user_embedding',
    'gmf_item_embedding',
    'mlp_user_embedding',
    'mlp_item_embedding',
  ]) {
    if (!copied.includes(required))
      throw new Error(`initNeuMFFromPretrained: the pretrained models have no layer "${required}"`);
  }
  const [gmfKernel, gmfBias] = layerOf(gmfModel, 'prediction', 'gmfModel').getWeights();
  const [mlpKernel, mlpBias] = layerOf(mlpModel, 'prediction', 'mlpModel').getWeights();
  const target = layerOf(neumf, 'prediction', 'neumf');
  const blended = tf.tidy(() => [
    tf.concat([tf.mul(gmfKernel, alpha), tf.mul(mlpKernel, 1 - alpha)], 0),
    tf.add(tf.mul(gmfBias, alpha), tf.mul(mlpBias, 1 - alpha)),
  ]);
  try {
    checkShapes(target, blended);
    target.setWeights(blended);
  } finally {
    tf.dispose(blended);
  }
  return neumf;
}

/** `mlp_concat` → `mlp_dense1`…: the MLP half of NCF's MLP and of NeuMF. */
function mlpTower(
  user: tf.SymbolicTensor,
  item: tf.SymbolicTensor,
  users: number,
  items: number,
  dim: number,
  hiddenUnits: readonly number[],
  seeds: InitializerSeeds,
): tf.SymbolicTensor {
  const userVector = idVector(user, users, dim, 'mlp_user_embedding', 'mlp_user_vector', seeds);
  const itemVector = idVector(item, items, dim, 'mlp_item_embedding', 'mlp_item_vector', seeds);
  let output = applied(tf.layers.concatenate({ name: 'mlp_concat' }), [userVector, itemVector]);
  hiddenUnits.forEach((units, index) => {
    const dense = tf.layers.dense({
      units,
      activation: 'relu',
      kernelInitializer: seeds.glorotUniform(),
      name: `mlp_dense${index + 1}`,
    });
    output = applied(dense, output);
  });
  return output;
}

function layerOf(model: tf.LayersModel, name: string, role: string): tf.layers.Layer {
  const layer = model.layers.find((candidate) => candidate.name === name);
  if (!layer) throw new Error(`initNeuMFFromPretrained: ${role} has no layer "${name}"`);
  return layer;
}

function copyWeights(source: tf.layers.Layer, target: tf.layers.Layer): void {
  const weights = source.getWeights();
  checkShapes(target, weights);
  target.setWeights(weights);
}

function checkShapes(target: tf.layers.Layer, weights: tf.Tensor[]): void {
  const expected = target.getWeights().map((weight) => weight.shape.join('×'));
  const given = weights.map((weight) => weight.shape.join('×'));
  if (expected.join(',') !== given.join(','))
    throw new Error(
      `initNeuMFFromPretrained: layer "${target.name}" has weights [${expected.join(', ')}], ` +
        `the pretrained model gives [${given.join(', ')}]`,
    );
}
