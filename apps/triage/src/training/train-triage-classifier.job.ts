import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { resizeBilinear, stratifiedSplit } from '@deepworks/data-prep';
import { type ImageSet, saveTriageClassifier, trainTriageClassifier } from '@deepworks/imaging';
import {
  JobQueue,
  type JobHandler,
  type JobProgressReporter,
  ModelRegistry,
  type QueuedJob,
  QueueJob,
  NonRetryableJobError,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { SCORE_PENDING_QUEUE } from '../scoring/score-pending-studies.job';
import { TRIAGE_MODEL_TASK } from '../scoring/triage-model.service';
import type { StartTrainingRunDto } from './dto/training-run.dto';
import { searchTriageClassifier } from './triage-classifier.search';

export const TRAIN_CLASSIFIER_QUEUE = 'train-triage-classifier';
/** Studies are resized to this square for the model (PneumoniaMNIST's 28 × 28). */
const INPUT_SIDE = 28;

interface LabelledStudy {
  id: string;
  width: number;
  height: number;
  pixels: Buffer;
  label: string;
}

/**
 * Trains a classifier on the labelled studies (80/20 stratified split, seeded) — or, with `search`, the
 * best of a successive-halving search over learning rate, batch size and augmentation — registers it, and
 * promotes it when no model is active or its validation AUC is at least the active one's; then
 * queues scoring of pending studies. Runs in the worker only.
 */
@Injectable()
// Epochs yield to the event loop after every batch: a short lease finds a dead worker quickly.
@QueueJob(TRAIN_CLASSIFIER_QUEUE, { retryLimit: 1, expireInSeconds: 4 * 3600, leaseSeconds: 30 })
export class TrainTriageClassifierJob implements JobHandler<StartTrainingRunDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ModelRegistry,
    private readonly jobs: JobQueue,
  ) {}

  async handle(job: QueuedJob<StartTrainingRunDto>, progress: JobProgressReporter) {
    const studies: LabelledStudy[] = await this.dataSource.query(
      // A stable order (references, then ids) so that a seed gives the same split on the same data.
      'SELECT id, width, height, pixels, label FROM studies WHERE label IS NOT NULL ORDER BY coalesce(study_ref, id::text)',
    );
    const labels = [...new Set(studies.map((study) => study.label))].sort();
    // "normal" first when present: the abnormality score is 1 − P(normal).
    const classNames = labels.includes('normal')
      ? ['normal', ...labels.filter((label) => label !== 'normal')]
      : labels;
    if (classNames.length < 2)
      throw new NonRetryableJobError(
        `training needs labelled studies of at least two classes; found ${classNames.join(', ') || 'none'}`,
      );
    const seed = job.data.seed ?? 42;
    const [trainRows, validationRows] = stratifiedSplit(studies, (study) => study.label, {
      ratios: [0.8, 0.2],
      seed,
    });
    await progress.report(
      0.02,
      `${trainRows.length} training and ${validationRows.length} validation studies`,
    );
    const epochs = job.data.epochs ?? 20;
    const trainSet = toImageSet(trainRows, classNames);
    const validationSet = toImageSet(validationRows, classNames);
    const shared = {
      pretrainEpochs: job.data.pretrainEpochs ?? 0,
      architecture: job.data.architecture ?? 'cnn',
      targetSensitivity: job.data.targetSensitivity ?? 0.95,
      classNames,
      normalClass: 0,
    };
    let searched: Awaited<ReturnType<typeof searchTriageClassifier>> | null = null;
    if (job.data.search)
      searched = await searchTriageClassifier(trainSet, validationSet, {
        trials: job.data.search.trials,
        eta: job.data.search.eta ?? 3,
        epochs,
        seed,
        training: shared,
        onTrial: async (trial) => {
          const { learningRate, batchSize, augmentation } = trial.config;
          await progress.report(
            0.05 + 0.85 * trial.fraction,
            `trial ${trial.done}/${trial.of} (#${trial.trialIndex}: learning rate ${learningRate.toExponential(2)}, ` +
              `batch ${batchSize}, augmentation ${augmentation}) at ${trial.epochs} epochs: validation AUC ${trial.auc.toFixed(4)}`,
          );
        },
      });
    const { model, metadata } =
      searched ??
      (await trainTriageClassifier(trainSet, validationSet, {
        ...shared,
        epochs,
        batchSize: job.data.batchSize ?? 64,
        seed,
        // The job's workspace survives a worker crash: the retried run resumes from the last epoch.
        checkpointDir: join(job.workspace, 'checkpoints'),
        // Once another worker runs this job, this run must not overwrite the checkpoints it resumes from.
        signal: job.signal,
        onEpoch: async (record) => {
          await progress.report(
            0.05 + (0.85 * record.epoch) / epochs,
            `epoch ${record.epoch}: loss ${record.loss.toFixed(4)}, validation AUC ${record.val_auc?.toFixed(4)}`,
          );
        },
      }));
    // What the registered model was trained with: the searched settings replace the requested ones.
    const search = searched?.summary;
    const config = search
      ? { ...job.data, ...search.best.config, classNames, inputSide: INPUT_SIDE, search }
      : { ...job.data, classNames, inputSide: INPUT_SIDE };
    const workspace = await mkdtemp(join(tmpdir(), 'deepworks-triage-model-'));
    const directory = join(workspace, 'model');
    try {
      await saveTriageClassifier(directory, model, metadata);
      const version = await this.registry.register({
        task: TRIAGE_MODEL_TASK,
        config,
        dataFingerprint: fingerprint(studies),
        metrics: { ...metadata.validation },
        sourceDir: directory,
        createdBy: `job:${job.id}`,
        trainingJobId: job.id,
      });
      const active = await this.registry.active(TRIAGE_MODEL_TASK);
      const promote = !active || metadata.validation.auc >= (active.metrics.auc ?? 0);
      if (promote) {
        await this.registry.promote(version.id, `job:${job.id}`);
        await this.jobs.enqueue(SCORE_PENDING_QUEUE, {});
      }
      return {
        modelVersion: version.version,
        modelVersionId: version.id,
        promoted: promote,
        validation: metadata.validation,
        training: metadata.training,
        ...(search ? { search } : {}),
      };
    } finally {
      model.dispose();
      await rm(workspace, { recursive: true, force: true });
    }
  }
}

function toImageSet(studies: LabelledStudy[], classNames: string[]): ImageSet {
  const side = INPUT_SIDE;
  const pixels = new Uint8Array(studies.length * side * side);
  studies.forEach((study, index) => {
    const image = { width: study.width, height: study.height, channels: 1 as const, data: study.pixels };
    pixels.set(resizeBilinear(image, side, side).data, index * side * side);
  });
  return {
    count: studies.length,
    height: side,
    width: side,
    channels: 1,
    pixels,
    labels: Int32Array.from(studies, (study) => classNames.indexOf(study.label)),
  };
}

/** sha256 of the ids and labels trained on: the same rows, the same fingerprint. */
function fingerprint(studies: LabelledStudy[]): string {
  const hash = createHash('sha256');
  for (const study of studies) hash.update(`${study.id}:${study.label}\n`);
  return `sha256:${hash.digest('hex')}`;
}
