import { type DataId, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: DataId): void;
}

/** A new tensor on the same data, as Reshape does: safe because no kernel writes into its inputs. */
function alias(backend: unknown, x: TensorInfo): TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * Identity shares the data instead of copying it, as tfjs' cpu and webgl backends do. Training clones
 * every weight a few times per step (29 identities per GMF step, two of them 6,040 × 64 tables).
 */
export function sharingIdentity(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    return x.dtype === 'string' ? original.kernelFunc(args) : alias(args.backend, x);
  };
  return { ...original, kernelFunc };
}

/** A transpose that keeps every axis in place (an embedding gradient does two per table) is an alias. */
export function identityAwareTranspose(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { perm } = args.attrs as { perm: number[] };
    const keepsOrder = perm.every((axis, position) => axis === position);
    return keepsOrder && x.dtype !== 'string' ? alias(args.backend, x) : original.kernelFunc(args);
  };
  return { ...original, kernelFunc };
}
