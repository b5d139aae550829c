import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** Everything besides tensors that a resumed run needs to continue exactly where it stopped. */
export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  /** Optimiser steps taken (drives the learning-rate schedule). */
  step: number;
  seed: number;
  bestValue: number | null;
  bestEpoch: number | null;
  epochsWithoutImprovement: number;
  history: EpochRecord[];
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  learningRate: number;
  seconds: number;
  samplesPerSecond: number;
  [metric: string]: number;
}

interface CheckpointFile {
  state: TrainingState;
  model: tf.io.WeightsManifestEntry[];
  optimizer: tf.io.WeightsManifestEntry[];
}

/**
 * Model weights, optimiser slots (Adam's moments and step count) and the run's state, written to a
 * staging directory and renamed over the previous checkpoint, so a crash leaves either the old or the
 * new one whole.
 */
export async function saveCheckpoint(
  directory: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: TrainingState,
): Promise<void> {
  const modelWeights = model.weights.map((weight, index) => ({
    name: `model/${index}`,
    tensor: weight.read(),
  }));
  const optimizerWeights = (await optimizer.getWeights()).map((weight, index) => ({
    name: `optimizer/${index}/${weight.name}`,
    tensor: weight.tensor,
  }));
  const model$ = await tf.io.encodeWeights(modelWeights);
  const optimizer$ = await tf.io.encodeWeights(optimizerWeights);
  // getWeights() makes a fresh scalar of the step count on every call; the rest are the optimiser's own.
  tf.dispose(
    optimizerWeights.map(({ tensor }) => tensor).filter((tensor) => !(tensor instanceof tf.Variable)),
  );
  const staging = join(dirname(directory), `.${basename(directory)}.staging-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'model.bin'), Buffer.from(model$.data as ArrayBuffer));
  await writeFile(join(staging, 'optimizer.bin'), Buffer.from(optimizer$.data as ArrayBuffer));
  const file: CheckpointFile = { state, model: model$.specs, optimizer: optimizer$.specs };
  await writeFile(join(staging, 'checkpoint.json'), JSON.stringify(file));
  const previous = `${directory}.previous-${process.pid}`;
  if (existsSync(directory)) await rename(directory, previous);
  await rename(staging, directory);
  await rm(previous, { recursive: true, force: true });
}

export function hasCheckpoint(directory: string): boolean {
  return existsSync(join(directory, 'checkpoint.json'));
}

/** Restores weights and optimiser slots in place and returns the run's state. */
export async function restoreCheckpoint(
  directory: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
): Promise<TrainingState> {
  const file = JSON.parse(await readFile(join(directory, 'checkpoint.json'), 'utf8')) as CheckpointFile;
  const modelWeights = tf.io.decodeWeights(await readBuffer(join(directory, 'model.bin')), file.model);
  const optimizerWeights = tf.io.decodeWeights(
    await readBuffer(join(directory, 'optimizer.bin')),
    file.optimizer,
  );
  if (model.weights.length !== file.model.length) {
    throw new Error(
      `checkpoint ${directory} has ${file.model.length} weights, the model ${model.weights.length}`,
    );
  }
  model.setWeights(model.weights.map((_, index) => modelWeights[`model/${index}`]));
  await optimizer.setWeights(
    file.optimizer.map((spec) => ({
      name: spec.name.split('/').slice(2).join('/'),
      tensor: optimizerWeights[spec.name],
    })),
  );
  // setWeights copies into the variables; the decoded tensors are ours to release.
  tf.dispose([...Object.values(modelWeights), ...Object.values(optimizerWeights)]);
  return file.state;
}

async function readBuffer(path: string): Promise<ArrayBuffer> {
  const content = await readFile(path);
  return content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer;
}
