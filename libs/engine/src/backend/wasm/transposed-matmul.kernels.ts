import {
  BatchMatMul,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
  _FusedMatMul,
} from '@tensorflow/tfjs';
import { composite } from './kernel-scope';

/**
 * The wasm backend's matmul is fast (XNNPACK-style packed kernels) only for untransposed operands; with
 * transposeA or transposeB set — as in every dense layer's backward pass — it is over ten times
 * slower. Transposing the operand first (a cheap copy) and multiplying untransposed is much faster.
 */
export function untransposingMatMul(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
    return composite(backend, original.backendName, (scope) => {
      const operands = inputs as { a: TensorInfo; b: TensorInfo };
      const a = transposeA ? scope.transposeLastTwo(operands.a) : operands.a;
      const b = transposeB ? scope.transposeLastTwo(operands.b) : operands.b;
      const untransposed: NamedAttrMap = { ...attrs, transposeA: false, transposeB: false };
      // The product is not the scope's: only the transposed copies are released.
      return original.kernelFunc({ inputs: { ...inputs, a, b }, backend, attrs: untransposed }) as TensorInfo;
    });
  };
  return { ...original, kernelFunc };
}

export const MATMUL_KERNELS = [BatchMatMul, _FusedMatMul];
