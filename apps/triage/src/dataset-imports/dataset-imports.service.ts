import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DATASET_SPLITS, type DatasetSplit, DatasetLayoutError, readMedmnist } from '@deepworks/imaging';
import { JobQueue, PLATFORM_OPTIONS, type PlatformOptions } from '@deepworks/platform';
import { StudiesException, StudiesExceptionCode } from '../studies/studies.exception';
import { DATASET_IMPORT_QUEUE, type DatasetImportJob } from './dataset-import.job';

export interface DatasetImportRequest {
  bytes: Buffer;
  splits?: DatasetSplit[];
  classNames?: string[];
}

/**
 * Checks an uploaded MedMNIST `.npz` in the request (a wrong layout is a 400 and nothing is kept), then
 * leaves the storing to the worker.
 */
@Injectable()
export class DatasetImportsService {
  private readonly uploads: string;

  constructor(
    private readonly jobs: JobQueue,
    @Inject(PLATFORM_OPTIONS) options: PlatformOptions,
  ) {
    this.uploads = resolve(options.environment.DEEPWORKS_HOME, 'uploads', options.app);
  }

  async start(request: DatasetImportRequest): Promise<{ jobId: string; images: number; classes: number }> {
    const splits = request.splits ?? [...DATASET_SPLITS];
    let sets: Awaited<ReturnType<typeof readMedmnist>>;
    try {
      sets = await readMedmnist(request.bytes, splits);
    } catch (error) {
      if (!(error instanceof DatasetLayoutError)) throw error;
      throw new StudiesException(StudiesExceptionCode.DatasetLayout, `Not a MedMNIST .npz: ${error.message}`);
    }
    const labels = splits.flatMap((split) => Array.from(sets[split]!.labels));
    const classes = Math.max(...labels) + 1;
    if (request.classNames && request.classNames.length !== classes)
      throw new StudiesException(
        StudiesExceptionCode.DatasetLayout,
        `${request.classNames.length} class names given for ${classes} classes in the labels`,
      );
    const images = labels.length;
    await mkdir(this.uploads, { recursive: true });
    const file = join(this.uploads, `${randomUUID()}.npz`);
    await writeFile(file, request.bytes);
    const job: DatasetImportJob = {
      file,
      digest: createHash('sha256').update(request.bytes).digest('hex').slice(0, 12),
      splits,
      classNames: request.classNames ?? Array.from({ length: classes }, (_, index) => `class-${index}`),
    };
    try {
      return { jobId: await this.jobs.enqueue(DATASET_IMPORT_QUEUE, { ...job }), images, classes };
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
  }
}
