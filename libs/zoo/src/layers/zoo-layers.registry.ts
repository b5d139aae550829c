import { tf } from '@deepworks/engine';
import { LayerNormalization } from './layer-normalization.layer';
import { MaskedMeanPooling } from './masked-mean-pooling.layer';
import { MultiHeadSelfAttention } from './multi-head-self-attention.layer';
import { PositionEmbedding } from './position-embedding.layer';

const ZOO_LAYERS = [MultiHeadSelfAttention, PositionEmbedding, MaskedMeanPooling, LayerNormalization];

/**
 * Makes the zoo's custom layers known to tfjs' deserialiser, so `loadModel` / `tf.loadLayersModel`
 * can rebuild a saved model that uses them. Idempotent. The factories call it themselves; a process
 * that only loads a saved model (and builds none) must call it before loading.
 */
export function registerZooLayers(): void {
  const known = tf.serialization.SerializationMap.getMap().classNameMap;
  for (const layer of ZOO_LAYERS) {
    if (known[layer.className]?.[0] !== layer) tf.serialization.registerClass(layer);
  }
}
