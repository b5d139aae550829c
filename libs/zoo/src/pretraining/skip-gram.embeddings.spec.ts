import { SeededRandom } from '@deepworks/demo-data';
import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { pretrainWordEmbeddings, setEmbeddingWeights } from './skip-gram.embeddings';

/** Sentences about one of two topics: tokens 1–10 or 11–20, in random order; 0 is padding. */
function twoTopicCorpus(sentences: number, seed: number): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: sentences }, (_, index) => {
    const offset = index % 2 ? 11 : 1;
    return [...Array.from({ length: 8 }, () => offset + random.integer(10)), 0, 0];
  });
}

function cosine(matrix: Float32Array, dim: number, a: number, b: number): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let d = 0; d < dim; d++) {
    dot += matrix[a * dim + d] * matrix[b * dim + d];
    normA += matrix[a * dim + d] ** 2;
    normB += matrix[b * dim + d] ** 2;
  }
  return dot / Math.sqrt(normA * normB);
}

describe('pretrainWordEmbeddings (skip-gram, negative sampling)', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  const options = { vocabSize: 21, dim: 12, window: 3, negatives: 5, epochs: 5, seed: 4, skipTokenIds: [0] };

  it('puts tokens of one topic closer together than tokens of different topics', () => {
    const corpus = twoTopicCorpus(400, 1);
    const vectors = pretrainWordEmbeddings(corpus, options);
    expect(vectors).toHaveLength(21 * 12);
    let within = 0;
    let across = 0;
    let withinPairs = 0;
    let acrossPairs = 0;
    for (let a = 1; a <= 20; a++) {
      for (let b = a + 1; b <= 20; b++) {
        const sameTopic = a <= 10 === b <= 10;
        if (sameTopic) {
          within += cosine(vectors, 12, a, b);
          withinPairs++;
        } else {
          across += cosine(vectors, 12, a, b);
          acrossPairs++;
        }
      }
    }
    const [meanWithin, meanAcross] = [within / withinPairs, across / acrossPairs];
    console.log(
      `skip-gram: mean cosine within topic ${meanWithin.toFixed(3)}, across ${meanAcross.toFixed(3)}`,
    );
    // Random 12-d vectors have mean cosine ≈ 0 either way; a margin of 0.5 means the topics were learned.
    expect(meanWithin - meanAcross).toBeGreaterThan(0.5);
    // Skipped padding is never trained: its row is still word2vec's initial (random.next() − 0.5) / dim.
    expect(Math.max(...Array.from(vectors.subarray(0, 12), Math.abs))).toBeLessThanOrEqual(0.5 / 12);
  });

  it('is deterministic for a seed, and checks its input', () => {
    const corpus = twoTopicCorpus(50, 2);
    const small = { ...options, epochs: 1 };
    expect(pretrainWordEmbeddings(corpus, small)).toEqual(pretrainWordEmbeddings(corpus, small));
    expect(pretrainWordEmbeddings(corpus, { ...small, seed: 5 })).not.toEqual(
      pretrainWordEmbeddings(corpus, small),
    );
    expect(() => pretrainWordEmbeddings([[1, 25]], small)).toThrow(/token 25 is outside 0..20/);
  });

  it('initialises an Embedding layer with the vectors', () => {
    const vectors = pretrainWordEmbeddings(twoTopicCorpus(20, 3), { ...options, epochs: 1 });
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 21, outputDim: 12, inputLength: 4, name: 'tokens' }),
        tf.layers.flatten(),
      ],
    });
    setEmbeddingWeights(model, 'tokens', vectors);
    const row = (model.predict(tf.tensor2d([[3, 0, 0, 0]])) as tf.Tensor).dataSync().slice(0, 12);
    expect(Array.from(row)).toEqual(Array.from(vectors.subarray(36, 48)));
    expect(() => setEmbeddingWeights(model, 'tokens', new Float32Array(10))).toThrow(
      /needs 21×12 = 252 numbers, got 10/,
    );
  });
});
