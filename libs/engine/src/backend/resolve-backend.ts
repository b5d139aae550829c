import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './wasm/register-training-kernels';
import { useWasmThreads } from './wasm/threaded-wasm.backend';

/** Fastest first: the order `auto` tries them in. */
export const ENGINE_BACKENDS = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type EngineBackendName = (typeof ENGINE_BACKENDS)[number];
export type EngineBackendChoice = EngineBackendName | 'auto';

export interface SkippedBackend {
  backend: EngineBackendName;
  reason: string;
}

export interface ResolvedBackend {
  /** The engine's name for it (`tensorflow-gpu`, …). */
  backend: EngineBackendName;
  /** The name tfjs registered it under (`tensorflow`, `webgpu`, `wasm`, `cpu`). */
  tfjsBackend: string;
  /** Faster backends that were tried first, and why each was passed over. */
  skipped: SkippedBackend[];
  /** XNNPACK threads, for `wasm`. */
  threads?: number;
}

export interface BackendOptions {
  /**
   * Threads for `wasm` (default 1: tfjs' single-threaded build). More starts tfjs' multi-threaded
   * build; a process keeps the count it first asked for above 1.
   */
  wasmThreads?: number;
}

interface BackendLoader {
  tfjsName: string;
  /** Registers the backend with tfjs, or throws saying why it cannot be had here. */
  load(options: BackendOptions): Promise<void>;
}

const LOADERS: Record<EngineBackendName, BackendLoader> = {
  // Both native packages register themselves as tfjs backend "tensorflow".
  'tensorflow-gpu': { tfjsName: 'tensorflow', load: () => importOptional('@tensorflow/tfjs-node-gpu') },
  tensorflow: { tfjsName: 'tensorflow', load: () => importOptional('@tensorflow/tfjs-node') },
  webgpu: { tfjsName: 'webgpu', load: loadWebGpu },
  wasm: {
    tfjsName: 'wasm',
    load: async ({ wasmThreads = 1 }) => {
      await importOptional('@tensorflow/tfjs-backend-wasm');
      registerWasmTrainingKernels();
      await useWasmThreads(wasmThreads);
    },
  },
  cpu: { tfjsName: 'cpu', load: () => importOptional('@tensorflow/tfjs-backend-cpu') },
};

export function parseBackendChoice(value: string | undefined): EngineBackendChoice {
  const choice = (value ?? 'auto').trim() || 'auto';
  if (choice === 'auto' || (ENGINE_BACKENDS as readonly string[]).includes(choice))
    return choice as EngineBackendChoice;
  throw new Error(`ENGINE_BACKEND must be one of auto, ${ENGINE_BACKENDS.join(', ')}; got "${choice}"`);
}

/**
 * Makes the chosen backend tfjs' active one. `auto` takes the fastest that loads and passes a one-op
 * self-check; an explicit choice that cannot be had is an error, not a silent fallback.
 */
export async function resolveBackend(
  choice: EngineBackendChoice = 'auto',
  options: BackendOptions = {},
): Promise<ResolvedBackend> {
  const candidates = choice === 'auto' ? [...ENGINE_BACKENDS] : [choice];
  const skipped: SkippedBackend[] = [];
  for (const backend of candidates) {
    const reason = await tryBackend(backend, options);
    if (reason === undefined) {
      const resolved = { backend, tfjsBackend: LOADERS[backend].tfjsName, skipped };
      return backend === 'wasm' ? { ...resolved, threads: getThreadsCount() } : resolved;
    }
    skipped.push({ backend, reason });
  }
  const detail = skipped.map((entry) => `${entry.backend}: ${entry.reason}`).join('; ');
  throw new Error(`no engine backend could be started (${detail})`);
}

async function tryBackend(backend: EngineBackendName, options: BackendOptions): Promise<string | undefined> {
  const loader = LOADERS[backend];
  try {
    await loader.load(options);
    if (!(await tf.setBackend(loader.tfjsName)))
      return `tfjs could not initialise backend "${loader.tfjsName}"`;
    await tf.ready();
    return selfCheck();
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/** 1 + 2 and 3 + 4 on the backend, read back: catches a backend that loads but computes nothing. */
async function selfCheck(): Promise<string | undefined> {
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 3]), tf.tensor1d([2, 4])));
  const values = Array.from(await sum.data());
  sum.dispose();
  return values[0] === 3 && values[1] === 7
    ? undefined
    : `self-check computed [${values.join(', ')}], not [3, 7]`;
}

async function importOptional(name: string): Promise<void> {
  try {
    await import(name);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(`package ${name} is not installed`);
    }
    throw error;
  }
}

/** WebGPU through Dawn's Node binding (`webgpu` on npm), only with a real (non-CPU) GPU adapter. */
async function loadWebGpu(): Promise<void> {
  const dawn = (await import('webgpu').catch(() => {
    throw new Error('package webgpu (Dawn for Node) is not installed');
  })) as { create(flags: string[]): { requestAdapter(): Promise<unknown> }; globals: object };
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const adapter = (await gpu.requestAdapter()) as { info?: { type?: string; description?: string } } | null;
  if (!adapter) throw new Error('no WebGPU adapter (no GPU, or no Vulkan driver)');
  if (adapter.info?.type === 'cpu')
    throw new Error(`only a CPU WebGPU adapter (${adapter.info.description ?? 'software'})`);
  const navigatorLike = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  if (navigatorLike) navigatorLike.gpu = gpu;
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  await importOptional('@tensorflow/tfjs-backend-webgpu');
}
