import { type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { composite } from './kernel-scope';

/**
 * Tile whose repeated axes all have size 1 is a broadcast, as in batch-norm's gradient
 * ([1,1,1,C] → [B,H,W,C]). The wasm backend's Tile walks the output element by element (about 60 ns
 * each); adding to a zero-filled output uses its vectorised broadcasting Add instead.
 */
export function broadcastingTile(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { reps } = attrs as { reps: number[] };
    const isBroadcast = x.dtype === 'float32' && reps.every((rep, axis) => rep === 1 || x.shape[axis] === 1);
    if (!isBroadcast) return original.kernelFunc({ inputs, backend, attrs });
    return composite(backend, original.backendName, (scope) => {
      const shape = x.shape.map((size, axis) => size * reps[axis]);
      const zeros = scope.run('Fill', {}, { shape, value: 0, dtype: 'float32' });
      return scope.run('Add', { a: zeros, b: x });
    });
  };
  return { ...original, kernelFunc };
}
