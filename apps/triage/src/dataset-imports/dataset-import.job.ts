import { rm } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { toGrayscale } from '@deepworks/data-prep';
import { DATASET_SPLITS, type DatasetSplit, readMedmnist } from '@deepworks/imaging';
import {
  insertInChunks,
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { StudyEntity } from '../studies/study.entity';

export const DATASET_IMPORT_QUEUE = 'import-dataset';

export interface DatasetImportJob {
  /** The uploaded `.npz`, kept under DEEPWORKS_HOME until the job has run. */
  file: string;
  /** First 12 hex digits of the file's sha256: with split and index, each study's reference. */
  digest: string;
  splits: DatasetSplit[];
  classNames: string[];
}

/**
 * Stores a MedMNIST `.npz` (already checked when it was uploaded) as labelled studies, all in one
 * transaction: an import is there whole or not at all. References `<digest>-<split>-<n>` make a
 * re-import of the same file store nothing new.
 */
@Injectable()
@QueueJob(DATASET_IMPORT_QUEUE, { retryLimit: 2, expireInSeconds: 3600 })
export class DatasetImportJobHandler implements JobHandler<DatasetImportJob> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(job: QueuedJob<DatasetImportJob>, progress: JobProgressReporter) {
    const { file, digest, splits, classNames } = job.data;
    const sets = await readMedmnist(
      file,
      splits.filter((split) => DATASET_SPLITS.includes(split)),
    );
    const rows = splits.flatMap((split) => {
      const set = sets[split]!;
      const side = set.height * set.width;
      return Array.from({ length: set.count }, (_, index) => ({
        studyRef: `${digest}-${split}-${index + 1}`,
        patientRef: null,
        width: set.width,
        height: set.height,
        // Stored grayscale, as uploads are: 3-channel sets keep their luminance.
        pixels: Buffer.from(
          toGrayscale({
            width: set.width,
            height: set.height,
            channels: set.channels,
            data: set.pixels.subarray(index * side * set.channels, (index + 1) * side * set.channels),
          }).data,
        ),
        label: classNames[set.labels[index]] ?? `class-${set.labels[index]}`,
        source: 'import' as const,
        format: 'raw' as const,
        status: 'pending' as const,
      }));
    });
    const stored = await this.dataSource.transaction((manager) =>
      insertInChunks(manager, StudyEntity, rows, {
        chunkSize: 500,
        skipDuplicates: true,
        onChunk: (done, total) => progress.report((0.95 * done) / total, `stored ${done} of ${total} images`),
      }),
    );
    await rm(file, { force: true });
    return { studies: stored, skipped: rows.length - stored, splits };
  }

  /** No attempt will read the upload again. */
  async failedForGood({ file }: DatasetImportJob): Promise<void> {
    await rm(file, { force: true });
  }
}
