import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
  NonRetryableJobError,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { CatalogImportEntity } from './catalog-import.entity';
import { CATALOG_IMPORT_QUEUE, type CatalogImportJob } from './catalog-import.service';
import { parseCatalogueFile } from './catalogue-file.parser';
import { upsertItems } from './item-upsert.query';

/** Problems kept on the import row; `problemCount` says how many there were in all. */
const MAX_LISTED_PROBLEMS = 100;

export interface CatalogImportOutcome {
  status: 'applied' | 'rejected';
  rowsRead: number;
  created: number;
  updated: number;
  problemCount: number;
}

/**
 * Applies one uploaded catalogue file as one batch: every row is checked first, and a file with any
 * malformed row is rejected whole (its problems listed by line); a clean file is upserted in one
 * transaction, so a crash half-way leaves nothing behind and the retry starts afresh. A rejected file
 * completes the job: retrying it would only find the same problems.
 */
@Injectable()
@QueueJob(CATALOG_IMPORT_QUEUE, { retryLimit: 2, expireInSeconds: 900 })
export class CatalogImportJobHandler implements JobHandler<CatalogImportJob, CatalogImportOutcome> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(
    job: QueuedJob<CatalogImportJob>,
    progress: JobProgressReporter,
  ): Promise<CatalogImportOutcome> {
    const upload = await this.dataSource.manager.findOne(CatalogImportEntity, {
      where: { id: job.data.importId },
      select: { id: true, format: true, content: true },
    });
    if (!upload) throw new NonRetryableJobError(`catalogue import ${job.data.importId} does not exist`);
    const parsed = parseCatalogueFile(upload.format, upload.content);
    await progress.report(0.2, `checked ${parsed.rowsRead} rows: ${parsed.problems.length} malformed`);
    if (parsed.problems.length > 0) {
      await this.dataSource.manager.update(
        CatalogImportEntity,
        { id: upload.id },
        {
          status: 'rejected',
          rowsRead: parsed.rowsRead,
          createdCount: 0,
          updatedCount: 0,
          problems: parsed.problems.slice(0, MAX_LISTED_PROBLEMS),
          problemCount: parsed.problems.length,
          finishedAt: new Date(),
        },
      );
      return {
        status: 'rejected',
        rowsRead: parsed.rowsRead,
        created: 0,
        updated: 0,
        problemCount: parsed.problems.length,
      };
    }
    const counts = await this.dataSource.transaction(async (manager) => {
      const upserted = await upsertItems(manager, parsed.items, (done, total) =>
        progress.report(0.2 + (0.8 * done) / total, `applied ${done} of ${total} items`),
      );
      await manager.update(
        CatalogImportEntity,
        { id: upload.id },
        {
          status: 'applied',
          rowsRead: parsed.rowsRead,
          createdCount: upserted.created,
          updatedCount: upserted.updated,
          finishedAt: new Date(),
        },
      );
      return upserted;
    });
    return { status: 'applied', rowsRead: parsed.rowsRead, ...counts, problemCount: 0 };
  }
}
