import { join } from 'node:path';
import { resolveBackend } from '@deepworks/engine';
import { readMedmnist, TriageClassifier, trainTriageClassifier } from '@deepworks/imaging';
import { benchRow, type BenchRow } from '../bench-report';
import type { BenchSuite } from '../bench-suite';
import { runPeer } from '../peer-process';

const EPOCHS = 3;
const BATCH = 64;
const LATENCY_IMAGES = 200;

/**
 * PneumoniaMNIST on the engine's best backend: training throughput of the triage classifier (the
 * service's own training code, augmentation included) beside PyTorch training `cnn28` at the same batch,
 * the test AUC it reaches in those epochs, and the per-image latency of scoring + Grad-CAM (p50, p95).
 */
export const triageSuite: BenchSuite = {
  name: 'triage',
  description: 'PneumoniaMNIST: training samples/s vs PyTorch, test AUC, score + Grad-CAM latency per image',
  async run({ peersDir, datasetsDir }) {
    const backend = await resolveBackend('auto');
    const { train, val, test } = await readMedmnist(join(datasetsDir, 'medmnist', 'pneumoniamnist.npz'));
    const started = performance.now();
    const { model, metadata } = await trainTriageClassifier(train!, val!, {
      epochs: EPOCHS,
      batchSize: BATCH,
      patience: EPOCHS,
      classNames: ['normal', 'pneumonia'],
    });
    const trainSeconds = (performance.now() - started) / 1000;
    const classifier = new TriageClassifier(model, metadata);
    const evaluation = classifier.evaluate(test!);

    const side = test!.height * test!.width;
    const latencies: number[] = [];
    for (let index = 0; index < LATENCY_IMAGES; index++) {
      const image = {
        width: test!.width,
        height: test!.height,
        channels: 1 as const,
        data: test!.pixels.subarray(index * side, (index + 1) * side),
      };
      const begun = performance.now();
      classifier.score(image);
      classifier.explain(image);
      latencies.push(performance.now() - begun);
    }
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) =>
      Number(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2));
    classifier.dispose();

    const peer = await runPeer<{ samples_per_s: number }>(peersDir, 'torch_train.py', [
      '--model',
      'cnn28',
      '--n',
      String(train!.count),
      '--batch',
      String(BATCH),
      '--epochs',
      '1',
    ]);
    const ours = (EPOCHS * train!.count) / trainSeconds;
    const rows: BenchRow[] = [
      benchRow(
        {
          name: 'training (augmented, validation each epoch)',
          backend: backend.backend,
          ours: Math.round(ours),
          peer: peer.result?.samples_per_s ?? null,
          unit: 'samples/s',
        },
        'higher',
      ),
      benchRow(
        {
          name: `training time, ${EPOCHS} epochs`,
          backend: backend.backend,
          ours: Number(trainSeconds.toFixed(1)),
          peer: null,
          unit: 's',
        },
        'lower',
      ),
      benchRow(
        {
          name: `test AUC after ${EPOCHS} epochs`,
          backend: backend.backend,
          ours: Number(evaluation.auc.toFixed(4)),
          peer: null,
          unit: '',
        },
        'higher',
      ),
      benchRow(
        {
          name: 'score + Grad-CAM per image, p50',
          backend: backend.backend,
          ours: percentile(0.5),
          peer: null,
          unit: 'ms',
        },
        'lower',
      ),
      benchRow(
        {
          name: 'score + Grad-CAM per image, p95',
          backend: backend.backend,
          ours: percentile(0.95),
          peer: null,
          unit: 'ms',
        },
        'lower',
      ),
    ];
    return {
      rows,
      notes: [
        `${train!.count} training images, batch ${BATCH}, ${EPOCHS} epochs; our figure includes augmentation and a validation pass per epoch, the peer's (torch_train.py cnn28, random data, no augmentation) does not`,
        `latency over the first ${LATENCY_IMAGES} test images, one at a time, as the API scores an upload`,
        ...(peer.skipped ? [peer.skipped] : []),
      ],
    };
  },
};
