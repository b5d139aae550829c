import { generateFindingImages } from '@deepworks/demo-data';
import { resolveBackend, tf } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageSet } from '../datasets/medmnist.dataset';
import { trainTriageClassifier } from './triage-classifier.trainer';
import { TriageClassifier } from './triage-classifier';

function findingSet(seed: number, count: number): ImageSet {
  const images = generateFindingImages({ seed, count });
  const pixels = new Uint8Array(count * 28 * 28);
  images.forEach((image, index) => pixels.set(image.pixels, index * 28 * 28));
  return {
    count,
    height: 28,
    width: 28,
    channels: 1,
    pixels,
    labels: Int32Array.from(images, (image) => (image.label === 'finding' ? 1 : 0)),
  };
}

describe('trainTriageClassifier', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('pretrains, fine-tunes, calibrates and picks a threshold on validation, leaving no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const { model, metadata } = await trainTriageClassifier(findingSet(1, 200), findingSet(2, 80), {
      epochs: 3,
      batchSize: 32,
      pretrainEpochs: 1,
      classNames: ['normal', 'finding'],
      seed: 5,
    });
    expect(metadata).toMatchObject({
      kind: 'deepworks.triage-classifier',
      classNames: ['normal', 'finding'],
      normalClass: 0,
      training: { pretrainEpochs: 1, trainCount: 200 },
    });
    expect(metadata.temperature).toBeGreaterThan(0);
    // The threshold is chosen for 95 % sensitivity on the validation split it was fitted on.
    expect(metadata.validation.sensitivity).toBeGreaterThanOrEqual(0.95);
    expect(metadata.validation.n).toBe(80);
    const classifier = new TriageClassifier(model, metadata);
    const test = findingSet(3, 40);
    const evaluation = classifier.evaluate(test);
    expect(evaluation.n).toBe(40);
    expect(evaluation.threshold).toBe(metadata.threshold);
    const score = classifier.score({
      width: 28,
      height: 28,
      channels: 1,
      data: test.pixels.subarray(0, 784),
    });
    expect(score.probabilities.normal + score.probabilities.finding).toBeCloseTo(1, 5);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
