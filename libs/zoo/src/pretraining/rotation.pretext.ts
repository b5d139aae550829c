import { type EpochRecord, tf, type TrainingProgress, trainModel } from '@deepworks/engine';
import { attachHead } from '../fine-tuning/backbone.surgery';

export interface PretextOptions {
  epochs: number;
  seed: number;
  batchSize?: number;
  /** Adam's constant rate; default 1e-3. */
  learningRate?: number;
  /** Prefix of the temporary pretext head's layer names. */
  headName?: string;
  progress?: TrainingProgress | false;
}

export interface PretextResult {
  /** The same backbone object, its weights now pretrained. */
  backbone: tf.LayersModel;
  history: EpochRecord[];
  /** Share of pretext examples the pretext head gets right after training (training data). */
  pretextAccuracy: number;
}

/**
 * Self-supervised rotation prediction (Gidaris et al. 2018, "Unsupervised representation learning by
 * predicting image rotations"): every image in four copies turned by 0°, 90°, 180° and 270°, and a
 * 4-way head on the backbone learns which. Needs square images (NHWC). The head is thrown away; the
 * backbone keeps what it learned. Images whose content is symmetric under rotation teach it little.
 */
export async function pretrainRotation(
  backbone: tf.LayersModel,
  images: tf.Tensor4D,
  options: PretextOptions,
): Promise<PretextResult> {
  const [count, height, width] = images.shape;
  if (height !== width) throw new Error(`pretrainRotation: images must be square, got ${height}×${width}`);
  const x = tf.tidy(() =>
    tf.concat([0, 1, 2, 3].map((quarterTurns) => rotateQuarterTurns(images, quarterTurns))),
  );
  const y = tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 4 * count }, (_, index) => Math.floor(index / count)),
        'int32',
      ),
      4,
    ),
  );
  try {
    return await trainPretext(
      backbone,
      { x, y },
      4,
      'softmaxCrossEntropy',
      options,
      options.headName ?? 'rotation',
    );
  } finally {
    tf.dispose([x, y]);
  }
}

/** `images` turned counter-clockwise by `quarterTurns` × 90° (NHWC, square). */
export function rotateQuarterTurns(images: tf.Tensor4D, quarterTurns: number): tf.Tensor4D {
  return tf.tidy(() => {
    switch (((quarterTurns % 4) + 4) % 4) {
      case 0:
        return images.clone();
      case 1:
        // Counter-clockwise 90°: transpose rows and columns, then read the rows bottom-up.
        return tf.reverse(tf.transpose(images, [0, 2, 1, 3]), 1);
      case 2:
        return tf.reverse(images, [1, 2]);
      default:
        return tf.reverse(tf.transpose(images, [0, 2, 1, 3]), 2);
    }
  });
}

/** Trains a temporary `units`-way head on the backbone with `trainModel`, then disposes the head. */
async function trainPretext(
  backbone: tf.LayersModel,
  data: { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor },
  units: number,
  loss: 'softmaxCrossEntropy' | 'sigmoidCrossEntropy',
  options: PretextOptions,
  headName: string,
): Promise<PretextResult> {
  const model = attachHead(backbone, { units, name: headName, seed: options.seed });
  const backboneLayers = new Set(backbone.layers);
  try {
    const result = await trainModel(model, data, {
      epochs: options.epochs,
      batchSize: options.batchSize ?? 64,
      loss,
      seed: options.seed,
      learningRate: { kind: 'constant', rate: options.learningRate ?? 1e-3 },
      progress: options.progress ?? false,
    });
    const pretextAccuracy = await accuracyOf(model, data, loss);
    return { backbone, history: result.history, pretextAccuracy };
  } finally {
    for (const layer of model.layers) if (!backboneLayers.has(layer)) layer.dispose();
  }
}

async function accuracyOf(
  model: tf.LayersModel,
  data: { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor },
  loss: 'softmaxCrossEntropy' | 'sigmoidCrossEntropy',
): Promise<number> {
  const accuracy = tf.tidy(() => {
    const logits = model.predict(data.x, { batchSize: 256 }) as tf.Tensor;
    const hits =
      loss === 'softmaxCrossEntropy'
        ? tf.equal(tf.argMax(logits, -1), tf.argMax(data.y, -1))
        : tf.equal(tf.greater(logits, 0), tf.greater(data.y, 0.5));
    return tf.mean(tf.cast(hits, 'float32'));
  });
  const value = (await accuracy.data())[0];
  accuracy.dispose();
  return value;
}
