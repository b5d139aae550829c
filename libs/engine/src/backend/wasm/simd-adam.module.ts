/**
 * A WebAssembly SIMD function for one Adam step, run on the wasm backend's own memory (imported, so
 * no copies). JavaScript cannot do this pass fast: a Float32Array loop costs ~2 ns per element here,
 * ten times tfjs' SIMD kernels, so a fused step in JavaScript is slower than tfjs' eleven-op chain.
 * The module is a few instructions, assembled below from named opcodes.
 *
 * adam(value, first, second, gradient, newValue, newFirst, newSecond: byte offsets, bytes: i32,
 *      beta1, beta2, gradientShare, squareShare, rate, epsilon: f32), over `bytes / 16` lanes of 4:
 *   first'  = first·β₁ + g·(1 − β₁)
 *   second' = second·β₂ + g²·(1 − β₂)
 *   value'  = value − rate·first' / (√second' + ε)
 */
export type SimdAdam = (
  value: number,
  first: number,
  second: number,
  gradient: number,
  newValue: number,
  newFirst: number,
  newSecond: number,
  bytes: number,
  beta1: number,
  beta2: number,
  gradientShare: number,
  squareShare: number,
  rate: number,
  epsilon: number,
) => void;

/** The WebAssembly JS API as used here: the project's `lib` has no DOM typings, where it is declared. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (index: number) => [0x20, index],
  set: (index: number) => [0x21, index],
  i32Const: (value: number) => [0x41, ...leb128(value)],
  i32Add: [0x6a],
  i32GeU: [0x4f],
  // SIMD: prefix 0xfd, then the opcode as LEB128; loads and stores take a memarg (align log2, offset).
  load: [0xfd, 0x00, 0x00, 0x00],
  store: [0xfd, 0x0b, 0x00, 0x00],
  splat: [0xfd, 0x13],
  sqrt: [0xfd, 0xe3, 0x01],
  add: [0xfd, 0xe4, 0x01],
  sub: [0xfd, 0xe5, 0x01],
  mul: [0xfd, 0xe6, 0x01],
  div: [0xfd, 0xe7, 0x01],
};

// Parameters 0–7 (offsets, bytes), 8–13 (scalars); locals: 14 offset, 15–20 splatted scalars, 21–23 g, first', second'.
const [VALUE, FIRST, SECOND, GRADIENT, NEW_VALUE, NEW_FIRST, NEW_SECOND, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
const SCALARS = 8;
const [OFFSET, BETA1, BETA2, GRADIENT_SHARE, SQUARE_SHARE, RATE, EPSILON, G, NEXT_FIRST, NEXT_SECOND] = [
  14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
];

const at = (pointer: number) => [...op.get(pointer), ...op.get(OFFSET), ...op.i32Add];

const BODY = [
  ...[BETA1, BETA2, GRADIENT_SHARE, SQUARE_SHARE, RATE, EPSILON].flatMap((local, index) => [
    ...op.get(SCALARS + index),
    ...op.splat,
    ...op.set(local),
  ]),
  ...op.block,
  ...op.loop,
  ...[...op.get(OFFSET), ...op.get(BYTES), ...op.i32GeU, ...op.brIf(1)],
  ...[...at(GRADIENT), ...op.load, ...op.set(G)],
  ...[...at(FIRST), ...op.load, ...op.get(BETA1), ...op.mul],
  ...[...op.get(G), ...op.get(GRADIENT_SHARE), ...op.mul, ...op.add, ...op.set(NEXT_FIRST)],
  ...[...at(SECOND), ...op.load, ...op.get(BETA2), ...op.mul],
  ...[
    ...op.get(G),
    ...op.get(G),
    ...op.mul,
    ...op.get(SQUARE_SHARE),
    ...op.mul,
    ...op.add,
    ...op.set(NEXT_SECOND),
  ],
  ...[...at(NEW_FIRST), ...op.get(NEXT_FIRST), ...op.store],
  ...[...at(NEW_SECOND), ...op.get(NEXT_SECOND), ...op.store],
  ...at(NEW_VALUE),
  ...[...at(VALUE), ...op.load],
  ...[...op.get(RATE), ...op.get(NEXT_FIRST), ...op.mul],
  ...[...op.get(NEXT_SECOND), ...op.sqrt, ...op.get(EPSILON), ...op.add, ...op.div, ...op.sub, ...op.store],
  ...[...op.get(OFFSET), ...op.i32Const(16), ...op.i32Add, ...op.set(OFFSET)],
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...op.end,
];

const LOCALS = [
  [1, I32],
  [6 + 3, V128],
];

function leb128(value: number): number[] {
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

function moduleBytes(shared: boolean): Uint8Array {
  const body = [...vector(LOCALS), ...BODY];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector([...Array(8).fill([I32]), ...Array(6).fill([F32])]), 0x00]])),
    // (import "env" "memory" (memory 0 [65536 shared])): the backend's own, any size; shared in the
    // multi-threaded build, where an import must state a maximum (4 GiB, the most there is).
    ...section(
      2,
      vector([
        [
          ...name('env'),
          ...name('memory'),
          0x02,
          ...(shared ? [0x03, 0x00, ...leb128(65536)] : [0x00, 0x00]),
        ],
      ]),
    ),
    ...section(3, vector([[0x00]])),
    ...section(7, vector([[...name('adam'), 0x00, 0x00]])),
    ...section(10, vector([[...leb128(body.length), ...body]])),
  ]);
}

const compiled = new WeakMap<WasmMemory, SimdAdam>();

/** The function bound to `memory`, compiled once per memory; undefined where wasm SIMD is not available. */
export function simdAdamFor(memory: WasmMemory): SimdAdam | undefined {
  const known = compiled.get(memory);
  if (known) return known;
  const bytes = moduleBytes(
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer,
  );
  if (!WebAssembly.validate(bytes)) return undefined;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const adam = instance.exports.adam as SimdAdam;
  compiled.set(memory, adam);
  return adam;
}
