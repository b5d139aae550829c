/** How saved weights are stored: as float32, IEEE half floats, or 8-bit integers with a per-tensor affine map. */
export type WeightQuantization = 'float16' | 'uint8';

export const WEIGHT_QUANTIZATIONS: readonly WeightQuantization[] = ['float16', 'uint8'];

const float32 = new Float32Array(1);
const float32Bits = new Uint32Array(float32.buffer);

/**
 * float32 → IEEE 754 binary16 bits, rounding to nearest, ties to even; overflow becomes ±Infinity,
 * values below half the smallest subnormal (2⁻²⁵) become ±0, NaN stays NaN.
 */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  const halves = new Uint16Array(values.length);
  for (let index = 0; index < values.length; index++) halves[index] = toHalf(values[index]);
  return halves;
}

/** IEEE 754 binary16 bits → float32 (exact: every half is a float32). */
export function float16ToFloat32(halves: Uint16Array): Float32Array {
  const values = new Float32Array(halves.length);
  for (let index = 0; index < halves.length; index++) values[index] = fromHalf(halves[index]);
  return values;
}

export interface Uint8Quantized {
  bytes: Uint8Array;
  /** value ≈ min + scale · byte */
  min: number;
  scale: number;
}

/**
 * Per-tensor affine 8-bit quantisation as tensorflowjs_converter writes it (its quantization.py):
 * 256 levels from min to max, the range nudged so that 0 falls exactly on a level — pruned weights
 * stay exactly 0. tfjs' loaders decode `min + scale · byte` themselves.
 */
export function quantizeUint8(values: Float32Array): Uint8Quantized {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (values.length === 0 || !Number.isFinite(low) || !Number.isFinite(high)) {
    if (values.length > 0) throw new Error('quantizeUint8: weights must be finite');
    return { bytes: new Uint8Array(0), min: 0, scale: 1 };
  }
  const scale = (high - low) / 255;
  if (scale === 0) return { bytes: new Uint8Array(values.length), min: low, scale: 0 };
  let min = low;
  if (low <= 0 && high >= 0) min = -Math.round(-low / scale) * scale;
  const max = min + 255 * scale;
  const bytes = new Uint8Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const clipped = Math.min(max, Math.max(min, values[index]));
    bytes[index] = Math.round((clipped - min) / scale);
  }
  return { bytes, min, scale };
}

export function dequantizeUint8(quantized: Uint8Quantized): Float32Array {
  return Float32Array.from(quantized.bytes, (byte) => quantized.min + quantized.scale * byte);
}

function toHalf(value: number): number {
  float32[0] = value;
  const bits = float32Bits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    // Subnormal half: the implicit leading 1 becomes explicit and shifts right with the rest.
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    return sign | roundShifted(full, shift);
  }
  // A carry out of the mantissa rolls into the exponent, up to Infinity: the right rounding.
  return (sign | (halfExponent << 10)) + roundShifted(mantissa, 13);
}

/** `value >>> shift`, rounded to nearest with ties to even. */
function roundShifted(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

function fromHalf(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The subset of tfjs' weight spec this module reads and writes (tf.io.WeightsManifestEntry). */
export interface QuantizableWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; min?: number; scale?: number };
}

/**
 * Re-encodes the float32 weights of a tfjs weight buffer (specs in buffer order) as `quantization`,
 * writing tfjs' own `quantization` field into each spec so any tfjs loader dequantises them; other
 * dtypes (int32, bool) pass through unchanged.
 */
export function quantizeWeightData<Spec extends QuantizableWeightSpec>(
  specs: Spec[],
  data: Uint8Array,
  quantization: WeightQuantization,
): { specs: Spec[]; data: Buffer } {
  const parts: Uint8Array[] = [];
  const quantizedSpecs: Spec[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization) throw new Error(`weight ${spec.name} is already quantised`);
    const size = spec.shape.reduce((product, dim) => product * dim, 1);
    const bytesPerValue = spec.dtype === 'bool' ? 1 : 4;
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32' && spec.dtype !== 'bool')
      throw new Error(`weight ${spec.name} has dtype ${spec.dtype}, which cannot be quantised`);
    // A copy, so the float32 view below is aligned whatever the offset (Buffer#slice would not copy).
    const raw = new Uint8Array(data.subarray(offset, offset + size * bytesPerValue));
    if (raw.byteLength !== size * bytesPerValue)
      throw new Error(`weight data ends before weight ${spec.name}`);
    offset += raw.byteLength;
    if (spec.dtype !== 'float32') {
      parts.push(raw);
      quantizedSpecs.push(spec);
      continue;
    }
    const values = new Float32Array(raw.buffer, raw.byteOffset, size);
    if (quantization === 'float16') {
      const halves = float32ToFloat16(values);
      parts.push(new Uint8Array(halves.buffer, halves.byteOffset, halves.byteLength));
      quantizedSpecs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      const { bytes, min, scale } = quantizeUint8(values);
      parts.push(bytes);
      quantizedSpecs.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
    }
  }
  if (offset !== data.byteLength)
    throw new Error(`weight data has ${data.byteLength - offset} bytes no spec describes`);
  return { specs: quantizedSpecs, data: Buffer.concat(parts) };
}
