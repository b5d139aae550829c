import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { ItemTextIndex } from './item-text.index';
import {
  type ModelItem,
  RecommendationModel,
  type RecommendationModelParts,
  type ScorerKind,
} from './recommendation.model';
import type { SparseRows } from './sparse-rows.matrix';

export const ARTIFACT_FORMAT = 'deepworks.recommender.v1';

/** What metadata.json says about a trained model, besides the arrays. */
export interface ArtifactDescription {
  /** The training request's model name (`ease`, `itemknn`, `popularity`). */
  model: string;
  /** The fitted model's own description, e.g. `ease(lambda=500)`. */
  description: string;
  parameters: Record<string, number>;
  coldStart: Record<string, number> | null;
  /** Factor applied to text cosines by the cold-start blend (null without it). */
  textScale: number | null;
  eventWeights: Record<string, number>;
  /** Id of the newest event training read: serving adds a user's later events on top. */
  lastEventId: string;
  /** When training read the catalogue: serving appends items created since (by their text). */
  catalogueAt: string;
  trainedAt: string;
  metrics: Record<string, number>;
}

export interface ArtifactMetadata extends ArtifactDescription {
  format: typeof ARTIFACT_FORMAT;
  byteOrder: 'little-endian';
  kind: ScorerKind;
  itemCount: number;
  userCount: number;
  termCount: number;
  /** Width of the factor matrices (factors models). */
  dimension: number | null;
}

export interface LoadedArtifact {
  model: RecommendationModel;
  metadata: ArtifactMetadata;
}

/**
 * Writes a model as a directory: metadata.json, items.json (id, title, category in index order),
 * users.json, every sparse matrix as three little-endian binary files (`<name>.pointers.i32`,
 * `.indices.i32`, `.values.f32`) and factor matrices as dense row-major `.f32` files: loading is a
 * read and a typed-array view, no parsing of numbers.
 */
export async function writeModelArtifact(
  dir: string,
  model: RecommendationModel,
  description: ArtifactDescription,
): Promise<ArtifactMetadata> {
  assertLittleEndian();
  const { parts } = model;
  await mkdir(dir, { recursive: true });
  const metadata: ArtifactMetadata = {
    format: ARTIFACT_FORMAT,
    byteOrder: 'little-endian',
    kind: parts.kind,
    itemCount: parts.items.length,
    userCount: parts.userIds.length,
    termCount: parts.text.vectorizer.dimension,
    dimension: parts.factors?.dimension ?? null,
    ...description,
  };
  await writeFile(join(dir, 'metadata.json'), JSON.stringify(metadata, null, 2));
  await writeFile(join(dir, 'items.json'), JSON.stringify(parts.items));
  await writeFile(join(dir, 'users.json'), JSON.stringify(parts.userIds));
  await writeFile(join(dir, 'text-vectorizer.json'), JSON.stringify(parts.text.vectorizer.toJSON()));
  await writeFile(join(dir, 'popularity.f32'), bytesOf(parts.popularity));
  await writeRows(dir, 'histories', parts.histories);
  await writeRows(dir, 'text-vectors', parts.text.vectors);
  if (parts.weights) await writeRows(dir, 'weights', parts.weights);
  if (parts.factors) {
    await writeFile(join(dir, 'user-factors.f32'), bytesOf(parts.factors.userFactors));
    await writeFile(join(dir, 'item-factors.f32'), bytesOf(parts.factors.itemFactors));
    await writeFile(join(dir, 'item-biases.f32'), bytesOf(parts.factors.itemBiases));
  }
  return metadata;
}

export async function readModelArtifact(dir: string): Promise<LoadedArtifact> {
  assertLittleEndian();
  const metadata = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')) as ArtifactMetadata;
  if (metadata.format !== ARTIFACT_FORMAT) {
    throw new Error(`${dir}: format "${String(metadata.format)}" is not ${ARTIFACT_FORMAT}`);
  }
  const items = JSON.parse(await readFile(join(dir, 'items.json'), 'utf8')) as ModelItem[];
  const userIds = JSON.parse(await readFile(join(dir, 'users.json'), 'utf8')) as string[];
  const vectorizer: unknown = JSON.parse(await readFile(join(dir, 'text-vectorizer.json'), 'utf8'));
  const parts: RecommendationModelParts = {
    kind: metadata.kind,
    items,
    userIds,
    histories: await readRows(dir, 'histories', userIds.length, items.length),
    weights:
      metadata.kind === 'item-item' ? await readRows(dir, 'weights', items.length, items.length) : null,
    factors:
      metadata.kind === 'factors' && metadata.dimension !== null
        ? {
            dimension: metadata.dimension,
            userFactors: new Float32Array(await readAligned(join(dir, 'user-factors.f32'))),
            itemFactors: new Float32Array(await readAligned(join(dir, 'item-factors.f32'))),
            itemBiases: new Float32Array(await readAligned(join(dir, 'item-biases.f32'))),
          }
        : null,
    popularity: new Float32Array(await readAligned(join(dir, 'popularity.f32'))),
    text: ItemTextIndex.fromParts(
      vectorizer,
      await readRows(dir, 'text-vectors', items.length, metadata.termCount),
    ),
  };
  if (parts.popularity.length !== items.length)
    throw new Error(`${dir}: popularity does not cover the items`);
  return { model: new RecommendationModel(parts), metadata };
}

async function writeRows(dir: string, name: string, rows: SparseRows): Promise<void> {
  await writeFile(join(dir, `${name}.pointers.i32`), bytesOf(rows.pointers));
  await writeFile(join(dir, `${name}.indices.i32`), bytesOf(rows.indices));
  await writeFile(join(dir, `${name}.values.f32`), bytesOf(rows.values));
}

async function readRows(
  dir: string,
  name: string,
  rowCount: number,
  columnCount: number,
): Promise<SparseRows> {
  const pointers = new Int32Array(await readAligned(join(dir, `${name}.pointers.i32`)));
  const indices = new Int32Array(await readAligned(join(dir, `${name}.indices.i32`)));
  const values = new Float32Array(await readAligned(join(dir, `${name}.values.f32`)));
  if (
    pointers.length !== rowCount + 1 ||
    indices.length !== values.length ||
    pointers[rowCount] !== values.length
  ) {
    throw new Error(`${dir}: ${name} is not a ${rowCount}-row sparse matrix`);
  }
  for (const column of indices) {
    if (column < 0 || column >= columnCount)
      throw new Error(`${dir}: ${name} has a column outside 0..${columnCount}`);
  }
  return { rowCount, columnCount, pointers, indices, values };
}

function bytesOf(array: Int32Array | Float32Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** A file's bytes in a buffer of their own (typed arrays need 4-byte alignment; a Buffer may be pooled). */
async function readAligned(path: string): Promise<ArrayBuffer> {
  const bytes = await readFile(path);
  if (bytes.byteLength % 4 !== 0)
    throw new Error(`${path}: ${bytes.byteLength} bytes is not a whole number of 4-byte values`);
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('model artifacts are little-endian; this machine is not');
}
