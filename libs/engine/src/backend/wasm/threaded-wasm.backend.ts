import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** The Emscripten module as far as tfjs' backend and the engine's kernels use it. */
interface ThreadedModule {
  cwrap(name: string, returns: string | null, parameters: string[]): (...args: number[]) => number;
  PThread: { unusedWorkers: { unref(): void }[]; runningWorkers: { unref(): void }[] };
  tfjs?: Record<string, (...args: number[]) => number>;
}

const THREADED = 'tfjs-backend-wasm-threaded-simd';
/** tfjs' priority for its wasm backend; kept so that `auto` orders backends as before. */
const WASM_PRIORITY = 2;
const loadModule = createRequire(__filename);

let registeredThreads = 1;

/**
 * Registers tfjs' multi-threaded wasm build as the backend `wasm`, with `threads` XNNPACK threads.
 * tfjs' own start-up of that build does not work under Node: it hands the pthread workers a `blob:`
 * URL, which Node's Worker refuses, and re-serialises its bundled factory as their main script, which
 * then lacks the bundle's imports. Here the package's standalone Emscripten glue
 * (`wasm-out/…threaded-simd.js`) is the main script, and the worker script is a file.
 * tfjs caps its pool at half the logical CPUs, assuming two hyperthreads per core. So while the module
 * starts, the glue is shown twice as many CPUs: the cap becomes the count asked for.
 * Its workers are unref'd, so a finished process still exits.
 * Returns the thread count the backend reports. With 1, the standard single-threaded build is left in place.
 */
export async function useWasmThreads(threads: number): Promise<number> {
  if (threads === registeredThreads) return threads;
  if (threads === 1)
    throw new Error('the wasm backend is already multi-threaded in this process; restart it for 1 thread');
  const wasmOut = join(dirname(loadModule.resolve('@tensorflow/tfjs-backend-wasm')), '..', 'wasm-out');
  const glue = join(wasmOut, `${THREADED}.js`);
  const worker = workerScript(wasmOut);
  const factory = loadModule(glue) as (config: object) => Promise<ThreadedModule>;
  const cpus = os.cpus;
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  let module: ThreadedModule;
  try {
    module = await factory({
      locateFile: (path: string, prefix: string) =>
        path.endsWith('.worker.js')
          ? worker
          : path.endsWith('.wasm')
            ? join(wasmOut, `${THREADED}.wasm`)
            : prefix + path,
      mainScriptUrlOrBlob: glue,
    });
  } finally {
    os.cpus = cpus;
  }
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module as never);
  for (const thread of [...module.PThread.unusedWorkers, ...module.PThread.runningWorkers]) thread.unref();
  // Registered on import of @tensorflow/tfjs-backend-wasm (the standard build): replaced.
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => backend, WASM_PRIORITY);
  registeredThreads = threads;
  return module.tfjs.getThreadsCount();
}

/** The pthread worker script tfjs ships as a string, as a file (named by its content) Node's Worker can run. */
function workerScript(wasmOut: string): string {
  const { wasmWorkerContents } = loadModule(join(wasmOut, `${THREADED}.worker.js`)) as {
    wasmWorkerContents: string;
  };
  // The string's own "\n" escapes became newlines inside string literals; tfjs escapes them back too.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const path = join(os.tmpdir(), `deepworks-${THREADED}-${digest}.worker.js`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, source);
    renameSync(partial, path);
  }
  return path;
}
