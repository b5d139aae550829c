import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../backend/resolve-backend';
import { compressionReport } from '../compression/compression.report';
import { trainModel } from '../training/trainer';
import { loadModel, ModelArtifactError, saveModel } from './model-artifacts';

function smallModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

describe('saveModel / loadModel', () => {
  let root: string;
  beforeAll(async () => {
    await resolveBackend('wasm');
    root = await mkdtemp(join(tmpdir(), 'deepworks-model-io-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('round-trips a model: same predictions, manifest with checksums, backend and metadata', async () => {
    const model = smallModel();
    const directory = join(root, 'v1');
    const manifest = await saveModel(model, directory, { labels: ['a', 'b', 'c'] });
    expect(manifest.backend).toBe('wasm');
    expect(manifest.files.map((file) => file.name)).toEqual(['model.json', 'weights.bin']);
    // 4·8 + 8 + 8·3 + 3 = 67 float32 weights
    expect(manifest.files[1].bytes).toBe(67 * 4);
    expect((await readdir(root)).sort()).toEqual(['v1']);

    const { model: loaded, manifest: read } = await loadModel(directory);
    expect(read.metadata).toEqual({ labels: ['a', 'b', 'c'] });
    const input = tf.tensor2d([[0.1, -0.2, 0.3, 0.4]]);
    const expected = model.predict(input) as tf.Tensor;
    const actual = loaded.predict(input) as tf.Tensor;
    expect(Array.from(await actual.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([input, expected, actual]);
  });

  it('never overwrites a saved model', async () => {
    await saveModel(smallModel(), join(root, 'fixed'));
    await expect(saveModel(smallModel(), join(root, 'fixed'))).rejects.toThrow(/already exists/);
  });

  it('refuses truncated weights', async () => {
    const directory = join(root, 'truncated');
    await saveModel(smallModel(), directory);
    await truncate(join(directory, 'weights.bin'), 100);
    await expect(loadModel(directory)).rejects.toThrow(/weights.bin has 100 bytes, the manifest says 268/);
  });

  it('refuses altered weights of the right size', async () => {
    const directory = join(root, 'tampered');
    await saveModel(smallModel(), directory);
    const weights = await readFile(join(directory, 'weights.bin'));
    weights[10] ^= 0xff;
    await writeFile(join(directory, 'weights.bin'), weights);
    const load = loadModel(directory);
    await expect(load).rejects.toBeInstanceOf(ModelArtifactError);
    await expect(loadModel(directory)).rejects.toThrow(/does not match its sha256/);
  });

  it('refuses a directory without a manifest, and a manifest naming files outside the model', async () => {
    await expect(loadModel(join(root, 'nowhere'))).rejects.toThrow(/manifest.json is missing/);
    const directory = join(root, 'escape');
    await saveModel(smallModel(), directory);
    const manifest = JSON.parse(await readFile(join(directory, 'manifest.json'), 'utf8'));
    manifest.files[1].name = '../../etc/passwd';
    await writeFile(join(directory, 'manifest.json'), JSON.stringify(manifest));
    await expect(loadModel(directory)).rejects.toThrow(/must list model.json and weights.bin|is not allowed/);
    expect(existsSync(join(directory, 'model.json'))).toBe(true);
  });
});

describe('saveModel / loadModel with quantised weights', () => {
  let root: string;
  beforeAll(async () => {
    await resolveBackend('wasm');
    root = await mkdtemp(join(tmpdir(), 'deepworks-model-io-quantised-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  /** A 2-D, 3-class toy problem (class = the sector of the angle), and an MLP trained on it. */
  async function trainedToy() {
    const points = Array.from({ length: 600 }, (_, index) => [
      Math.cos(index * 2.399) * (0.3 + (index % 7) / 7),
      Math.sin(index * 2.399) * (0.3 + (index % 7) / 7),
    ]);
    const labels = points.map(([x, y]) => Math.floor(((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * 3) % 3);
    const x = tf.tensor2d(points);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({
          inputShape: [2],
          units: 64,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.dense({
          units: 64,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
        }),
        tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    await trainModel(
      model,
      { x, y },
      {
        epochs: 30,
        batchSize: 32,
        loss: 'softmaxCrossEntropy',
        seed: 1,
        learningRate: { kind: 'constant', rate: 1e-2 },
        progress: false,
      },
    );
    return { model, x, labels };
  }

  const accuracy = (model: tf.LayersModel, x: tf.Tensor, labels: number[]) => {
    const predicted = tf.tidy(() => tf.argMax(model.predict(x) as tf.Tensor, -1).dataSync());
    return labels.filter((label, index) => predicted[index] === label).length / labels.length;
  };

  it('stores float16 and uint8 weights in half and a quarter of the bytes, loads them back close', async () => {
    const { model, x, labels } = await trainedToy();
    // 2·64 + 64 + 64·64 + 64 + 64·3 + 3 = 4,547 weights
    const weightCount = 4547;
    const exact = await saveModel(model, join(root, 'float32'));
    const halves = await saveModel(model, join(root, 'float16'), { run: 1 }, { quantize: 'float16' });
    const bytes = await saveModel(model, join(root, 'uint8'), {}, { quantize: 'uint8' });
    expect(exact.files[1].bytes).toBe(weightCount * 4);
    expect(halves.files[1].bytes).toBe(weightCount * 2);
    expect(bytes.files[1].bytes).toBe(weightCount);
    expect(halves.quantization).toBe('float16');
    expect(bytes.quantization).toBe('uint8');
    expect(exact.quantization).toBeUndefined();

    const reference = accuracy(model, x, labels);
    const logits = (model.predict(x) as tf.Tensor).dataSync();
    const results: string[] = [];
    for (const [name, manifest, tolerance] of [
      ['float16', halves, 0.01],
      ['uint8', bytes, 0.2],
    ] as const) {
      const { model: loaded, manifest: read } = await loadModel(join(root, name));
      expect(read.quantization).toBe(name);
      const loadedLogits = (loaded.predict(x) as tf.Tensor).dataSync();
      const maxDifference = Math.max(
        ...Array.from(logits, (value, index) => Math.abs(value - loadedLogits[index])),
      );
      const report = compressionReport({
        before: { manifest: exact, metric: reference },
        after: { manifest, metric: accuracy(loaded, x, labels) },
      });
      results.push(
        `${name}: ${report.bytesAfter} bytes (×${report.ratio.toFixed(2)} smaller), accuracy ${report.metricBefore!.toFixed(3)} → ${report.metricAfter!.toFixed(3)} (Δ ${report.metricDelta!.toFixed(3)}), max |Δlogit| ${maxDifference.toExponential(2)}`,
      );
      expect(maxDifference).toBeLessThan(tolerance);
      expect(Math.abs(report.metricDelta!)).toBeLessThanOrEqual(0.02);
    }
    console.log(
      `quantised save of a ${reference.toFixed(3)}-accuracy MLP (float32 ${exact.files[1].bytes} weight bytes):\n  ${results.join('\n  ')}`,
    );
  });

  it('refuses quantised weights that were altered, and unknown quantisations', async () => {
    const directory = join(root, 'uint8-tampered');
    await saveModel(smallModel(), directory, {}, { quantize: 'uint8' });
    const weights = await readFile(join(directory, 'weights.bin'));
    weights[5] ^= 0x01;
    await writeFile(join(directory, 'weights.bin'), weights);
    await expect(loadModel(directory)).rejects.toThrow(/weights.bin does not match its sha256/);
    await expect(
      saveModel(smallModel(), join(root, 'int4'), {}, { quantize: 'int4' as never }),
    ).rejects.toThrow(/quantize must be one of float16, uint8/);
    await expect(
      saveModel(smallModel(), join(root, 'x'), {}, { quantise: 'uint8' } as never),
    ).rejects.toThrow(/unknown option quantise; allowed: quantize/);
  });
});
