import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateFindingImages } from '@deepworks/demo-data';
import {
  DEMO_DATA_QUEUE,
  insertInChunks,
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
  type SeedDemoDataJob,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { StudyEntity } from '../studies/study.entity';

/** Stores generated labelled images as studies; `demo-<seed>-<n>` refs make a re-run a no-op. */
@Injectable()
@QueueJob(DEMO_DATA_QUEUE, { retryLimit: 2, expireInSeconds: 600 })
export class DemoStudiesJob implements JobHandler<SeedDemoDataJob> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(job: QueuedJob<SeedDemoDataJob>, progress: JobProgressReporter) {
    const images = generateFindingImages({ seed: job.data.seed, count: job.data.size });
    const rows = images.map((image, index) => ({
      studyRef: `demo-${job.data.seed}-${index + 1}`,
      patientRef: null,
      width: image.size,
      height: image.size,
      pixels: Buffer.from(image.pixels),
      label: image.label,
      source: 'demo' as const,
    }));
    const stored = await this.dataSource.transaction((manager) =>
      insertInChunks(manager, StudyEntity, rows, {
        chunkSize: 500,
        skipDuplicates: true,
        onChunk: (done, total) => progress.report(done / total, `stored ${done} images`),
      }),
    );
    return { studies: stored, skipped: images.length - stored };
  }
}
