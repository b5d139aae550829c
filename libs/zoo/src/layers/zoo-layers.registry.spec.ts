import { tf } from '@deepworks/engine';
import { describe, expect, it } from 'vitest';
import { LayerNormalization } from './layer-normalization.layer';
import { MaskedMeanPooling } from './masked-mean-pooling.layer';
import { MultiHeadSelfAttention } from './multi-head-self-attention.layer';
import { PositionEmbedding } from './position-embedding.layer';
import { registerZooLayers } from './zoo-layers.registry';

describe('registerZooLayers', () => {
  it('registers each custom layer under its prefixed class name, idempotently', () => {
    registerZooLayers();
    registerZooLayers();
    const known = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(known.ZooMultiHeadSelfAttention[0]).toBe(MultiHeadSelfAttention);
    expect(known.ZooPositionEmbedding[0]).toBe(PositionEmbedding);
    expect(known.ZooMaskedMeanPooling[0]).toBe(MaskedMeanPooling);
    expect(known.ZooLayerNormalization[0]).toBe(LayerNormalization);
    expect(known.LayerNormalization[0]).not.toBe(LayerNormalization);
    // tfjs' own internal layers keep their names.
    expect(known.MultiHeadAttention?.[0]).not.toBe(MultiHeadSelfAttention);
  });
});
