/**
 * Just enough of the WebAssembly binary format to assemble this lib's few SIMD functions from named
 * opcodes: a fetched toolchain (wat2wasm, emscripten) would be a build step for a few dozen bytes.
 */

/** The WebAssembly JS API as used here: the project's `lib` has no DOM typings, where it is declared. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
};

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export const WASM_PAGE_BYTES = 65536;

/** Opcodes by name; loads and stores take a memarg: alignment (log2 bytes) and a constant offset. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (index: number) => [0x20, index],
  set: (index: number) => [0x21, index],
  i32Const: (value: number) => [0x41, ...leb128(value)],
  i32Load: (offset = 0) => [0x28, 0x02, ...leb128(offset)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32GeU: [0x4f],
  // SIMD: prefix 0xfd, then the opcode as LEB128.
  load: [0xfd, 0x00, 0x00, 0x00],
  store: [0xfd, 0x0b, 0x00, 0x00],
  /** v128.load32_splat: one f32 from memory into all four lanes. */
  loadSplat: (offset = 0) => [0xfd, 0x09, 0x02, ...leb128(offset)],
  splat: [0xfd, 0x13],
  sqrt: [0xfd, 0xe3, 0x01],
  add: [0xfd, 0xe4, 0x01],
  sub: [0xfd, 0xe5, 0x01],
  mul: [0xfd, 0xe6, 0x01],
  div: [0xfd, 0xe7, 0x01],
};

/** Unsigned LEB128, the format's integer encoding. */
export function leb128(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

const vector = (items: number[][]) => [...leb128(items.length), ...items.flat()];
const name = (text: string) => [...leb128(text.length), ...Buffer.from(text, 'utf8')];
const section = (id: number, content: number[]) => [id, ...leb128(content.length), ...content];

export interface SingleFunctionModule {
  /** The export's name. */
  name: string;
  parameters: number[];
  /** Runs of locals after the parameters: [count, type]. */
  locals: [number, number][];
  body: number[];
  /** Import a shared memory (tfjs' multi-threaded build) rather than a plain one. */
  sharedMemory?: boolean;
}

/**
 * A module of one exported function (no results) over an imported `env.memory` of any size. A shared
 * import must state a maximum: 4 GiB, the most there is.
 */
export function assembleModule(spec: SingleFunctionModule): Uint8Array {
  const body = [...vector(spec.locals.map(([count, type]) => [...leb128(count), type])), ...spec.body];
  const limits = spec.sharedMemory ? [0x03, 0x00, ...leb128(65536)] : [0x00, 0x00];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector(spec.parameters.map((type) => [type])), 0x00]])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, ...limits]])),
    ...section(3, vector([[0x00]])),
    ...section(7, vector([[...name(spec.name), 0x00, 0x00]])),
    ...section(10, vector([[...leb128(body.length), ...body]])),
  ]);
}

/** The module's function bound to `memory`; undefined where the module does not validate (no SIMD). */
export function instantiateFunction<F>(
  bytes: Uint8Array,
  exportName: string,
  memory: WasmMemory,
): F | undefined {
  if (!WebAssembly.validate(bytes)) return undefined;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return instance.exports[exportName] as F;
}

/** A fresh, non-shared memory of at least `bytes`. */
export function wasmMemory(bytes: number): WasmMemory {
  return new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
}
