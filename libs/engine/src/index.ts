export { resolveBackend, parseBackendChoice, ENGINE_BACKENDS } from './backend/resolve-backend';
export type {
  EngineBackendName,
  EngineBackendChoice,
  ResolvedBackend,
  SkippedBackend,
} from './backend/resolve-backend';
export { registerWasmTrainingKernels } from './backend/wasm/register-training-kernels';
