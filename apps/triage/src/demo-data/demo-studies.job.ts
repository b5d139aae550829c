import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateFindingImages } from '@deepworks/demo-data';
import {
  DEMO_DATA_QUEUE,
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
  type SeedDemoDataJob,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { StudyEntity } from '../studies/study.entity';

const CHUNK = 500;

/** Stores generated labelled images as studies; `demo-<seed>-<n>` refs make a re-run a no-op. */
@Injectable()
@QueueJob(DEMO_DATA_QUEUE, { retryLimit: 2, expireInSeconds: 600 })
export class DemoStudiesJob implements JobHandler<SeedDemoDataJob> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(job: QueuedJob<SeedDemoDataJob>, progress: JobProgressReporter) {
    const images = generateFindingImages({ seed: job.data.seed, count: job.data.size });
    return this.dataSource.transaction(async (manager) => {
      let stored = 0;
      for (let start = 0; start < images.length; start += CHUNK) {
        const rows = images.slice(start, start + CHUNK).map((image, offset) => ({
          studyRef: `demo-${job.data.seed}-${start + offset + 1}`,
          patientRef: null,
          width: image.size,
          height: image.size,
          pixels: Buffer.from(image.pixels),
          label: image.label,
          source: 'demo' as const,
        }));
        const result = await manager
          .createQueryBuilder()
          .insert()
          .into(StudyEntity)
          .values(rows)
          .orIgnore()
          .execute();
        // RETURNING yields one row per stored study; ignored duplicates return none.
        stored += (result.raw as unknown[]).length;
        await progress.report((start + rows.length) / images.length, `stored ${start + rows.length} images`);
      }
      return { studies: stored, skipped: images.length - stored };
    });
  }
}
