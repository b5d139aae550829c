import { type FindingImage, generateFindingImages } from '@deepworks/demo-data';
import { resolveBackend, tf, trainModel } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { fineTune } from '../fine-tuning/fine-tune.trainer';
import { pretrainContrastive } from './contrastive.pretext';

const SIZE = 28;
const SEEDS = [1, 2, 3, 4];

function imagesOf(findingImages: FindingImage[]) {
  const pixels = new Float32Array(findingImages.length * SIZE * SIZE);
  findingImages.forEach((image, index) =>
    image.pixels.forEach((value, offset) => (pixels[index * SIZE * SIZE + offset] = value / 255)),
  );
  return {
    x: tf.tensor4d(pixels, [findingImages.length, SIZE, SIZE, 1]),
    labels: findingImages.map((image) => (image.label === 'finding' ? 1 : 0)),
  };
}

/**
 * The backbone both arms share: pixels standardised in the model ((v − 0.6) / 0.2), three 3×3
 * convolutions (8, 16, 32) each with ReLU and batch norm (momentum 0.9, so 100 steps settle its
 * statistics), 2×2 max pools between, global average pool `features`.
 */
function backbone(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [SIZE, SIZE, 1] });
  let x = tf.layers
    .rescaling({ scale: 5, offset: -3, name: 'standardise' })
    .apply(input) as tf.SymbolicTensor;
  [8, 16, 32].forEach((filters, index) => {
    if (index > 0)
      x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${index}` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers
      .conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed * 10 + index }),
        name: `conv${index + 1}`,
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ momentum: 0.9, name: `bn${index + 1}` }).apply(x) as tf.SymbolicTensor;
  });
  const features = tf.layers.globalAveragePooling2d({ name: 'features' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: features });
}

/** Share of (finding, normal) pairs the scores put in the right order, ties half (Mann–Whitney AUC). */
function auc(scores: ArrayLike<number>, labels: number[]): number {
  let pairs = 0;
  let wins = 0;
  labels.forEach((positive, i) => {
    if (positive !== 1) return;
    labels.forEach((negative, j) => {
      if (negative !== 0) return;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

function evaluate(model: tf.LayersModel, x: tf.Tensor, labels: number[]) {
  const logits = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
  const accuracy =
    labels.filter((label, index) => (logits[index] > 0 ? 1 : 0) === label).length / labels.length;
  return { accuracy, auc: auc(logits, labels) };
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('fine-tuning a contrastively pretrained CNN vs training it from scratch, 40 labels', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('the pretrained model ranks and classifies held-out findings better at the same labelled budget', async () => {
    // 1,000 unlabelled images to pretrain on, 40 labelled to train on, 300 held out (three sets, three seeds).
    const unlabelled = imagesOf(generateFindingImages({ seed: 1, count: 1000, size: SIZE }));
    const labelled = imagesOf(generateFindingImages({ seed: 2, count: 40, size: SIZE }));
    const heldOut = imagesOf(generateFindingImages({ seed: 3, count: 300, size: SIZE }));
    const y = tf.tensor2d(labelled.labels, [labelled.labels.length, 1]);

    // One pretraining run (labels never seen): SimCLR views shifted ±2 px, mirrored both ways,
    // exposure ±10 %, noise σ 0.03.
    const pretrained = backbone(100);
    const pretext = await pretrainContrastive(pretrained, unlabelled.x as tf.Tensor4D, {
      epochs: 8,
      seed: 1,
      batchSize: 64,
      learningRate: 2e-3,
      temperature: 0.2,
      flips: 'both',
    });
    const pretrainedWeights = pretrained.getWeights().map((weight) => weight.clone());

    // Both arms: 30 epochs over the 40 labelled images, batch 16, same seeds for order and head.
    const fineTuned: { accuracy: number; auc: number }[] = [];
    const scratch: { accuracy: number; auc: number }[] = [];
    for (const seed of SEEDS) {
      const start = backbone(seed);
      start.setWeights(pretrainedWeights);
      const { model } = await fineTune(
        start,
        { x: labelled.x, y },
        {
          head: { units: 1, seed },
          frozenEpochs: 10,
          unfrozenEpochs: 20,
          learningRate: 3e-3,
          unfrozenLearningRate: 1e-3,
          batchSize: 16,
          loss: 'sigmoidCrossEntropy',
          seed,
          progress: false,
        },
      );
      fineTuned.push(evaluate(model, heldOut.x, heldOut.labels));

      const fromScratch = backbone(seed);
      const logit = tf.layers
        .dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed }), name: 'head_logits' })
        .apply(fromScratch.outputs[0]) as tf.SymbolicTensor;
      const scratchModel = tf.model({ inputs: fromScratch.inputs, outputs: logit });
      await trainModel(
        scratchModel,
        { x: labelled.x, y },
        {
          epochs: 30,
          batchSize: 16,
          loss: 'sigmoidCrossEntropy',
          seed,
          learningRate: { kind: 'constant', rate: 3e-3 },
          progress: false,
        },
      );
      scratch.push(evaluate(scratchModel, heldOut.x, heldOut.labels));
    }

    const line = (name: string, runs: { accuracy: number; auc: number }[]) =>
      `${name}: AUC ${runs.map((run) => run.auc.toFixed(3)).join(' ')} (mean ${mean(runs.map((run) => run.auc)).toFixed(3)}), ` +
      `accuracy ${runs.map((run) => run.accuracy.toFixed(3)).join(' ')} (mean ${mean(runs.map((run) => run.accuracy)).toFixed(3)})`;
    console.log(
      `pretext: NT-Xent ${pretext.history[0].loss.toFixed(2)} → ${pretext.history.at(-1)!.loss.toFixed(2)} ` +
        `(ln 127 = 4.84 is chance), partner retrieval ${pretext.pretextAccuracy.toFixed(3)} (chance 1/127)\n` +
        `${line('fine-tuned from pretrained', fineTuned)}\n${line('from scratch              ', scratch)}`,
    );
    expect(mean(fineTuned.map((run) => run.auc))).toBeGreaterThan(mean(scratch.map((run) => run.auc)));
    expect(mean(fineTuned.map((run) => run.accuracy))).toBeGreaterThan(
      mean(scratch.map((run) => run.accuracy)),
    );
    tf.dispose([unlabelled.x, labelled.x, heldOut.x, y, ...pretrainedWeights]);
  });
});
