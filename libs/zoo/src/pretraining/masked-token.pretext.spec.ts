import { SeededRandom } from '@deepworks/demo-data';
import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { pretrainMaskedTokens } from './masked-token.pretext';

const VOCAB = 24;
const LENGTH = 10;

/** Counting sequences: start anywhere in 2..23, step 1 or 2 (wrapping within 2..23); 0 = padding, 1 = [MASK]. */
function countingSequences(count: number, seed: number): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => {
    const start = random.integer(VOCAB - 2);
    const step = 1 + random.integer(2);
    const used = LENGTH - random.integer(3);
    return Array.from({ length: LENGTH }, (_, position) =>
      position < used ? 2 + ((start + step * position) % (VOCAB - 2)) : 0,
    );
  });
}

function perTokenEncoder(): tf.LayersModel {
  const input = tf.input({ shape: [LENGTH], dtype: 'int32' });
  let x = tf.layers
    .embedding({
      inputDim: VOCAB,
      outputDim: 16,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 1 }),
    })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers
    .conv1d({
      filters: 48,
      kernelSize: 5,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

describe('pretrainMaskedTokens', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('a per-token encoder learns to fill in masked tokens from their neighbours', async () => {
    const sequences = countingSequences(400, 1);
    const options = {
      vocabSize: VOCAB,
      maskTokenId: 1,
      paddingTokenId: 0,
      seed: 3,
      batchSize: 32,
      learningRate: 1e-2,
    };
    const untrained = await pretrainMaskedTokens(perTokenEncoder(), sequences, { ...options, epochs: 0 });
    const encoder = perTokenEncoder();
    const result = await pretrainMaskedTokens(encoder, sequences, { ...options, epochs: 12 });
    console.log(
      `masked tokens: accuracy ${untrained.maskedAccuracy.toFixed(3)} untrained → ${result.maskedAccuracy.toFixed(3)}; loss ${result.history[0].loss.toFixed(2)} → ${result.history.at(-1)!.loss.toFixed(2)}`,
    );
    expect(result.mode).toBe('per-token');
    // 22 possible tokens: guessing gets ~1/22 ≈ 0.05; the neighbours (step 1 or 2) pin the token down.
    expect(untrained.maskedAccuracy).toBeLessThan(0.15);
    expect(result.maskedAccuracy).toBeGreaterThan(0.6);
    expect(result.backbone).toBe(encoder);
    // The temporary head is gone from the encoder's output: still [batch, length, 48].
    expect((encoder.predict(tf.zeros([1, LENGTH], 'int32')) as tf.Tensor).shape).toEqual([1, LENGTH, 48]);
  });

  it('a pooled encoder learns which tokens are missing', async () => {
    const sequences = countingSequences(300, 2);
    const pooled = () => {
      const encoder = perTokenEncoder();
      const output = tf.layers.globalMaxPooling1d().apply(encoder.outputs[0]) as tf.SymbolicTensor;
      return tf.model({ inputs: encoder.inputs, outputs: output });
    };
    const options = {
      vocabSize: VOCAB,
      maskTokenId: 1,
      paddingTokenId: 0,
      seed: 4,
      batchSize: 32,
      learningRate: 1e-2,
    };
    const untrained = await pretrainMaskedTokens(pooled(), sequences, { ...options, epochs: 0 });
    const result = await pretrainMaskedTokens(pooled(), sequences, { ...options, epochs: 8 });
    expect(result.mode).toBe('pooled');
    console.log(
      `masked tokens (pooled): top-scored id is one of the masked ones ${untrained.maskedAccuracy.toFixed(3)} untrained → ${result.maskedAccuracy.toFixed(3)}`,
    );
    // ~1.3 of ~9 tokens are chosen: a uniform guess over the 22 ids hits ≈ 1.3 / 22 ≈ 0.06.
    expect(untrained.maskedAccuracy).toBeLessThan(0.15);
    expect(result.maskedAccuracy).toBeGreaterThan(0.3);
    await expect(pretrainMaskedTokens(pooled(), [[2, 3], [4]], { ...options, epochs: 1 })).rejects.toThrow(
      /padded to one length/,
    );
  });
});
