import { mkdir, mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float32ToFloat16, resolveBackend, tf } from '@deepworks/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayersModelFromDir } from './layers-model.loader';

function smallModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [5, 5, 1], filters: 3, kernelSize: 3, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2 }),
    ],
  });
}

/** What `model.save` hands a save handler: topology, weight specs and one concatenated buffer. */
async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** Writes a converter-style directory: model.json and the weights cut into `shards` files. */
async function writeConverted(
  directory: string,
  artifacts: tf.io.ModelArtifacts,
  shards: number,
  weightData: Buffer = Buffer.from(artifacts.weightData as ArrayBuffer),
  weightSpecs = artifacts.weightSpecs!,
) {
  await mkdir(directory, { recursive: true });
  const shardBytes = Math.ceil(weightData.byteLength / shards);
  const paths: string[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const path = `group1-shard${shard + 1}of${shards}.bin`;
    paths.push(path);
    await writeFile(join(directory, path), weightData.subarray(shard * shardBytes, (shard + 1) * shardBytes));
  }
  await writeFile(
    join(directory, 'model.json'),
    JSON.stringify({
      format: 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths, weights: weightSpecs }],
    }),
  );
}

describe('loadLayersModelFromDir', () => {
  let root: string;
  beforeAll(async () => {
    await resolveBackend('wasm');
    root = await mkdtemp(join(tmpdir(), 'deepworks-layers-loader-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('loads model.json with its weights in three shards: same predictions', async () => {
    const model = smallModel();
    const directory = join(root, 'sharded');
    await writeConverted(directory, await artifactsOf(model), 3);
    const loaded = await loadLayersModelFromDir(directory);
    const input = tf.randomNormal([2, 5, 5, 1], 0, 1, 'float32', 7);
    const expected = (model.predict(input) as tf.Tensor).dataSync();
    expect(Array.from((loaded.predict(input) as tf.Tensor).dataSync())).toEqual(Array.from(expected));
  });

  it('decodes float16-quantised weights as the converter writes them', async () => {
    const model = smallModel();
    const artifacts = await artifactsOf(model);
    const halves = float32ToFloat16(new Float32Array(artifacts.weightData as ArrayBuffer));
    const specs = artifacts.weightSpecs!.map((spec) => ({
      ...spec,
      quantization: { dtype: 'float16' as const },
    }));
    const directory = join(root, 'float16');
    await writeConverted(directory, artifacts, 2, Buffer.from(halves.buffer), specs);
    const loaded = await loadLayersModelFromDir(directory);
    const original = model.getWeights()[0].dataSync();
    const decoded = loaded.getWeights()[0].dataSync();
    // binary16 keeps 11 significant bits: relative error ≤ 2⁻¹¹ for weights of glorot size.
    original.forEach((value, index) =>
      expect(Math.abs(decoded[index] - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11 + 1e-7),
    );
  });

  it('says which shard is missing, truncated or outside the directory', async () => {
    const artifacts = await artifactsOf(smallModel());
    const missing = join(root, 'missing');
    await writeConverted(missing, artifacts, 3);
    await unlink(join(missing, 'group1-shard2of3.bin'));
    await expect(loadLayersModelFromDir(missing)).rejects.toThrow(
      /shard "group1-shard2of3.bin" of weights group 1 .* is missing/,
    );

    // conv 3·3·1·3 + 3 = 30, dense 27·2 + 2 = 56: 86 float32 = 344 bytes
    const truncated = join(root, 'truncated');
    await writeConverted(truncated, artifacts, 3);
    await truncate(join(truncated, 'group1-shard3of3.bin'), 10);
    await expect(loadLayersModelFromDir(truncated)).rejects.toThrow(
      /specifies 344 bytes of weights but its shards hold 240/,
    );

    const escaping = join(root, 'escaping');
    await writeConverted(escaping, artifacts, 1);
    await writeFile(
      join(escaping, 'model.json'),
      JSON.stringify({
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['../sharded/group1-shard1of3.bin'], weights: [] }],
      }),
    );
    await expect(loadLayersModelFromDir(escaping)).rejects.toThrow(/outside/);
    await expect(loadLayersModelFromDir(join(root, 'nowhere'))).rejects.toThrow(/model.json does not exist/);
    await writeFile(
      join(escaping, 'model.json'),
      JSON.stringify({ format: 'graph-model', modelTopology: {} }),
    );
    await expect(loadLayersModelFromDir(escaping)).rejects.toThrow(/is a graph model/);
  });
});
