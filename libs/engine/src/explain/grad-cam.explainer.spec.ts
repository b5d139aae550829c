import * as tf from '@tensorflow/tfjs';
import { type FindingImage, generateFindingImages } from '@deepworks/demo-data';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../backend/resolve-backend';
import { trainModel } from '../training/trainer';
import { gradCam, gradientSaliency } from './grad-cam.explainer';
import { heatmapOverlayPng } from './heatmap-overlay.renderer';

const SIZE = 28;

/** Pixels scaled to about zero mean, unit spread ((v / 255 − 0.6) / 0.2): unscaled, the CNN barely learns. */
function tensorOf(images: FindingImage[]): tf.Tensor4D {
  const pixels = new Float32Array(images.length * SIZE * SIZE);
  images.forEach((image, index) =>
    image.pixels.forEach(
      (value, offset) => (pixels[index * SIZE * SIZE + offset] = (value / 255 - 0.6) / 0.2),
    ),
  );
  return tf.tensor4d(pixels, [images.length, SIZE, SIZE, 1]);
}

/** conv 8 (28²) → BN → pool → conv 16 (14²) → BN → pool → conv 32 (7², explained) → global average → 'finding' logit. */
function smallCnn(): tf.LayersModel {
  const conv = (filters: number, seed: number, name: string) =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.heNormal({ seed }),
      name,
    });
  const input = tf.input({ shape: [SIZE, SIZE, 1] });
  const layers = [
    conv(8, 1, 'conv1'),
    tf.layers.batchNormalization({ name: 'bn1' }),
    tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
    conv(16, 2, 'conv2'),
    tf.layers.batchNormalization({ name: 'bn2' }),
    tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
    conv(32, 4, 'conv3'),
    tf.layers.globalAveragePooling2d({ name: 'features' }),
    tf.layers.dense({
      units: 1,
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
      name: 'logit',
    }),
  ];
  const output = layers.reduce<tf.SymbolicTensor>((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
  return tf.model({ inputs: input, outputs: output });
}

/** Pixels (centres) within `radius` of the finding's centre: where a peak counts as a hit. */
function discArea(finding: { x: number; y: number }, radius: number): number {
  let inside = 0;
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) if ((x - finding.x) ** 2 + (y - finding.y) ** 2 <= radius ** 2) inside++;
  return inside;
}

describe('Grad-CAM on a CNN trained to spot findings', () => {
  let model: tf.LayersModel;
  let heldOut: FindingImage[];
  beforeAll(async () => {
    await resolveBackend('wasm');
    const train = generateFindingImages({ seed: 21, count: 600, size: SIZE });
    const x = tensorOf(train);
    const y = tf.tensor2d(train.map((image) => [image.label === 'finding' ? 1 : 0]));
    model = smallCnn();
    await trainModel(
      model,
      { x, y },
      {
        epochs: 12,
        batchSize: 32,
        loss: 'sigmoidCrossEntropy',
        seed: 1,
        learningRate: { kind: 'constant', rate: 3e-3 },
        progress: false,
      },
    );
    tf.dispose([x, y]);
    heldOut = generateFindingImages({ seed: 22, count: 300, size: SIZE });
  });

  it('peaks on the finding far more often than chance', () => {
    const x = tensorOf(heldOut);
    const logits = (model.predict(x) as tf.Tensor).dataSync();
    x.dispose();
    const accuracy =
      heldOut.filter((image, index) => logits[index] > 0 === (image.label === 'finding')).length /
      heldOut.length;

    const findings = heldOut.filter((image) => image.label === 'finding');
    const margin = 2;
    let camHits = 0;
    let saliencyHits = 0;
    let chance = 0;
    for (const image of findings) {
      const finding = image.finding!;
      const within = (point: { x: number; y: number }) =>
        (point.x - finding.x) ** 2 + (point.y - finding.y) ** 2 <= (finding.radius + margin) ** 2;
      const input = tensorOf([image]);
      const cam = gradCam(model, input, { layerName: 'conv3', classIndex: 0 });
      expect([cam.width, cam.height, cam.heatmap.length]).toEqual([SIZE, SIZE, SIZE * SIZE]);
      expect(Math.max(...cam.heatmap)).toBe(1);
      expect(Math.min(...cam.heatmap)).toBeGreaterThanOrEqual(0);
      if (within(cam.peak)) camHits++;
      if (within(gradientSaliency(model, input, 0).peak)) saliencyHits++;
      // A peak dropped uniformly at random lands in the disc with probability area / 784.
      chance += discArea(finding, finding.radius + margin) / (SIZE * SIZE);
      input.dispose();
    }
    const camRate = camHits / findings.length;
    const saliencyRate = saliencyHits / findings.length;
    const chanceRate = chance / findings.length;
    console.log(
      `Grad-CAM (conv3, 7×7): classifier accuracy ${accuracy.toFixed(3)} on 300 held-out images; peak within ` +
        `radius + ${margin} px on ${camHits}/${findings.length} findings = ${camRate.toFixed(3)} vs chance ` +
        `${chanceRate.toFixed(3)} (×${(camRate / chanceRate).toFixed(1)}); gradient saliency ${saliencyRate.toFixed(3)} ` +
        `(×${(saliencyRate / chanceRate).toFixed(1)})`,
    );
    expect(accuracy).toBeGreaterThan(0.8);
    expect(camRate).toBeGreaterThan(2 * chanceRate);
    expect(saliencyRate).toBeGreaterThan(2 * chanceRate);
  });

  it('draws the heatmap over the image as a PNG of the image size', () => {
    const image = heldOut.find((candidate) => candidate.label === 'finding')!;
    const input = tensorOf([image]);
    const tensorsBefore = tf.memory().numTensors;
    const { heatmap, peak } = gradCam(model, input, { layerName: 'conv3' });
    gradientSaliency(model, input);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const png = PNG.sync.read(heatmapOverlayPng(image.pixels, SIZE, SIZE, heatmap, { alpha: 0.6 }));
    expect([png.width, png.height]).toEqual([SIZE, SIZE]);
    // Where the heat is 0 the image shows through unchanged (gray: r = g = b = the pixel).
    const cold = heatmap.findIndex((value) => value === 0);
    expect(cold).toBeGreaterThanOrEqual(0);
    expect(Array.from(png.data.subarray(cold * 4, cold * 4 + 3))).toEqual(
      new Array(3).fill(image.pixels[cold]),
    );
    // At the peak, heat 1: jet's dark red (128, 0, 0) at 60 % over the gray pixel g.
    const at = (peak.y * SIZE + peak.x) * 4;
    const gray = image.pixels[peak.y * SIZE + peak.x];
    expect(Array.from(png.data.subarray(at, at + 3))).toEqual([
      Math.round(gray * 0.4 + 128 * 0.6),
      Math.round(gray * 0.4),
      Math.round(gray * 0.4),
    ]);
    expect(() => heatmapOverlayPng(image.pixels, SIZE, SIZE, new Float32Array(10))).toThrow(
      /heatmap has 10 values/,
    );
    expect(() => gradCam(model, input, { layerName: 'logit' })).toThrow(/must output \[1, h, w, channels\]/);
    expect(() => gradCam(model, input, { layerName: 'nope' })).toThrow(/no layer "nope"/);
    input.dispose();
  });
});
