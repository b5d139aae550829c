import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  quantizeWeightData,
  WEIGHT_QUANTIZATIONS,
  type WeightQuantization,
} from '../compression/weight-quantization';

export const MODEL_FORMAT = 'deepworks-model/1';
const TOPOLOGY_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';
const MANIFEST_FILE = 'manifest.json';

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  createdAt: string;
  /** The tfjs backend the model was trained on (`wasm`, `tensorflow`, …). */
  backend: string;
  versions: { tfjs: string };
  files: ManifestFile[];
  /** How `weights.bin` stores float32 weights when not as float32; details per weight in `model.json`. */
  quantization?: WeightQuantization;
  /** Whatever the model needs besides weights: preprocessing, label map, metrics of its evaluation. */
  metadata: Record<string, unknown>;
}

export interface SaveModelOptions {
  /**
   * Store float32 weights as IEEE half floats (half the bytes) or 8-bit integers with a per-tensor
   * affine map (a quarter), in tfjs' own quantised-weights format: `loadModel` and tfjs' loaders
   * dequantise them. Default: float32, exact.
   */
  quantize?: WeightQuantization;
}

const SAVE_OPTIONS = ['quantize'];

export class ModelArtifactError extends Error {
  constructor(
    readonly directory: string,
    problem: string,
  ) {
    super(`model at ${directory}: ${problem}`);
    this.name = 'ModelArtifactError';
  }
}

/**
 * Writes `model.json` (tfjs Layers format, so tfjs' own `file://` loaders read it too), `weights.bin`
 * and `manifest.json` (sha256 and size of each file, backend, versions, metadata). Everything goes to
 * a sibling temporary directory first and is renamed into place, so `directory` never holds half a
 * model. `directory` must not exist yet: artifacts are immutable, a new version is a new directory.
 * With `options.quantize` the weights are stored quantised and the manifest records how.
 */
export async function saveModel(
  model: tf.LayersModel,
  directory: string,
  metadata: Record<string, unknown> = {},
  options: SaveModelOptions = {},
): Promise<ModelManifest> {
  const unknown = Object.keys(options).filter((key) => !SAVE_OPTIONS.includes(key));
  if (unknown.length > 0)
    throw new Error(`saveModel: unknown option ${unknown.join(', ')}; allowed: ${SAVE_OPTIONS.join(', ')}`);
  if (options.quantize !== undefined && !WEIGHT_QUANTIZATIONS.includes(options.quantize))
    throw new Error(
      `saveModel: quantize must be one of ${WEIGHT_QUANTIZATIONS.join(', ')}, got ${String(options.quantize)}`,
    );
  if (existsSync(directory))
    throw new ModelArtifactError(directory, 'already exists; models are never overwritten');
  const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve, reject) => {
    model
      .save(
        tf.io.withSaveHandler(async (saved) => {
          resolve(saved);
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      )
      .catch(reject);
  });
  const float32Weights = Buffer.concat(
    (Array.isArray(artifacts.weightData)
      ? artifacts.weightData
      : [artifacts.weightData ?? new ArrayBuffer(0)]
    ).map((part) => Buffer.from(part)),
  );
  const { specs, data: weights } = options.quantize
    ? quantizeWeightData(artifacts.weightSpecs ?? [], float32Weights, options.quantize)
    : { specs: artifacts.weightSpecs ?? [], data: float32Weights };
  const topology = Buffer.from(
    JSON.stringify({
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: specs }],
    }),
  );
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    createdAt: new Date().toISOString(),
    backend: tf.getBackend(),
    versions: { tfjs: tf.version.tfjs },
    files: [describeFile(TOPOLOGY_FILE, topology), describeFile(WEIGHTS_FILE, weights)],
    ...(options.quantize ? { quantization: options.quantize } : {}),
    metadata,
  };
  const staging = join(dirname(directory), `.${basename(directory)}.staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(join(staging, TOPOLOGY_FILE), topology);
    await writeFile(join(staging, WEIGHTS_FILE), weights);
    await writeFile(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    await rename(staging, directory);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}

/**
 * Loads a model saved by `saveModel`, refusing one whose files are missing, truncated or altered.
 * Quantised weights come back as float32 (tfjs decodes the `quantization` of each weight spec).
 */
export async function loadModel(
  directory: string,
): Promise<{ model: tf.LayersModel; manifest: ModelManifest }> {
  const manifest = await readManifest(directory);
  const contents = new Map<string, Buffer>();
  for (const file of manifest.files) contents.set(file.name, await verifiedFile(directory, file));
  let topology: { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  try {
    topology = JSON.parse(contents.get(TOPOLOGY_FILE)!.toString('utf8'));
  } catch {
    throw new ModelArtifactError(directory, `${TOPOLOGY_FILE} is not valid JSON`);
  }
  const weights = contents.get(WEIGHTS_FILE)!;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: topology.modelTopology,
      weightSpecs: topology.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  return { model, manifest };
}

export async function readManifest(directory: string): Promise<ModelManifest> {
  const path = join(directory, MANIFEST_FILE);
  if (!existsSync(path))
    throw new ModelArtifactError(directory, `${MANIFEST_FILE} is missing (not a saved model)`);
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as ModelManifest;
  } catch {
    throw new ModelArtifactError(directory, `${MANIFEST_FILE} is not valid JSON`);
  }
  if (manifest.format !== MODEL_FORMAT) {
    throw new ModelArtifactError(directory, `format "${String(manifest.format)}" is not ${MODEL_FORMAT}`);
  }
  if (manifest.quantization !== undefined && !WEIGHT_QUANTIZATIONS.includes(manifest.quantization)) {
    throw new ModelArtifactError(directory, `quantization "${String(manifest.quantization)}" is not known`);
  }
  const names = new Set(manifest.files?.map((file) => file.name));
  if (!names.has(TOPOLOGY_FILE) || !names.has(WEIGHTS_FILE)) {
    throw new ModelArtifactError(
      directory,
      `${MANIFEST_FILE} must list ${TOPOLOGY_FILE} and ${WEIGHTS_FILE}`,
    );
  }
  return manifest;
}

async function verifiedFile(directory: string, file: ManifestFile): Promise<Buffer> {
  if (file.name !== basename(file.name))
    throw new ModelArtifactError(directory, `file name "${file.name}" is not allowed`);
  const path = join(directory, file.name);
  if (!existsSync(path)) throw new ModelArtifactError(directory, `${file.name} is missing`);
  const size = (await stat(path)).size;
  if (size !== file.bytes) {
    throw new ModelArtifactError(
      directory,
      `${file.name} has ${size} bytes, the manifest says ${file.bytes} (truncated or replaced)`,
    );
  }
  const content = await readFile(path);
  if (sha256(content) !== file.sha256) {
    throw new ModelArtifactError(
      directory,
      `${file.name} does not match its sha256 in the manifest (altered or corrupted)`,
    );
  }
  return content;
}

function describeFile(name: string, content: Buffer): ManifestFile {
  return { name, bytes: content.byteLength, sha256: sha256(content) };
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
