import {
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';

/**
 * Runs the backend's own kernels from inside a composite kernel, the way tfjs' CPU backend does,
 * without going through the engine (nothing here is taped or tracked). Every output owns one
 * reference to its data; `finish(result)` releases every intermediate and hands `result` over.
 */
export class KernelScope {
  private readonly outputs: TensorInfo[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** `inputs` is a list for the list-taking kernels (Concat, AddN). */
  run(kernelName: string, inputs: NamedTensorInfoMap | TensorInfo[], attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, this.backendName);
    if (!kernel) throw new Error(`kernel ${kernelName} is not registered for ${this.backendName}`);
    const output = kernel.kernelFunc({
      inputs: inputs as NamedTensorInfoMap,
      backend: this.backend,
      attrs,
    }) as TensorInfo;
    this.outputs.push(output);
    return output;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Zero padding; `x` itself when there is none to add. */
  pad(x: TensorInfo, paddings: [number, number][]): TensorInfo {
    if (paddings.every(([before, after]) => before === 0 && after === 0)) return x;
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  /** Swaps the last two axes. */
  transposeLastTwo(x: TensorInfo): TensorInfo {
    const perm = x.shape.map((_, axis) => axis);
    const rank = perm.length;
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
    return this.run('Transpose', { x }, { perm });
  }

  finish(result: TensorInfo): TensorInfo {
    for (const output of this.outputs) {
      if (output !== result) this.backend.disposeData(output.dataId);
    }
    this.outputs.length = 0;
    return result;
  }

  /** On failure, release everything made so far. */
  abandon(): void {
    for (const output of this.outputs) this.backend.disposeData(output.dataId);
    this.outputs.length = 0;
  }
}

/** Runs `body` in a scope that is cleaned up whether it returns or throws. */
export function composite(
  backend: unknown,
  backendName: string,
  body: (scope: KernelScope) => TensorInfo,
): TensorInfo {
  const scope = new KernelScope(backend as KernelBackend, backendName);
  try {
    return scope.finish(body(scope));
  } catch (error) {
    scope.abandon();
    throw error;
  }
}
