import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './register-training-kernels';

type Attrs = Record<string, unknown>;

/** Runs one kernel on a backend with the same inputs (given as plain arrays) and reads the result. */
async function runOn(backend: string, kernel: string, inputs: Record<string, tf.Tensor>, attrs: Attrs) {
  await tf.setBackend(backend);
  const local = Object.fromEntries(
    Object.entries(inputs).map(([name, t]) => [name, tf.tensor(t.dataSync(), t.shape, t.dtype)]),
  );
  const out = tf.engine().runKernel(kernel, local, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { shape: out.shape, values: Float32Array.from(await out.data()) };
  tf.dispose([out, ...Object.values(local)]);
  return result;
}

interface Reference {
  shape: number[];
  values: Float32Array;
}

/**
 * max |wasm − reference| ÷ max |reference|: the error relative to the scale of the result. The
 * reference is the cpu backend's kernel, or (where that kernel is wrong) an equivalent cpu computation.
 */
async function parity(
  kernel: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Attrs,
  referenceOf: () => Promise<Reference> = () => runOn('cpu', kernel, inputs, attrs),
): Promise<number> {
  const reference = await referenceOf();
  const before = tf.memory().numTensors;
  const candidate = await runOn('wasm', kernel, inputs, attrs);
  expect(tf.memory().numTensors).toBe(before);
  expect(candidate.shape).toEqual(reference.shape);
  let difference = 0;
  let scale = 0;
  reference.values.forEach((value, index) => {
    difference = Math.max(difference, Math.abs(value - candidate.values[index]));
    scale = Math.max(scale, Math.abs(value));
  });
  return difference / Math.max(scale, 1e-12);
}

/**
 * A filter dilated by d equals the filter with d − 1 zeros between its taps, at dilation 1: the
 * independent reference for dilated depthwise gradients (tfjs' cpu kernels ignore dilation there).
 */
function zeroInserted(filter: tf.Tensor, dilation: number): tf.Tensor {
  const [height, width, channels, multiplier] = filter.shape;
  const expanded = tf.buffer([(height - 1) * dilation + 1, (width - 1) * dilation + 1, channels, multiplier]);
  const source = filter.bufferSync();
  for (let h = 0; h < height; h++)
    for (let w = 0; w < width; w++)
      for (let c = 0; c < channels; c++)
        for (let m = 0; m < multiplier; m++)
          expanded.set(source.get(h, w, c, m), h * dilation, w * dilation, c, m);
  return expanded.toTensor();
}

async function readOnCpu(compute: () => tf.Tensor): Promise<Reference> {
  await tf.setBackend('cpu');
  const out = compute();
  const reference = { shape: out.shape, values: Float32Array.from(await out.data()) };
  out.dispose();
  return reference;
}

function random(shape: number[], seed: number): tf.Tensor {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed));
}

const CONV_CASES = [
  { name: 'batch 1, 3×3, stride 1, same', x: [1, 9, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: 'batch 4, 3×3, stride 2, same', x: [4, 11, 10, 5], filter: [3, 3, 5, 6], strides: 2, pad: 'same' },
  {
    name: 'batch 3, 5×5, stride 2, valid',
    x: [3, 13, 12, 2],
    filter: [5, 5, 2, 7],
    strides: 2,
    pad: 'valid',
  },
  { name: 'batch 2, 1×1, stride 1, valid', x: [2, 6, 6, 8], filter: [1, 1, 8, 3], strides: 1, pad: 'valid' },
  {
    name: 'batch 2, 3×2, strides [1, 2], explicit padding',
    x: [2, 8, 9, 3],
    filter: [3, 2, 3, 2],
    strides: [1, 2],
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
] as const;

const DEPTHWISE_CASES = [
  {
    name: 'batch 1, 3×3, stride 1, same',
    x: [1, 8, 8, 4],
    filter: [3, 3, 4, 1],
    strides: 1,
    dilations: 1,
    pad: 'same',
  },
  {
    name: 'batch 3, 3×3, stride 2, same, multiplier 2',
    x: [3, 9, 10, 3],
    filter: [3, 3, 3, 2],
    strides: 2,
    dilations: 1,
    pad: 'same',
  },
  {
    name: 'batch 2, 3×3, dilation 2, valid',
    x: [2, 11, 11, 5],
    filter: [3, 3, 5, 1],
    strides: 1,
    dilations: 2,
    pad: 'valid',
  },
  {
    name: 'batch 2, 5×5, dilation 2, same, multiplier 3',
    x: [2, 12, 12, 2],
    filter: [5, 5, 2, 3],
    strides: 1,
    dilations: 2,
    pad: 'same',
  },
  {
    name: 'batch 4, 2×3, stride 2, valid',
    x: [4, 9, 8, 6],
    filter: [2, 3, 6, 1],
    strides: 2,
    dilations: 1,
    pad: 'valid',
  },
] as const;

describe('wasm training kernels match the cpu backend (max relative error < 1e-4)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
  });

  it.each(CONV_CASES)('Conv2DBackpropFilter: $name', async ({ x, filter, strides, pad }) => {
    const out = tf.conv2d(
      random([...x], 1) as tf.Tensor4D,
      random([...filter], 2) as tf.Tensor4D,
      strides as never,
      pad as never,
    );
    const dy = random(out.shape, 3);
    const error = await parity(
      'Conv2DBackpropFilter',
      { x: random([...x], 1), dy },
      { strides, pad, dataFormat: 'NHWC', filterShape: [...filter] },
    );
    expect(error).toBeLessThan(1e-4);
  });

  it.each(CONV_CASES)('Conv2DBackpropInput: $name', async ({ x, filter, strides, pad }) => {
    const out = tf.conv2d(
      random([...x], 14) as tf.Tensor4D,
      random([...filter], 15) as tf.Tensor4D,
      strides as never,
      pad as never,
    );
    const dy = random(out.shape, 16);
    const error = await parity(
      'Conv2DBackpropInput',
      { dy, filter: random([...filter], 15) },
      { strides, pad, dataFormat: 'NHWC', inputShape: [...x] },
    );
    expect(error).toBeLessThan(1e-4);
  });

  it.each([
    { name: 'a broadcast ([1,1,1,C] → [B,H,W,C])', shape: [1, 1, 1, 5], reps: [3, 4, 2, 1] },
    { name: 'a true repetition', shape: [2, 3], reps: [2, 3] },
  ])('Tile: $name', async ({ shape, reps }) => {
    expect(await parity('Tile', { x: random(shape, 17) }, { reps })).toBeLessThan(1e-6);
  });

  it.each([
    { name: 'embedding rows by rank-1 ids', x: [50, 8], ids: [40] },
    { name: 'rows of a 3-D tensor by rank-2 ids', x: [20, 3, 4], ids: [6, 5] },
  ])('GatherV2: $name', async ({ x, ids }) => {
    const indices = tf.tidy(() => tf.randomUniform(ids, 0, x[0], 'int32', 19));
    expect(await parity('GatherV2', { x: random(x, 20), indices }, { axis: 0, batchDims: 0 })).toBe(0);
  });

  it('GatherV2 refuses an index out of range', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.gather(tf.ones([3, 2]), tf.tensor1d([0, 3], 'int32'))).toThrow(
      /index value 3 is not in \[0, 2\]/,
    );
  });

  it.each(DEPTHWISE_CASES)(
    'DepthwiseConv2dNativeBackpropFilter: $name',
    async ({ x, filter, strides, dilations, pad }) => {
      const out = tf.depthwiseConv2d(
        random([...x], 4) as tf.Tensor4D,
        random([...filter], 5) as tf.Tensor4D,
        strides,
        pad,
        'NHWC',
        dilations,
      );
      const dy = random(out.shape, 6);
      const attrs = { strides, dilations, pad, filterShape: [...filter] };
      const inputs = { x: random([...x], 4), dy };
      const error = await parity('DepthwiseConv2dNativeBackpropFilter', inputs, attrs, async () => {
        if (dilations === 1) return runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
        const [height, width, channels, multiplier] = filter;
        const expandedShape = [
          (height - 1) * dilations + 1,
          (width - 1) * dilations + 1,
          channels,
          multiplier,
        ];
        const expanded = await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, {
          ...attrs,
          dilations: 1,
          filterShape: expandedShape,
        });
        // Each real tap's gradient is the zero-inserted filter's gradient at that tap.
        return readOnCpu(() =>
          tf.stridedSlice(tf.tensor(expanded.values, expanded.shape), [0, 0, 0, 0], expandedShape, [
            dilations,
            dilations,
            1,
            1,
          ]),
        );
      });
      expect(error).toBeLessThan(1e-4);
    },
  );

  it.each(DEPTHWISE_CASES)(
    'DepthwiseConv2dNativeBackpropInput: $name',
    async ({ x, filter, strides, dilations, pad }) => {
      const out = tf.depthwiseConv2d(
        random([...x], 7) as tf.Tensor4D,
        random([...filter], 8) as tf.Tensor4D,
        strides,
        pad,
        'NHWC',
        dilations,
      );
      const dy = random(out.shape, 9);
      const attrs = { strides, dilations, pad, inputShape: [...x] };
      const inputs = { dy, filter: random([...filter], 8) };
      const error = await parity('DepthwiseConv2dNativeBackpropInput', inputs, attrs, async () => {
        if (dilations === 1) return runOn('cpu', 'DepthwiseConv2dNativeBackpropInput', inputs, attrs);
        const expanded = zeroInserted(inputs.filter, dilations);
        return runOn(
          'cpu',
          'DepthwiseConv2dNativeBackpropInput',
          { dy, filter: expanded },
          { ...attrs, dilations: 1 },
        );
      });
      expect(error).toBeLessThan(1e-4);
    },
  );

  it.each([
    { name: 'rank-1 ids into 2-D rows', x: [50, 16], ids: [50], segments: 12 },
    { name: 'rank-2 ids, ids out of range dropped', x: [6, 5, 3], ids: [6, 5], segments: 4 },
  ])('UnsortedSegmentSum: $name', async ({ x, ids, segments }) => {
    const segmentIds = tf.tidy(() => tf.randomUniform(ids, -1, segments + 1, 'int32', 10));
    const values = random(x, 11);
    // tfjs' cpu kernel handles rank-1 ids only; the reference sums the same rows with flattened ids.
    const rows = ids.reduce((product, size) => product * size, 1);
    const flat = {
      x: tf.reshape(values, [rows, ...x.slice(ids.length)]),
      segmentIds: tf.reshape(segmentIds, [rows]),
    };
    const error = await parity(
      'UnsortedSegmentSum',
      { x: values, segmentIds },
      { numSegments: segments },
      () => runOn('cpu', 'UnsortedSegmentSum', flat, { numSegments: segments }),
    );
    expect(error).toBeLessThan(1e-4);
  });

  it.each([
    { transposeA: true, transposeB: false },
    { transposeA: false, transposeB: true },
    { transposeA: true, transposeB: true },
  ])('BatchMatMul with transposeA=$transposeA transposeB=$transposeB', async ({ transposeA, transposeB }) => {
    const a = random(transposeA ? [3, 7, 5] : [3, 5, 7], 12);
    const b = random(transposeB ? [3, 4, 7] : [3, 7, 4], 13);
    expect(await parity('BatchMatMul', { a, b }, { transposeA, transposeB })).toBeLessThan(1e-4);
  });

  it.each([
    { perm: [0, 1, 2], shape: [4, 3, 2] },
    { perm: [2, 0, 1], shape: [4, 3, 2] },
  ])('Transpose with perm $perm', async ({ perm, shape }) => {
    expect(await parity('Transpose', { x: random(shape, 14) }, { perm })).toBe(0);
  });
});

describe('wasm Identity and order-keeping Transpose share their input data', () => {
  it('a clone outlives its source, and frees the data when both are gone', async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
    const before = tf.memory().numDataBuffers;
    const source = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const clone = tf.clone(source);
    const kept = tf.transpose(source, [0, 1]);
    expect(tf.memory().numDataBuffers - before).toBe(1);
    source.dispose();
    expect(Array.from(clone.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(kept.shape).toEqual([2, 3]);
    clone.dispose();
    expect(Array.from(kept.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    kept.dispose();
    expect(tf.memory().numDataBuffers).toBe(before);
  });
});
