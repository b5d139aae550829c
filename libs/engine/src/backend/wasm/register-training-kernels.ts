import {
  GatherV2,
  getKernel,
  Identity,
  type KernelConfig,
  registerKernel,
  Tile,
  Transpose,
  unregisterKernel,
} from '@tensorflow/tfjs';
import { adamUpdate } from './adam-update.kernel';
import { identityAwareTranspose, sharingIdentity } from './aliasing.kernels';
import { broadcastingTile } from './broadcasting-tile.kernel';
import {
  conv2dBackpropFilter,
  conv2dBackpropInput,
  depthwiseBackpropFilter,
  depthwiseBackpropInput,
} from './conv-backprop.kernels';
import { rowGather } from './row-gather.kernel';
import { MATMUL_KERNELS, untransposingMatMul } from './transposed-matmul.kernels';
import { unsortedSegmentSum } from './unsorted-segment-sum.kernel';

const BACKEND = 'wasm';
let registered = false;

/**
 * Completes tfjs' wasm backend for training: the gradient kernels it lacks, built from its own fast
 * kernels (slices, transposes, matmul, conv), and faster forms of the ones it has that training leans
 * on (transposed matmul, the conv input gradient, broadcasting tile, row gathers), and the fused Adam
 * step of `adamOptimizer`.
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
    adamUpdate(BACKEND),
  ]) {
    if (!getKernel(config.kernelName, BACKEND)) registerKernel(config);
  }
  // Kernels the backend has, but too slowly for training.
  replace(conv2dBackpropInput(BACKEND));
  for (const kernelName of MATMUL_KERNELS) replace(untransposingMatMul(getKernel(kernelName, BACKEND)));
  replace(broadcastingTile(getKernel(Tile, BACKEND)));
  replace(rowGather(getKernel(GatherV2, BACKEND)));
  replace(sharingIdentity(getKernel(Identity, BACKEND)));
  replace(identityAwareTranspose(getKernel(Transpose, BACKEND)));
}

function replace(config: KernelConfig): void {
  unregisterKernel(config.kernelName, BACKEND);
  registerKernel(config);
}
