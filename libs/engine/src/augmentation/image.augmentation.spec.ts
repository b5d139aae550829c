import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../backend/resolve-backend';
import { type AugmentationDraw, affineRow, augmentImages } from './image.augmentation';

const NONE: AugmentationDraw = {
  rotation: 0,
  shear: 0,
  zoom: 1,
  shiftX: 0,
  shiftY: 0,
  flip: false,
  brightness: 1,
};

/** A batch whose every pixel differs: value = image·1000 + y·100 + x·10 + channel. */
function batchOf(count: number, height: number, width: number, channels: number): tf.Tensor4D {
  const values = new Float32Array(count * height * width * channels);
  let index = 0;
  for (let image = 0; image < count; image++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let channel = 0; channel < channels; channel++)
          values[index++] = image * 1000 + y * 100 + x * 10 + channel;
  return tf.tensor4d(values, [count, height, width, channels]);
}

function maxAbsDifference(left: tf.Tensor, right: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(left, right))).dataSync()[0]);
}

describe('augmentImages on the wasm backend', () => {
  beforeAll(async () => {
    const resolved = await resolveBackend('wasm');
    expect(resolved.tfjsBackend).toBe('wasm');
  });

  it('zero-strength options are the identity and rescale multiplies', () => {
    const batch = batchOf(3, 5, 6, 2);
    const divided = tf.div(batch, 255);
    const before = tf.memory().numTensors;
    const same = augmentImages(batch, { rotation: 0, shear: 0, zoom: 0, shift: 0, brightness: 0 }, 1);
    expect(same.shape).toEqual([3, 5, 6, 2]);
    expect(maxAbsDifference(same, batch)).toBeLessThan(1e-6);
    const scaled = augmentImages(batch, { rescale: 1 / 255 }, 1);
    expect(maxAbsDifference(scaled, divided)).toBeLessThan(1e-6);
    tf.dispose([same, scaled]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch, divided]);
  });

  it('horizontal flip mirrors exactly, and only the images drawn to flip', async () => {
    const batch = batchOf(16, 4, 5, 1);
    const flipped = augmentImages(batch, { horizontalFlip: true }, 42);
    const mirrored = tf.reverse(batch, 2);
    const [output, original, mirror] = await Promise.all([flipped.data(), batch.data(), mirrored.data()]);
    const size = 4 * 5;
    let flips = 0;
    for (let image = 0; image < 16; image++) {
      const slice = (values: Float32Array | Int32Array | Uint8Array) =>
        Array.from(values.subarray(image * size, (image + 1) * size));
      const isMirror = slice(output).every((value, index) => value === slice(mirror)[index]);
      const isOriginal = slice(output).every((value, index) => value === slice(original)[index]);
      expect(isMirror || isOriginal).toBe(true);
      if (isMirror) flips++;
    }
    // About half of 16 flip; with p = 1/2 the chance of 0 or 16 is 2 · 2⁻¹⁶.
    expect(flips).toBeGreaterThan(0);
    expect(flips).toBeLessThan(16);
    tf.dispose([batch, flipped, mirrored]);
  });

  it('the affine map rotates about the centre: 90° maps a 3×3 image exactly', () => {
    // Output (x, y) samples input (cx + cos·(x−cx) − sin·(y−cy), cy + sin·(x−cx) + cos·(y−cy)); with
    // θ = 90°, c = (1, 1): output (0, 0) ← input (2, 0); output (2, 0) ← input (2, 2).
    const image = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const row = affineRow({ ...NONE, rotation: Math.PI / 2 }, 3, 3);
    const rotated = tf.image.transform(image, tf.tensor2d([row]), 'bilinear');
    expect(Array.from(rotated.dataSync()).map((value) => Math.round(value * 1e4) / 1e4)).toEqual([
      3, 6, 9, 2, 5, 8, 1, 4, 7,
    ]);
    // No draw at all: the exact identity row, so the resampling path would not blur either.
    expect(affineRow(NONE, 5, 6)).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
    // Zoom 2 about the centre of a 5-wide row: output x samples 2 + (x − 2)/2 → 1, 1.5, 2, 2.5, 3.
    const zoomRow = affineRow({ ...NONE, zoom: 2 }, 1, 5);
    expect(zoomRow.slice(0, 3)).toEqual([0.5, 0, 1]);
    tf.dispose([image, rotated]);
  });

  it('keeps shapes, is deterministic for a seed, differs across seeds, and leaks nothing', () => {
    const batch = batchOf(4, 8, 8, 3);
    const rescaled = tf.mul(batch, 1 / 1000);
    const options = {
      rescale: 1 / 1000,
      rotation: 15,
      shear: 10,
      zoom: 0.2,
      shift: 0.1,
      horizontalFlip: true,
      brightness: 0.2,
    };
    const before = tf.memory().numTensors;
    const first = augmentImages(batch, options, 7);
    const again = augmentImages(batch, options, 7);
    const other = augmentImages(batch, options, 8);
    expect(first.shape).toEqual([4, 8, 8, 3]);
    expect(first.dtype).toBe('float32');
    expect(maxAbsDifference(first, again)).toBe(0);
    expect(maxAbsDifference(first, other)).toBeGreaterThan(0.01);
    // Something really moved: the output is not just the rescaled input.
    expect(maxAbsDifference(first, rescaled)).toBeGreaterThan(0.01);
    tf.dispose([first, again, other]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch, rescaled]);
  });

  it('a constant image stays constant under any geometry (nearest fill) and scales with brightness', () => {
    const batch = tf.fill([6, 7, 7, 1], 0.5) as tf.Tensor4D;
    const moved = augmentImages(batch, { rotation: 30, shear: 20, zoom: 0.3, shift: 0.2 }, 3);
    expect(maxAbsDifference(moved, batch)).toBeLessThan(1e-6);
    const bright = augmentImages(batch, { brightness: 0.5 }, 3);
    const values = bright.dataSync();
    for (let image = 0; image < 6; image++) {
      const value = values[image * 49];
      expect(value).toBeGreaterThanOrEqual(0.25);
      expect(value).toBeLessThanOrEqual(0.75);
      // One factor per image: every pixel of the image has the same value.
      expect(values[image * 49 + 48]).toBe(value);
    }
    tf.dispose([batch, moved, bright]);
  });

  it('accepts int32 pixels and rejects unknown or out-of-range options by name', () => {
    const pixels = tf.tensor4d([0, 255, 128, 64], [1, 2, 2, 1], 'int32');
    const scaled = augmentImages(pixels, { rescale: 1 / 255 }, 1);
    expect(Array.from(scaled.dataSync())).toEqual(Array.from(new Float32Array([0, 1, 128 / 255, 64 / 255])));
    expect(() => augmentImages(pixels, { rotate: 10 } as never, 1)).toThrow(
      /unknown option rotate \(allowed: rescale, rotation, shear, zoom, shift, horizontalFlip, brightness/,
    );
    expect(() => augmentImages(pixels, { zoom: 1 }, 1)).toThrow(/zoom must be in \[0, 1\)/);
    expect(() => augmentImages(pixels, { fillMode: 'mirror' as never }, 1)).toThrow(
      /fillMode must be one of/,
    );
    tf.dispose([pixels, scaled]);
  });
});
