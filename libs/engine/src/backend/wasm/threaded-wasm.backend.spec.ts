import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { adamOptimizer } from '../../training/fused-adam.optimizer';
import { resolveBackend } from '../resolve-backend';
import { ADAM_UPDATE } from './adam-update.kernel';

describe('the multi-threaded wasm build', () => {
  it('starts under Node with the threads asked for, computes as the cpu backend does, and trains', async () => {
    const resolved = await resolveBackend('wasm', { wasmThreads: 2 });
    expect(resolved).toMatchObject({ backend: 'wasm', threads: 2 });
    const memory = (tf.backend() as unknown as { wasm: { wasmMemory: { buffer: unknown } } }).wasm.wasmMemory;
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);

    const a = tf.randomUniform([67, 129], -1, 1, 'float32', 1);
    const b = tf.randomUniform([129, 45], -1, 1, 'float32', 2);
    const threaded = tf.matMul(a, b).dataSync();
    const [aValues, bValues] = [a.dataSync(), b.dataSync()];
    await tf.setBackend('cpu');
    const reference = tf.matMul(tf.tensor2d(aValues, [67, 129]), tf.tensor2d(bValues, [129, 45])).dataSync();
    await tf.setBackend('wasm');
    const error = Math.max(...reference.map((value, index) => Math.abs(value - threaded[index])));
    expect(error).toBeLessThan(1e-4);

    // A small CNN with an embedding-free head: convolution gradients, batch norm and the fused Adam
    // step on the shared memory of this build.
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [8, 8, 1],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
        }),
        tf.layers.batchNormalization(),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const optimizer = adamOptimizer(0.01);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const x = tf.randomNormal([16, 8, 8, 1], 0, 1, 'float32', 3);
    const y = tf.randomNormal([16, 2], 0, 1, 'float32', 4);
    const profile = await tf.profile(() => model.trainOnBatch(x, y) as Promise<number>);
    expect(profile.kernels.some((kernel) => kernel.name === ADAM_UPDATE)).toBe(true);
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) losses.push((await model.trainOnBatch(x, y)) as number);
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
    tf.dispose([a, b, x, y]);
    model.dispose();
    optimizer.dispose();
  });
});
