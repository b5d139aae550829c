import { type DataId, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import { simdAdamFor } from './simd-adam.module';
import type { WasmMemory } from './wasm-assembly';

/** The engine's own kernel: one Adam step for one variable (see `training/fused-adam.optimizer.ts`). */
export const ADAM_UPDATE = 'DeepworksAdamUpdate';

export interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ, the bias corrections of this step. */
  firstMomentCorrection: number;
  secondMomentCorrection: number;
}

interface WasmBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  dataIdMap: { get(dataId: DataId): { memoryOffset: number } };
  /** Its memory: created by the glue in the multi-threaded build, exported by the module otherwise. */
  wasm: { wasmMemory?: WasmMemory; asm: { memory?: WasmMemory } };
}

const LANES = 4;

/**
 * Inputs `value`, `firstMoment`, `secondMoment`, `gradient`; outputs the three updated, in that order,
 * into new buffers (the variables' old ones may be shared with other tensors, so are never written).
 * tfjs' Adam is a chain of eleven element-wise kernels, each a pass over the whole variable: for a
 * 6,040 × 64 embedding that was most of a training step. Here it is one SIMD pass on the backend's
 * heap. The bias corrections are folded into the rate and ε (Kingma & Ba, section 2), which is the
 * same step as tfjs' up to float32 rounding.
 */
export function adamUpdate(backendName: string): KernelConfig {
  return {
    kernelName: ADAM_UPDATE,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { value, firstMoment, secondMoment, gradient } = inputs as Record<string, TensorInfo>;
      const { beta1, beta2, epsilon, learningRate, firstMomentCorrection, secondMomentCorrection } =
        attrs as unknown as AdamUpdateAttrs;
      const wasm = backend as unknown as WasmBackend;
      const outputs = [value, firstMoment, secondMoment].map((input) =>
        wasm.makeOutput(input.shape, 'float32'),
      );
      const rate = (learningRate * Math.sqrt(secondMomentCorrection)) / firstMomentCorrection;
      const scaledEpsilon = epsilon * Math.sqrt(secondMomentCorrection);
      const size = value.shape.reduce((product, length) => product * length, 1);
      const vectorised = size - (size % LANES);
      const memory = wasm.wasm.wasmMemory ?? wasm.wasm.asm.memory;
      const adam = memory && simdAdamFor(memory);
      if (!adam) throw new Error(`${ADAM_UPDATE} needs WebAssembly SIMD and the backend's memory`);
      const offset = (info: TensorInfo) => wasm.dataIdMap.get(info.dataId).memoryOffset;
      const [newValueInfo, newFirstInfo, newSecondInfo] = outputs;
      adam(
        offset(value),
        offset(firstMoment),
        offset(secondMoment),
        offset(gradient),
        offset(newValueInfo),
        offset(newFirstInfo),
        offset(newSecondInfo),
        vectorised * Float32Array.BYTES_PER_ELEMENT,
        beta1,
        beta2,
        1 - beta1,
        1 - beta2,
        rate,
        scaledEpsilon,
      );
      // The last size mod 4 elements, the same step in JavaScript.
      const [oldValue, oldFirst, oldSecond, grad, newValue, newFirst, newSecond] = [
        value,
        firstMoment,
        secondMoment,
        gradient,
        ...outputs,
      ].map((info) => wasm.typedArrayFromHeap(info));
      for (let index = vectorised; index < size; index++) {
        const g = grad[index];
        newFirst[index] = oldFirst[index] * beta1 + g * (1 - beta1);
        newSecond[index] = oldSecond[index] * beta2 + g * g * (1 - beta2);
        newValue[index] =
          oldValue[index] - (rate * newFirst[index]) / (Math.sqrt(newSecond[index]) + scaledEpsilon);
      }
      return outputs;
    },
  };
}
