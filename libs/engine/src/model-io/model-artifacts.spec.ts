import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../backend/resolve-backend';
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
