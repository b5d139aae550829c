import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type NpyArray, type NpyData, NpyFormatError, encodeNpy, parseNpy } from './npy.format';
import { parseNpz, readNpz, writeNpz } from './npz.reader';
import { ZipFormatError, readZip, writeZip } from './zip.archive';

const PNEUMONIA = '/work/shared/datasets/medmnist/pneumoniamnist.npz';

function valuesOf(data: NpyData): (number | bigint)[] {
  return Array.from(data as ArrayLike<number | bigint>);
}

/** An NPY file with a hand-written header, as another writer might produce it. */
function npyWithHeader(header: string, data: Uint8Array, major = 1): Buffer {
  const prefix = major === 1 ? 10 : 12;
  const padded = header + ' '.repeat((64 - ((prefix + header.length + 1) % 64)) % 64) + '\n';
  const out = Buffer.alloc(prefix + padded.length + data.length);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]).copy(out);
  if (major === 1) out.writeUInt16LE(padded.length, 8);
  else out.writeUInt32LE(padded.length, 8);
  out.write(padded, prefix, major === 3 ? 'utf8' : 'latin1');
  out.set(data, prefix + padded.length);
  return out;
}

describe('npz', () => {
  it('round-trips every dtype through writeNpz/readNpz, stored and deflated', () => {
    const arrays: Record<string, NpyArray> = {
      u8: { dtype: 'uint8', shape: [2, 3], data: new Uint8Array([0, 1, 2, 253, 254, 255]) },
      i8: { dtype: 'int8', shape: [3], data: new Int8Array([-128, 0, 127]) },
      u16: { dtype: 'uint16', shape: [2], data: new Uint16Array([0, 65535]) },
      i16: { dtype: 'int16', shape: [2], data: new Int16Array([-32768, 32767]) },
      u32: { dtype: 'uint32', shape: [1], data: new Uint32Array([4294967295]) },
      i32: { dtype: 'int32', shape: [2, 1], data: new Int32Array([-5, 7]) },
      i64: { dtype: 'int64', shape: [2], data: new BigInt64Array([-(2n ** 62n), 3n]) },
      f32: { dtype: 'float32', shape: [2, 2], data: new Float32Array([0.5, -1.25, 3e-8, 1e30]) },
      f64: { dtype: 'float64', shape: [], data: new Float64Array([Math.PI]) },
      flag: { dtype: 'bool', shape: [4], data: new Uint8Array([1, 0, 0, 1]) },
      empty: { dtype: 'float32', shape: [0, 5], data: new Float32Array(0) },
    };
    for (const compress of [true, false]) {
      const read = parseNpz(writeNpz(arrays, { compress }));
      expect([...read.keys()]).toEqual(Object.keys(arrays));
      for (const [name, array] of Object.entries(arrays)) {
        const back = read.get(name);
        expect(back?.dtype).toBe(array.dtype);
        expect(back?.shape).toEqual(array.shape);
        expect(back?.data.constructor).toBe(array.data.constructor);
        expect(valuesOf(back?.data ?? new Uint8Array())).toEqual(valuesOf(array.data));
      }
    }
  });

  it('writes the header NumPy writes, padded so the data starts on a 64-byte boundary', () => {
    const bytes = encodeNpy({ dtype: 'float32', shape: [3, 4], data: new Float32Array(12) });
    const headerLength = bytes.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(bytes.toString('latin1', 10, 10 + headerLength).trimEnd()).toBe(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }",
    );
    const vector = encodeNpy({ dtype: 'uint8', shape: [5], data: new Uint8Array(5) });
    expect(vector.toString('latin1')).toContain("'shape': (5,)");
  });

  it('reads int64 as float64 on request, and refuses values that would round', () => {
    const exact = { dtype: 'int64' as const, shape: [2], data: new BigInt64Array([-7n, 2n ** 53n - 1n]) };
    const read = parseNpy(encodeNpy(exact), 'x', { int64As: 'float64' });
    expect(read.data).toBeInstanceOf(Float64Array);
    expect(valuesOf(read.data)).toEqual([-7, 2 ** 53 - 1]);
    const big = { dtype: 'int64' as const, shape: [1], data: new BigInt64Array([2n ** 60n]) };
    expect(() => parseNpy(encodeNpy(big), 'x', { int64As: 'float64' })).toThrow(/does not fit a float64/);
  });

  it('reads format versions 2.0 and 3.0 headers', () => {
    const data = new Uint8Array(new Int16Array([1, -2, 3]).buffer);
    for (const major of [2, 3]) {
      const array = parseNpy(
        npyWithHeader("{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }", data, major),
      );
      expect(valuesOf(array.data)).toEqual([1, -2, 3]);
    }
  });

  it('refuses fortran order, unsupported dtypes and truncated data with errors naming them', () => {
    const data = new Uint8Array(8);
    expect(() =>
      parseNpy(npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", data), 'a'),
    ).toThrow(/a: fortran_order=True arrays are not supported/);
    expect(() =>
      parseNpy(npyWithHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data), 'b'),
    ).toThrow(/b: unsupported dtype '>f4'/);
    expect(() =>
      parseNpy(npyWithHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data), 'c'),
    ).toThrow(/unsupported dtype '<c8'/);
    expect(() =>
      parseNpy(
        npyWithHeader("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }", data),
        'd',
      ),
    ).toThrow(/structured dtypes/);
    expect(() =>
      parseNpy(npyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data), 'e'),
    ).toThrow(/e: truncated data .* needs 16 bytes, found 8/);
    expect(() => parseNpy(Buffer.from('not numpy at all'))).toThrow(NpyFormatError);
  });

  it('checks the zip container: CRC, truncation, unsupported compression', () => {
    const archive = writeZip([{ name: 'a.npy', data: Buffer.from('hello hello hello') }], {
      compress: false,
    });
    expect(readZip(archive)[0].data.toString()).toBe('hello hello hello');
    const flipped = Buffer.from(archive);
    flipped[30 + 'a.npy'.length] ^= 1; // first data byte
    expect(() => readZip(flipped)).toThrow(/CRC mismatch in entry a.npy/);
    expect(() => readZip(archive.subarray(0, archive.length - 10))).toThrow(ZipFormatError);
    const bzip = Buffer.from(archive);
    bzip.writeUInt16LE(12, 8);
    const directory = bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bzip.writeUInt16LE(12, directory + 10);
    expect(() => readZip(bzip)).toThrow(/compression method 12/);
  });

  it('never inflates an entry past its declared size', () => {
    const archive = writeZip([{ name: 'x', data: Buffer.alloc(10) }], { compress: false });
    // Swap in a deflate stream of 1 MB zeros but keep the declared size of 10 bytes.
    const bomb = deflateRawSync(Buffer.alloc(1 << 20));
    const local = archive.subarray(0, 31);
    const directory = Buffer.from(archive.subarray(41));
    const header = Buffer.from(local);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(bomb.length, 18);
    directory.writeUInt16LE(8, 10);
    directory.writeUInt32LE(bomb.length, 20);
    directory.writeUInt32LE(31 + bomb.length, directory.length - 6);
    expect(() => readZip(Buffer.concat([header, bomb, directory]))).toThrow(/does not inflate/);
  });

  it('reads the real PneumoniaMNIST file: shapes, dtypes and label counts', async () => {
    const arrays = await readNpz(PNEUMONIA);
    expect([...arrays.keys()].sort()).toEqual([
      'test_images',
      'test_labels',
      'train_images',
      'train_labels',
      'val_images',
      'val_labels',
    ]);
    // PROVENANCE.md: train 4708, val 524, test 624 images of 28×28 uint8; labels (N, 1).
    const sizes = { train: 4708, val: 524, test: 624 };
    for (const [split, count] of Object.entries(sizes)) {
      const images = arrays.get(`${split}_images`);
      const labels = arrays.get(`${split}_labels`);
      expect(images?.dtype).toBe('uint8');
      expect(images?.shape).toEqual([count, 28, 28]);
      expect(images?.data.length).toBe(count * 784);
      expect(labels?.shape).toEqual([count, 1]);
    }
    // Label counts (normal / pneumonia) from PROVENANCE.md: train 1214 / 3494.
    const trainLabels = arrays.get('train_labels')?.data ?? new Uint8Array();
    let pneumonia = 0;
    for (const label of trainLabels) pneumonia += Number(label);
    expect(pneumonia).toBe(3494);
    // Pixels use the whole range rather than, say, a misread header offset's zeros.
    const pixels = arrays.get('train_images')?.data as Uint8Array;
    expect(Math.max(...pixels.subarray(0, 784))).toBeGreaterThan(100);
  });
});
