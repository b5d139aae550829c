import { availableParallelism } from 'node:os';
import { adamOptimizer, ENGINE_BACKENDS, resolveBackend, tf } from '@deepworks/engine';
import { benchRow, type BenchRow } from '../bench-report';
import type { BenchSuite } from '../bench-suite';
import { runPeer } from '../peer-process';

interface Workload {
  name: 'mlp' | 'cnn28' | 'gmf';
  batch: number;
  /** Samples per epoch: the same for us and for the peer. */
  samples: number;
  build(): tf.LayersModel;
  data(samples: number): { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor };
}

/** The peer's shapes exactly (`torch_train.py`): see PEERS_DIR/README.md. */
const WORKLOADS: Workload[] = [
  {
    name: 'mlp',
    batch: 256,
    samples: 8192,
    build: () =>
      compiled(
        tf.sequential({
          layers: [
            tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
            tf.layers.dense({ units: 128, activation: 'relu' }),
            tf.layers.dense({ units: 10 }),
          ],
        }),
        softmaxCrossEntropy,
      ),
    data: (samples) => ({ x: tf.randomNormal([samples, 784]), y: randomOneHot(samples, 10) }),
  },
  {
    name: 'cnn28',
    batch: 64,
    samples: 2048,
    build: () =>
      compiled(
        tf.sequential({
          layers: [
            tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same' }),
            tf.layers.batchNormalization(),
            tf.layers.reLU(),
            tf.layers.maxPooling2d({ poolSize: 2 }),
            tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
            tf.layers.maxPooling2d({ poolSize: 2 }),
            tf.layers.flatten(),
            tf.layers.dropout({ rate: 0.3 }),
            tf.layers.dense({ units: 128, activation: 'relu' }),
            tf.layers.dense({ units: 2 }),
          ],
        }),
        softmaxCrossEntropy,
      ),
    data: (samples) => ({ x: tf.randomNormal([samples, 28, 28, 1]), y: randomOneHot(samples, 2) }),
  },
  {
    name: 'gmf',
    batch: 1024,
    samples: 65536,
    build: () => {
      const user = tf.input({ shape: [1], dtype: 'int32' });
      const item = tf.input({ shape: [1], dtype: 'int32' });
      const userVector = tf.layers
        .flatten()
        .apply(tf.layers.embedding({ inputDim: 6040, outputDim: 64 }).apply(user));
      const itemVector = tf.layers
        .flatten()
        .apply(tf.layers.embedding({ inputDim: 3706, outputDim: 64 }).apply(item));
      const logit = tf.layers
        .dot({ axes: 1 })
        .apply([userVector, itemVector] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
      return compiled(tf.model({ inputs: [user, item], outputs: logit }), (labels, logits) =>
        tf.losses.sigmoidCrossEntropy(labels, logits),
      );
    },
    data: (samples) => ({
      x: [tf.randomUniform([samples, 1], 0, 6040, 'int32'), tf.randomUniform([samples, 1], 0, 3706, 'int32')],
      y: tf.cast(tf.randomUniform([samples, 1], 0, 2, 'int32'), 'float32'),
    }),
  },
];

/** Timed epochs after one warm-up epoch, best reported: the peer's own protocol. */
const TIMED_EPOCHS = 2;

/**
 * Training throughput of the three reference models on every backend that loads here, beside
 * PyTorch on the CPU doing the same work in the same run.
 */
export const engineSuite: BenchSuite = {
  name: 'engine',
  description: 'training samples/s of mlp, cnn28 and gmf on each backend, beside PyTorch CPU',
  async run({ peersDir }) {
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const peers = new Map<string, number | null>();
    for (const workload of WORKLOADS) {
      const peer = await runPeer<{ samples_per_s: number; threads: number; torch: string }>(
        peersDir,
        'torch_train.py',
        [
          '--model',
          workload.name,
          '--n',
          String(workload.samples),
          '--batch',
          String(workload.batch),
          '--epochs',
          String(TIMED_EPOCHS),
        ],
      );
      peers.set(workload.name, peer.result?.samples_per_s ?? null);
      if (peer.result)
        notes.push(`peer ${workload.name}: PyTorch ${peer.result.torch}, ${peer.result.threads} thread(s)`);
      else notes.push(`peer ${workload.name} skipped: ${peer.skipped}`);
    }
    for (const backend of ENGINE_BACKENDS) {
      try {
        await resolveBackend(backend);
      } catch (error) {
        notes.push(`${backend}: not measured, ${(error as Error).message}`);
        continue;
      }
      for (const workload of WORKLOADS) {
        if (backend === 'cpu' && workload.name === 'gmf') {
          // tfjs' cpu UnsortedSegmentSum loops over every segment for every batch (6040 × 1024 rows).
          notes.push('cpu gmf: not measured; one batch takes minutes on the plain-JS embedding gradient');
          continue;
        }
        // Plain JS kernels are orders of magnitude slower: a smaller epoch keeps the run bounded.
        const samples = backend === 'cpu' ? workload.batch * 2 : workload.samples;
        rows.push(await measuredRow(workload, backend, samples, peers));
        if (backend === 'cpu')
          notes.push(`cpu ${workload.name}: ${samples} samples per epoch (not ${workload.samples})`);
      }
    }
    // Last: a process keeps the multi-threaded build once it has started it.
    const threads = availableParallelism();
    if (threads > 1) {
      const resolved = await resolveBackend('wasm', { wasmThreads: threads });
      for (const workload of WORKLOADS) {
        rows.push(await measuredRow(workload, `wasm, ${resolved.threads} threads`, workload.samples, peers));
      }
      notes.push(
        `wasm, ${resolved.threads} threads: tfjs' multi-threaded build (ENGINE_WASM_THREADS=${threads})`,
      );
    }
    return { rows, notes };
  },
};

/** Our samples/s for `workload` on the active backend, beside the peer's figure. */
async function measuredRow(
  workload: Workload,
  backend: string,
  samples: number,
  peers: Map<string, number | null>,
): Promise<BenchRow> {
  const ours = await samplesPerSecond(workload, samples);
  return benchRow(
    {
      name: workload.name,
      backend,
      ours: Number(ours.toFixed(1)),
      peer: peers.get(workload.name) ?? null,
      unit: 'samples/s',
    },
    'higher',
  );
}

async function samplesPerSecond(workload: Workload, samples: number): Promise<number> {
  const model = workload.build();
  const { x, y } = workload.data(samples);
  const epoch = async () => {
    const started = performance.now();
    await model.fit(x, y, { batchSize: workload.batch, epochs: 1, shuffle: false, verbose: 0 });
    return (performance.now() - started) / 1000;
  };
  await epoch();
  let best = Infinity;
  for (let run = 0; run < TIMED_EPOCHS; run++) best = Math.min(best, await epoch());
  tf.dispose([x, y] as tf.TensorContainer);
  model.dispose();
  return samples / best;
}

function compiled(
  model: tf.LayersModel,
  loss: (labels: tf.Tensor, predictions: tf.Tensor) => tf.Tensor,
): tf.LayersModel {
  model.compile({ optimizer: adamOptimizer(1e-3), loss });
  return model;
}

function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.losses.softmaxCrossEntropy(labels, logits);
}

function randomOneHot(samples: number, classes: number): tf.Tensor {
  return tf.tidy(() =>
    tf.cast(tf.oneHot(tf.randomUniform([samples], 0, classes, 'int32'), classes), 'float32'),
  );
}
