import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { tf } from '@deepworks/engine';

const BYTES_PER_VALUE: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

interface WeightsGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

/**
 * Loads a tfjs Layers model from a directory holding `model.json` and its weight shards — the format
 * `tensorflowjs_converter --input_format keras` writes and `model.save('file://…')` produces — with
 * no network and no hub. Each weights group's shards are read in order and concatenated (the
 * converter cuts one group's bytes into fixed-size shards); every shard must exist inside the
 * directory and the bytes must add up to what the weight specs (shape × bytes per value, quantised
 * ones included) say, else the error says which group and file.
 */
export async function loadLayersModelFromDir(directory: string): Promise<tf.LayersModel> {
  const topologyPath = join(directory, 'model.json');
  if (!existsSync(topologyPath)) throw new Error(`loadLayersModelFromDir: ${topologyPath} does not exist`);
  const parsed = parseModelJson(await readFile(topologyPath, 'utf8'), topologyPath);
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const parts: Buffer[] = [];
  for (const [groupIndex, group] of parsed.groups.entries()) {
    const where = `weights group ${groupIndex + 1} of ${topologyPath}`;
    const expected = group.weights.reduce((sum, spec) => sum + specBytes(spec, where), 0);
    const shards: Buffer[] = [];
    for (const path of group.paths) {
      const file = resolve(directory, decodeURIComponent(path));
      const inside = relative(resolve(directory), file);
      if (inside.startsWith('..') || isAbsolute(inside))
        throw new Error(`loadLayersModelFromDir: ${where} names "${path}", outside ${directory}`);
      if (!existsSync(file) || !(await stat(file)).isFile())
        throw new Error(`loadLayersModelFromDir: shard "${path}" of ${where} is missing`);
      shards.push(await readFile(file));
    }
    const found = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
    if (found !== expected) {
      const sizes = group.paths.map((path, index) => `${path}: ${shards[index].byteLength}`).join(', ');
      throw new Error(
        `loadLayersModelFromDir: ${where} specifies ${expected} bytes of weights but its shards hold ${found} (${sizes}); a shard is truncated, extra or from another model`,
      );
    }
    weightSpecs.push(...group.weights);
    parts.push(...shards);
  }
  const weights = Buffer.concat(parts);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: parsed.modelTopology,
      weightSpecs,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      format: parsed.format,
      generatedBy: parsed.generatedBy,
      convertedBy: parsed.convertedBy,
    }),
  );
}

function parseModelJson(
  text: string,
  path: string,
): {
  modelTopology: object;
  groups: WeightsGroup[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`loadLayersModelFromDir: ${path} is not valid JSON`);
  }
  if (!isRecord(json)) throw new Error(`loadLayersModelFromDir: ${path} is not a JSON object`);
  if (json.format === 'graph-model')
    throw new Error(
      `loadLayersModelFromDir: ${path} is a graph model (tf.loadGraphModel), not a Layers model`,
    );
  if (!isRecord(json.modelTopology))
    throw new Error(`loadLayersModelFromDir: ${path} has no modelTopology object`);
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest))
    throw new Error(`loadLayersModelFromDir: weightsManifest of ${path} is not a list`);
  const groups = manifest.map((group: unknown, index): WeightsGroup => {
    if (
      !isRecord(group) ||
      !Array.isArray(group.paths) ||
      !group.paths.every((entry) => typeof entry === 'string') ||
      !Array.isArray(group.weights)
    )
      throw new Error(
        `loadLayersModelFromDir: weights group ${index + 1} of ${path} needs "paths" and "weights" lists`,
      );
    return { paths: group.paths as string[], weights: group.weights as tf.io.WeightsManifestEntry[] };
  });
  return {
    modelTopology: json.modelTopology,
    groups,
    format: typeof json.format === 'string' ? json.format : undefined,
    generatedBy: typeof json.generatedBy === 'string' ? json.generatedBy : undefined,
    convertedBy: typeof json.convertedBy === 'string' ? json.convertedBy : null,
  };
}

function specBytes(spec: tf.io.WeightsManifestEntry, where: string): number {
  if (!isRecord(spec) || typeof spec.name !== 'string' || !Array.isArray(spec.shape))
    throw new Error(`loadLayersModelFromDir: ${where} has a weight spec without name or shape`);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES_PER_VALUE[dtype];
  if (bytes === undefined)
    throw new Error(
      `loadLayersModelFromDir: weight "${spec.name}" in ${where} has dtype ${dtype}, which Layers weights never have`,
    );
  return spec.shape.reduce((product, dim) => product * dim, 1) * bytes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
