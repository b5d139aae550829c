import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@deepworks/demo-data';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../backend/resolve-backend';
import {
  dequantizeUint8,
  float16ToFloat32,
  float32ToFloat16,
  quantizeUint8,
  quantizeWeightData,
} from './weight-quantization';

const half = (value: number) => float32ToFloat16(Float32Array.of(value))[0];

describe('float16', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('encodes by IEEE 754 binary16 with round-to-nearest-even', () => {
    expect(half(1)).toBe(0x3c00);
    expect(half(-2)).toBe(0xc000);
    expect(half(0.1)).toBe(0x2e66); // 0.1 ≈ 1.6·2⁻⁴: mantissa 0.6·1024 = 614.4 → 614 = 0x266
    expect(half(65504)).toBe(0x7bff); // largest half
    expect(half(65520)).toBe(0x7c00); // halfway to 65536: ties to even, which is Infinity
    expect(half(1e6)).toBe(0x7c00);
    expect(half(-Infinity)).toBe(0xfc00);
    expect(half(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(half(2 ** -25)).toBe(0x0000); // halfway to it: ties to even (0)
    expect(half(1.5 * 2 ** -25)).toBe(0x0001);
    expect(half(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1 + 2⁻¹⁰: even is 1
    expect(half(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 0x3c01 and 0x3c02: even is 0x3c02
    expect(half(-0)).toBe(0x8000);
    expect(Number.isNaN(float16ToFloat32(Uint16Array.of(half(NaN)))[0])).toBe(true);
  });

  it('decodes every half exactly: encode(decode(h)) = h for all 63,488 non-NaN halves, as tfjs decodes them', async () => {
    const all = Uint16Array.from({ length: 65536 }, (_, bits) => bits);
    const decoded = float16ToFloat32(all);
    let mismatches = 0;
    all.forEach((bits, index) => {
      const isNaN = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (!isNaN && half(decoded[index]) !== bits) mismatches++;
    });
    expect(mismatches).toBe(0);
    const finite = all.filter((bits) => (bits & 0x7c00) !== 0x7c00);
    const viaTfjs = tf.io.decodeWeights(finite.buffer as ArrayBuffer, [
      { name: 'w', shape: [finite.length], dtype: 'float32', quantization: { dtype: 'float16' } },
    ]).w;
    expect(Array.from(viaTfjs.dataSync())).toEqual(Array.from(float16ToFloat32(finite)));
  });

  it('keeps typical weights within 1e-3 relative error (2⁻¹¹ bound)', () => {
    const random = new SeededRandom(3);
    const weights = Float32Array.from({ length: 20000 }, () => 0.2 * random.gaussian());
    const back = float16ToFloat32(float32ToFloat16(weights));
    let worstRelative = 0;
    let worstAbsoluteTiny = 0;
    weights.forEach((value, index) => {
      const error = Math.abs(back[index] - value);
      if (Math.abs(value) >= 2 ** -14) worstRelative = Math.max(worstRelative, error / Math.abs(value));
      else worstAbsoluteTiny = Math.max(worstAbsoluteTiny, error);
    });
    console.log(
      `float16: worst relative error ${worstRelative.toExponential(2)} on 20,000 N(0, 0.2²) weights`,
    );
    expect(worstRelative).toBeLessThanOrEqual(2 ** -11);
    expect(worstRelative).toBeLessThan(1e-3);
    expect(worstAbsoluteTiny).toBeLessThanOrEqual(2 ** -25);
  });
});

describe('uint8 (affine, per tensor)', () => {
  it('maps min..max onto 0..255 with zero on a level', () => {
    // scale = 3 / 255; zero point 1 / scale = 85 exactly, so min stays −1.
    const { bytes, min, scale } = quantizeUint8(Float32Array.of(-1, 0, 0.6, 2));
    expect(scale).toBeCloseTo(3 / 255, 12);
    expect(min).toBeCloseTo(-1, 12);
    expect(Array.from(bytes)).toEqual([0, 85, 136, 255]);
    const back = dequantizeUint8({ bytes, min, scale });
    expect(back[1]).toBe(0);
    // Zero stays exactly zero even when it does not sit on the unnudged grid: [-0.3, 0, 1].
    const nudged = quantizeUint8(Float32Array.of(-0.3, 0, 1));
    expect(dequantizeUint8(nudged)[1]).toBe(0);
    expect(Math.abs(dequantizeUint8(nudged)[0] + 0.3)).toBeLessThanOrEqual(nudged.scale);
    // A constant tensor comes back exactly.
    expect(Array.from(dequantizeUint8(quantizeUint8(Float32Array.of(0.25, 0.25))))).toEqual([0.25, 0.25]);
  });

  it('rewrites a weight buffer with tfjs quantisation specs, leaving int32 weights alone', () => {
    const floats = Float32Array.of(-1, 0, 0.6, 2);
    const ints = Int32Array.of(7, -3);
    const data = Buffer.concat([Buffer.from(floats.buffer), Buffer.from(ints.buffer)]);
    const specs: tf.io.WeightsManifestEntry[] = [
      { name: 'w', shape: [4], dtype: 'float32' as const },
      { name: 'step', shape: [2], dtype: 'int32' as const },
    ];
    const eight = quantizeWeightData(specs, data, 'uint8');
    expect(eight.data.byteLength).toBe(4 + 8);
    expect(eight.specs[0].quantization).toMatchObject({ dtype: 'uint8' });
    expect(eight.specs[1].quantization).toBeUndefined();
    const decoded = tf.io.decodeWeights(
      eight.data.buffer.slice(eight.data.byteOffset, eight.data.byteOffset + 12) as ArrayBuffer,
      eight.specs,
    );
    expect(Array.from(decoded.step.dataSync())).toEqual([7, -3]);
    expect(Array.from(decoded.w.dataSync()).map((value) => Math.round(value * 1e6) / 1e6)).toEqual([
      -1, 0, 0.6, 2,
    ]);
    expect(quantizeWeightData(specs, data, 'float16').data.byteLength).toBe(8 + 8);
    expect(() => quantizeWeightData(specs, data.subarray(0, 10), 'uint8')).toThrow(/ends before weight/);
  });
});
