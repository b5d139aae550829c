import { assembleModule, F32, I32, instantiateFunction, op, V128, type WasmMemory } from './wasm-assembly';

/**
 * A WebAssembly SIMD function for one Adam step, run on the wasm backend's own memory (imported, so
 * no copies). JavaScript cannot do this pass fast: a Float32Array loop costs ~2 ns per element here,
 * ten times tfjs' SIMD kernels, so a fused step in JavaScript is slower than tfjs' eleven-op chain.
 * The module is a few instructions, assembled from named opcodes (`wasm-assembly.ts`).
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

const compiled = new WeakMap<WasmMemory, SimdAdam>();

/** The function bound to `memory`, compiled once per memory; undefined where wasm SIMD is not available. */
export function simdAdamFor(memory: WasmMemory): SimdAdam | undefined {
  const known = compiled.get(memory);
  if (known) return known;
  const bytes = assembleModule({
    name: 'adam',
    parameters: [...Array<number>(8).fill(I32), ...Array<number>(6).fill(F32)],
    locals: [
      [1, I32],
      [6 + 3, V128],
    ],
    body: BODY,
    sharedMemory: typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer,
  });
  const adam = instantiateFunction<SimdAdam>(bytes, 'adam', memory);
  if (adam) compiled.set(memory, adam);
  return adam;
}
