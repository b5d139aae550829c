import { endianness } from 'node:os';

/** NumPy dtypes this reader handles, by NumPy's name. */
export type NpyDtype =
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'uint32'
  | 'int32'
  | 'int64'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'bool';

export type NpyData =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

export interface NpyArray {
  dtype: NpyDtype;
  /** C (row-major) order; `[]` for a scalar. */
  shape: number[];
  /** `bool` is a Uint8Array of 0/1; 64-bit integers are BigInt64/BigUint64 unless read as float64. */
  data: NpyData;
}

export interface NpyReadOptions {
  /**
   * `bigint` (default): int64/uint64 arrays come back exact, as BigInt64Array/BigUint64Array.
   * `float64`: as Float64Array (dtype stays `int64`/`uint64`); a value beyond ±2^53 is an error, not
   * a silent rounding.
   */
  int64As?: 'bigint' | 'float64';
}

interface DtypeInfo {
  dtype: NpyDtype;
  bytes: number;
  make(buffer: ArrayBuffer, length: number): NpyData;
}

const UINT8: DtypeInfo = {
  dtype: 'uint8',
  bytes: 1,
  make: (buffer, length) => new Uint8Array(buffer, 0, length),
};
const INT8: DtypeInfo = {
  dtype: 'int8',
  bytes: 1,
  make: (buffer, length) => new Int8Array(buffer, 0, length),
};
const BOOL: DtypeInfo = {
  dtype: 'bool',
  bytes: 1,
  make: (buffer, length) => new Uint8Array(buffer, 0, length),
};

// The descr strings NumPy writes (format.py, dtype_to_descr): '|' for one-byte types, '<' little-endian.
// One-byte types have no byte order; some writers mark them '<' or '=' anyway.
const DTYPES: Readonly<Record<string, DtypeInfo>> = {
  '|u1': UINT8,
  '<u1': UINT8,
  '=u1': UINT8,
  '|i1': INT8,
  '<i1': INT8,
  '=i1': INT8,
  '|b1': BOOL,
  '<b1': BOOL,
  '=b1': BOOL,
  '<u2': { dtype: 'uint16', bytes: 2, make: (buffer, length) => new Uint16Array(buffer, 0, length) },
  '<i2': { dtype: 'int16', bytes: 2, make: (buffer, length) => new Int16Array(buffer, 0, length) },
  '<u4': { dtype: 'uint32', bytes: 4, make: (buffer, length) => new Uint32Array(buffer, 0, length) },
  '<i4': { dtype: 'int32', bytes: 4, make: (buffer, length) => new Int32Array(buffer, 0, length) },
  '<i8': { dtype: 'int64', bytes: 8, make: (buffer, length) => new BigInt64Array(buffer, 0, length) },
  '<u8': { dtype: 'uint64', bytes: 8, make: (buffer, length) => new BigUint64Array(buffer, 0, length) },
  '<f4': { dtype: 'float32', bytes: 4, make: (buffer, length) => new Float32Array(buffer, 0, length) },
  '<f8': { dtype: 'float64', bytes: 8, make: (buffer, length) => new Float64Array(buffer, 0, length) },
};

const DESCR_OF: Record<NpyDtype, string> = {
  uint8: '|u1',
  int8: '|i1',
  bool: '|b1',
  uint16: '<u2',
  int16: '<i2',
  uint32: '<u4',
  int32: '<i4',
  int64: '<i8',
  uint64: '<u8',
  float32: '<f4',
  float64: '<f8',
};

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export class NpyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyFormatError';
  }
}

/** Typed arrays view memory in the machine's byte order; NPY data here is little-endian. */
function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new NpyFormatError('NPY reading/writing needs a little-endian machine');
}

/**
 * One `.npy` file: the NPY format v1.0/v2.0/v3.0 (numpy/lib/format.py): magic, version, a header
 * length (2 bytes in v1, 4 in v2/v3), a Python-literal dict header, then the raw C-order data.
 */
export function parseNpy(bytes: Uint8Array, name = 'array', options: NpyReadOptions = {}): NpyArray {
  assertLittleEndian();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 10 || !buffer.subarray(0, 6).equals(MAGIC))
    throw new NpyFormatError(`${name}: not an NPY file (bad magic)`);
  const major = buffer[6];
  if (major !== 1 && major !== 2 && major !== 3)
    throw new NpyFormatError(`${name}: unsupported NPY format version ${major}.${buffer[7]}`);
  const headerLength = major === 1 ? buffer.readUInt16LE(8) : buffer.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (buffer.length < dataStart) throw new NpyFormatError(`${name}: truncated NPY header`);
  // v3 allows UTF-8 in the header (structured field names); v1/v2 are latin1.
  const header = buffer.toString(major === 3 ? 'utf8' : 'latin1', headerStart, dataStart);
  const { descr, fortranOrder, shape } = parseHeader(header, name);
  if (fortranOrder)
    throw new NpyFormatError(`${name}: fortran_order=True arrays are not supported (save with C order)`);
  const info = DTYPES[descr];
  if (!info)
    throw new NpyFormatError(
      `${name}: unsupported dtype '${descr}' (supported: ${Object.keys(DTYPES)
        .filter((key) => !key.startsWith('=') && !/^<[uib]1$/.test(key))
        .join(' ')})`,
    );
  const count = shape.reduce((product, size) => product * size, 1);
  const byteLength = count * info.bytes;
  if (buffer.length - dataStart < byteLength)
    throw new NpyFormatError(
      `${name}: truncated data (shape (${shape.join(', ')}) needs ${byteLength} bytes, found ${buffer.length - dataStart})`,
    );
  // A fresh, aligned copy: the header need not leave the data on an 8-byte boundary.
  const copy = new ArrayBuffer(byteLength);
  new Uint8Array(copy).set(buffer.subarray(dataStart, dataStart + byteLength));
  let data = info.make(copy, count);
  if ((info.dtype === 'int64' || info.dtype === 'uint64') && options.int64As === 'float64')
    data = bigIntsToFloat64(data as BigInt64Array | BigUint64Array, name);
  return { dtype: info.dtype, shape, data };
}

function bigIntsToFloat64(values: BigInt64Array | BigUint64Array, name: string): Float64Array {
  const result = new Float64Array(values.length);
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value > limit || value < -limit)
      throw new NpyFormatError(
        `${name}: int64 value ${value} at index ${index} does not fit a float64 exactly`,
      );
    result[index] = Number(value);
  }
  return result;
}

/** The header dict, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`. */
function parseHeader(
  header: string,
  name: string,
): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descrMatch = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(header);
  const fortranMatch = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descrMatch) {
    if (/['"]descr['"]\s*:\s*\[/.test(header))
      throw new NpyFormatError(`${name}: structured dtypes are not supported`);
    throw new NpyFormatError(`${name}: NPY header has no descr: ${header.trim()}`);
  }
  if (!fortranMatch || !shapeMatch)
    throw new NpyFormatError(`${name}: malformed NPY header: ${header.trim()}`);
  const shape = shapeMatch[1]
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const size = Number(part.replace(/L$/, ''));
      if (!Number.isSafeInteger(size) || size < 0)
        throw new NpyFormatError(`${name}: bad shape entry "${part}" in NPY header`);
      return size;
    });
  return { descr: descrMatch[2], fortranOrder: fortranMatch[1] === 'True', shape };
}

/** An NPY v1.0 file (v2.0 when the header outgrows 65535 bytes), header padded to 64 bytes as NumPy does. */
export function encodeNpy(array: NpyArray, name = 'array'): Buffer {
  assertLittleEndian();
  const descr = DESCR_OF[array.dtype];
  if (!descr) throw new NpyFormatError(`${name}: unsupported dtype "${String(array.dtype)}"`);
  const count = array.shape.reduce((product, size) => product * size, 1);
  if (array.data.length !== count)
    throw new NpyFormatError(
      `${name}: shape (${array.shape.join(', ')}) holds ${count} values, data has ${array.data.length}`,
    );
  const data = dataForDtype(array, name);
  const shapeText =
    array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.map(String).join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let major = 1;
  let prefix = 10;
  if (dict.length + 1 + prefix > 0xffff) {
    major = 2;
    prefix = 12;
  }
  const unpadded = prefix + dict.length + 1;
  const padding = (64 - (unpadded % 64)) % 64;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const out = Buffer.alloc(prefix + header.length + data.byteLength);
  MAGIC.copy(out, 0);
  out[6] = major;
  out[7] = 0;
  if (major === 1) out.writeUInt16LE(header.length, 8);
  else out.writeUInt32LE(header.length, 8);
  out.write(header, prefix, 'latin1');
  out.set(data, prefix + header.length);
  return out;
}

/** The data's bytes, after checking the typed array matches the dtype (int64 may come as float64). */
function dataForDtype(array: NpyArray, name: string): Uint8Array {
  const { dtype, data } = array;
  const expected: Record<NpyDtype, (value: NpyData) => boolean> = {
    uint8: (value) => value instanceof Uint8Array,
    bool: (value) => value instanceof Uint8Array,
    int8: (value) => value instanceof Int8Array,
    uint16: (value) => value instanceof Uint16Array,
    int16: (value) => value instanceof Int16Array,
    uint32: (value) => value instanceof Uint32Array,
    int32: (value) => value instanceof Int32Array,
    int64: (value) => value instanceof BigInt64Array || value instanceof Float64Array,
    uint64: (value) => value instanceof BigUint64Array || value instanceof Float64Array,
    float32: (value) => value instanceof Float32Array,
    float64: (value) => value instanceof Float64Array,
  };
  if (!expected[dtype](data))
    throw new NpyFormatError(`${name}: dtype ${dtype} does not match its data (${data.constructor.name})`);
  if ((dtype === 'int64' || dtype === 'uint64') && data instanceof Float64Array) {
    const integers = dtype === 'int64' ? new BigInt64Array(data.length) : new BigUint64Array(data.length);
    for (let index = 0; index < data.length; index++) {
      const value = data[index];
      if (!Number.isSafeInteger(value) || (dtype === 'uint64' && value < 0))
        throw new NpyFormatError(`${name}: ${value} at index ${index} is not a valid ${dtype}`);
      integers[index] = BigInt(value);
    }
    return new Uint8Array(integers.buffer);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
