import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs';
import {
  conv2dBackpropFilter,
  depthwiseBackpropFilter,
  depthwiseBackpropInput,
} from './conv-backprop.kernels';
import { MATMUL_KERNELS, untransposingMatMul } from './transposed-matmul.kernels';
import { unsortedSegmentSum } from './unsorted-segment-sum.kernel';

const BACKEND = 'wasm';
let registered = false;

/**
 * Completes tfjs' wasm backend for training: the gradient kernels it lacks, built from its own fast
 * kernels (slices, transposes, matmul), and matmuls that stay on the fast path when transposed.
 * Idempotent; the kernel registry is tfjs' own process-wide table.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  for (const config of [
    conv2dBackpropFilter(BACKEND),
    depthwiseBackpropFilter(BACKEND),
    depthwiseBackpropInput(BACKEND),
    unsortedSegmentSum(BACKEND),
  ]) {
    if (!getKernel(config.kernelName, BACKEND)) registerKernel(config);
  }
  for (const kernelName of MATMUL_KERNELS) {
    const original = getKernel(kernelName, BACKEND);
    unregisterKernel(kernelName, BACKEND);
    registerKernel(untransposingMatMul(original));
  }
}
