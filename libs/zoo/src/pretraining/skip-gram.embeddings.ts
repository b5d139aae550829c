import { SeededRandom } from '@deepworks/demo-data';
import { tf } from '@deepworks/engine';

export interface WordEmbeddingOptions {
  /** Token ids run from 0 to vocabSize − 1. */
  vocabSize: number;
  dim: number;
  /** Largest distance between a centre token and a context token. */
  window: number;
  /** Noise tokens per (centre, context) pair. */
  negatives: number;
  epochs: number;
  seed: number;
  /** Starting rate, decayed linearly to 1e-4 of it over the run (word2vec's schedule); default 0.025. */
  learningRate?: number;
  /** Ids never trained nor used as context or noise (padding, unknown); none by default. */
  skipTokenIds?: number[];
}

/**
 * Skip-gram with negative sampling (Mikolov et al. 2013, "Distributed representations of words and
 * phrases"): each token's vector learns to score its neighbours within a (randomly shrunk) window
 * above `negatives` tokens drawn from the unigram distribution raised to 3/4. Plain loops over
 * Float32Arrays: faster than tensors for one pair at a time, and deterministic for a seed.
 * Returns the input vectors, row-major `[vocabSize × dim]`, ready for `setEmbeddingWeights`.
 */
export function pretrainWordEmbeddings(
  tokenSequences: number[][],
  options: WordEmbeddingOptions,
): Float32Array {
  const { vocabSize, dim, window, negatives, epochs } = options;
  for (const [name, value] of Object.entries({ vocabSize, dim, window, epochs }))
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`pretrainWordEmbeddings: ${name} must be a positive integer`);
  if (!Number.isInteger(negatives) || negatives < 0)
    throw new Error('pretrainWordEmbeddings: negatives must be a non-negative integer');
  const skipped = new Set(options.skipTokenIds ?? []);
  const sequences = tokenSequences.map((sequence) =>
    sequence.filter((token) => {
      if (!Number.isInteger(token) || token < 0 || token >= vocabSize)
        throw new Error(`pretrainWordEmbeddings: token ${token} is outside 0..${vocabSize - 1}`);
      return !skipped.has(token);
    }),
  );
  const noise = noiseSampler(sequences, vocabSize);
  const random = new SeededRandom(options.seed);
  const input = new Float32Array(vocabSize * dim);
  for (let index = 0; index < input.length; index++) input[index] = (random.next() - 0.5) / dim;
  // Output vectors start at zero, as in word2vec.c.
  const output = new Float32Array(vocabSize * dim);
  const gradient = new Float32Array(dim);
  const startRate = options.learningRate ?? 0.025;
  const totalTokens = epochs * sequences.reduce((sum, sequence) => sum + sequence.length, 0);
  let seen = 0;

  const step = (centre: number, target: number, label: number, rate: number) => {
    const centreRow = centre * dim;
    const targetRow = target * dim;
    let score = 0;
    for (let d = 0; d < dim; d++) score += input[centreRow + d] * output[targetRow + d];
    const g = (label - sigmoid(score)) * rate;
    for (let d = 0; d < dim; d++) {
      gradient[d] += g * output[targetRow + d];
      output[targetRow + d] += g * input[centreRow + d];
    }
  };

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const sequence of sequences) {
      for (let position = 0; position < sequence.length; position++) {
        const rate = Math.max(startRate * 1e-4, startRate * (1 - seen / totalTokens));
        seen++;
        const centre = sequence[position];
        // word2vec shrinks the window at random, so near neighbours count more than far ones.
        const reach = 1 + random.integer(window);
        for (let other = position - reach; other <= position + reach; other++) {
          if (other === position || other < 0 || other >= sequence.length) continue;
          const context = sequence[other];
          gradient.fill(0);
          step(centre, context, 1, rate);
          for (let draw = 0; draw < negatives; draw++) {
            const negative = noise(random);
            if (negative !== context) step(centre, negative, 0, rate);
          }
          const centreRow = centre * dim;
          for (let d = 0; d < dim; d++) input[centreRow + d] += gradient[d];
        }
      }
    }
  }
  return input;
}

/**
 * Puts `matrix` (row-major `[vocabSize × dim]`) into the embedding layer `layerName` of `model`, e.g.
 * vectors from `pretrainWordEmbeddings`. The layer's shape must match.
 */
export function setEmbeddingWeights(model: tf.LayersModel, layerName: string, matrix: Float32Array): void {
  const layer = model.layers.find((candidate) => candidate.name === layerName);
  if (!layer) throw new Error(`setEmbeddingWeights: model "${model.name}" has no layer "${layerName}"`);
  const weights = layer.getWeights();
  const shapes = weights.map((weight) => weight.shape);
  if (shapes.length !== 1 || shapes[0].length !== 2)
    throw new Error(
      `setEmbeddingWeights: layer "${layerName}" is not an embedding (weights ${JSON.stringify(shapes)})`,
    );
  const [vocabSize, dim] = shapes[0];
  if (matrix.length !== vocabSize * dim)
    throw new Error(
      `setEmbeddingWeights: layer "${layerName}" needs ${vocabSize}×${dim} = ${vocabSize * dim} numbers, got ${matrix.length}`,
    );
  const value = tf.tensor2d(matrix, [vocabSize, dim]);
  layer.setWeights([value]);
  value.dispose();
}

/** Draws token ids with probability ∝ count^¾ (Mikolov et al. 2013), by binary search on the CDF. */
function noiseSampler(sequences: number[][], vocabSize: number): (random: SeededRandom) => number {
  const counts = new Float64Array(vocabSize);
  for (const sequence of sequences) for (const token of sequence) counts[token]++;
  const cumulative = new Float64Array(vocabSize);
  let total = 0;
  for (let token = 0; token < vocabSize; token++) {
    total += counts[token] ** 0.75;
    cumulative[token] = total;
  }
  if (total === 0) throw new Error('pretrainWordEmbeddings: the sequences hold no tokens to train on');
  return (random) => {
    const threshold = random.next() * total;
    let low = 0;
    let high = vocabSize - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] > threshold) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

function sigmoid(value: number): number {
  if (value > 6) return 1;
  if (value < -6) return 0;
  return 1 / (1 + Math.exp(-value));
}
