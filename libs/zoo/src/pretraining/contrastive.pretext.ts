import { SeededRandom } from '@deepworks/demo-data';
import { adamOptimizer, type EpochRecord, tf, type TrainingProgress } from '@deepworks/engine';
import { attachHead } from '../fine-tuning/backbone.surgery';
import { shuffledIndices } from './seeded.shuffle';
import type { PretextResult } from './rotation.pretext';

export interface ContrastiveOptions {
  epochs: number;
  seed: number;
  /** Images per batch; each gives two views, so the loss compares 2 × batchSize embeddings. Default 64. */
  batchSize?: number;
  /** Adam's constant rate; default 1e-3. */
  learningRate?: number;
  /** Softmax temperature τ of the NT-Xent loss; default 0.2 (0.5 learned worse on the finding images). */
  temperature?: number;
  /** Width of the projection head's output (and of its hidden layer, doubled); default 32. */
  projectionUnits?: number;
  /** Largest random shift in pixels (edges repeated); default 2. */
  maxShift?: number;
  /** Random mirror images: left-right, also up-down, or none; default 'horizontal'. */
  flips?: 'horizontal' | 'both' | 'none';
  /** Brightness multiplied by a factor in [1 − b, 1 + b]; default 0.1. */
  brightness?: number;
  /** Standard deviation of added Gaussian noise; default 0.03 (images scaled to 0..1). */
  noise?: number;
  headName?: string;
  progress?: TrainingProgress | false;
}

/**
 * SimCLR (Chen et al. 2020): two random views of each image (shift, mirror, brightness, noise), a
 * projection MLP on the backbone, and the NT-Xent loss (eq. 1) that makes each view's embedding
 * closest to its partner's among all 2N − 1 others in the batch. What survives the augmentations —
 * for medical images, local structure such as a lesion, not exposure or position — is what the
 * backbone must encode. The projection head is thrown away (§4.2: the layer before it transfers better).
 * `pretextAccuracy`: share of views whose nearest embedding in their batch is their partner, after training.
 */
export async function pretrainContrastive(
  backbone: tf.LayersModel,
  images: tf.Tensor4D,
  options: ContrastiveOptions,
): Promise<PretextResult> {
  const [count, height, width, channels] = images.shape;
  const batchSize = Math.min(options.batchSize ?? 64, count);
  if (batchSize < 2) throw new Error('pretrainContrastive: needs at least two images per batch');
  const temperature = options.temperature ?? 0.2;
  const projectionUnits = options.projectionUnits ?? 32;
  const pixels = (await images.data()) as Float32Array;
  const augment = viewMaker({ height, width, channels, ...options });
  const model = attachHead(backbone, {
    units: projectionUnits,
    hiddenUnits: 2 * projectionUnits,
    name: options.headName ?? 'projection',
    seed: options.seed,
  });
  const headLayers = model.layers.filter((layer) => !backbone.layers.includes(layer));
  const optimizer: tf.Optimizer = adamOptimizer(options.learningRate ?? 1e-3);
  const imageSize = height * width * channels;
  const history: EpochRecord[] = [];

  const viewsOf = (indices: ArrayLike<number>, random: SeededRandom): tf.Tensor4D => {
    const views = new Float32Array(2 * indices.length * imageSize);
    for (let view = 0; view < 2; view++)
      for (let row = 0; row < indices.length; row++) {
        const source = pixels.subarray(indices[row] * imageSize, (indices[row] + 1) * imageSize);
        augment(source, views.subarray((view * indices.length + row) * imageSize), random);
      }
    return tf.tensor4d(views, [2 * indices.length, height, width, channels]);
  };

  try {
    const batches = Math.floor(count / batchSize);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const started = performance.now();
      const random = new SeededRandom((options.seed * 1_000_003 + epoch) >>> 0);
      const order = shuffledIndices(count, random);
      const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
      if (options.progress) options.progress.startEpoch(epoch + 1, options.epochs, batches);
      let lossSum = tf.scalar(0);
      // Whole batches only: NT-Xent's difficulty depends on the batch size.
      for (let batch = 0; batch < batches; batch++) {
        const views = viewsOf(order.subarray(batch * batchSize, (batch + 1) * batchSize), random);
        const loss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(
            () => ntXent(model.apply(views, { training: true }) as tf.Tensor2D, temperature),
            variables,
          );
          optimizer.applyGradients(grads as unknown as Parameters<tf.Optimizer['applyGradients']>[0]);
          return value;
        });
        const total = tf.add(lossSum, loss) as tf.Scalar;
        tf.dispose([lossSum, loss, views]);
        lossSum = total;
        if (options.progress) options.progress.batchDone(batch + 1);
      }
      const seconds = (performance.now() - started) / 1000;
      const record: EpochRecord = {
        epoch: epoch + 1,
        loss: (await lossSum.data())[0] / batches,
        learningRate: options.learningRate ?? 1e-3,
        seconds: Number(seconds.toFixed(3)),
        samplesPerSecond: Number(((batches * batchSize) / seconds).toFixed(1)),
      };
      lossSum.dispose();
      history.push(record);
      if (options.progress) options.progress.endEpoch(record);
    }
    const random = new SeededRandom(options.seed ^ 0x5eed);
    let hits = 0;
    const order = shuffledIndices(count, random);
    for (let batch = 0; batch < batches; batch++) {
      const views = viewsOf(order.subarray(batch * batchSize, (batch + 1) * batchSize), random);
      const nearest = tf.tidy(() => {
        const embeddings = unitRows(model.predict(views) as tf.Tensor2D);
        const similarity = tf.sub(
          tf.matMul(embeddings, embeddings, false, true),
          tf.mul(tf.eye(2 * batchSize), 1e9),
        );
        return tf.argMax(similarity, -1);
      });
      const found = await nearest.data();
      found.forEach((other, index) => {
        if (other === (index + batchSize) % (2 * batchSize)) hits++;
      });
      tf.dispose([views, nearest]);
    }
    return { backbone, history, pretextAccuracy: hits / (2 * batches * batchSize) };
  } finally {
    optimizer.dispose();
    if (options.progress) options.progress.close();
    for (const layer of headLayers) layer.dispose();
  }
}

/**
 * NT-Xent (Chen et al. 2020, eq. 1) over 2N projections where rows i and i + N are views of one image:
 * cross-entropy of each row's cosine similarities / τ (itself excluded) against its partner.
 */
function ntXent(projections: tf.Tensor2D, temperature: number): tf.Scalar {
  const rows = projections.shape[0];
  const half = rows / 2;
  const embeddings = unitRows(projections);
  const similarity = tf.div(tf.matMul(embeddings, embeddings, false, true), temperature);
  const logits = tf.sub(similarity, tf.mul(tf.eye(rows), 1e9));
  const partners = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: rows }, (_, index) => (index + half) % rows),
      'int32',
    ),
    rows,
  );
  return tf.losses.softmaxCrossEntropy(partners, logits) as tf.Scalar;
}

/** A function that writes one random view of an NHWC image (Float32 in, Float32 out). */
function viewMaker(options: ContrastiveOptions & { height: number; width: number; channels: number }) {
  const { height, width, channels } = options;
  const maxShift = options.maxShift ?? 2;
  const flips = options.flips ?? 'horizontal';
  const brightness = options.brightness ?? 0.1;
  const noise = options.noise ?? 0.03;
  return (source: Float32Array, target: Float32Array, random: SeededRandom) => {
    const shiftY = random.integer(2 * maxShift + 1) - maxShift;
    const shiftX = random.integer(2 * maxShift + 1) - maxShift;
    const mirrorX = flips !== 'none' && random.next() < 0.5;
    const mirrorY = flips === 'both' && random.next() < 0.5;
    const gain = 1 + brightness * (2 * random.next() - 1);
    for (let y = 0; y < height; y++) {
      const fromY = clamp((mirrorY ? height - 1 - y : y) + shiftY, height);
      for (let x = 0; x < width; x++) {
        const fromX = clamp((mirrorX ? width - 1 - x : x) + shiftX, width);
        for (let channel = 0; channel < channels; channel++) {
          const value = source[(fromY * width + fromX) * channels + channel];
          target[(y * width + x) * channels + channel] =
            value * gain + (noise > 0 ? noise * random.gaussian() : 0);
        }
      }
    }
  };
}

function unitRows(matrix: tf.Tensor2D): tf.Tensor2D {
  return tf.div(matrix, tf.sqrt(tf.add(tf.sum(tf.square(matrix), -1, true), 1e-12)));
}

function clamp(index: number, size: number): number {
  return Math.min(size - 1, Math.max(0, index));
}
