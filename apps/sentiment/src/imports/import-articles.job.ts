import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { streamCsv, streamJsonl } from '@deepworks/data-prep';
import {
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
  NonRetryableJobError,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { ArticleStore, type NewArticle } from '../articles/article.store';
import { ScoringQueue, SCORING_BATCH } from '../scoring/scoring.queue';
import {
  type ImportColumns,
  type ImportFormat,
  mapCsvRecord,
  mapJsonRecord,
  type MappedRecord,
} from './import-record.mapper';

export const IMPORT_ARTICLES_QUEUE = 'import-articles';
/** Bad rows named in the job's output; all are counted. */
export const IMPORT_ERRORS_KEPT = 100;

export interface ImportArticlesJob {
  path: string;
  format: ImportFormat;
  columns: ImportColumns;
  /** Lines in the file, for progress. */
  lines: number;
}

export interface ImportReport {
  rows: number;
  stored: number;
  duplicates: number;
  rejected: number;
  errors: { line: number; reason: string }[];
  scoringJobs: number;
}

/**
 * Reads an uploaded CSV or JSONL file row by row, stores the good rows in chunks (each chunk with its
 * scoring job, in one transaction) and reports the bad ones with their line: one bad row never stops an
 * import. Re-running an import stores nothing twice (source ids, content hashes).
 */
@Injectable()
@QueueJob(IMPORT_ARTICLES_QUEUE, { retryLimit: 1, expireInSeconds: 3600 })
export class ImportArticlesJobHandler implements JobHandler<ImportArticlesJob, ImportReport> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ArticleStore,
    private readonly scoring: ScoringQueue,
  ) {}

  async handle(job: QueuedJob<ImportArticlesJob>, progress: JobProgressReporter): Promise<ImportReport> {
    const { path, format, columns } = job.data;
    const report: ImportReport = {
      rows: 0,
      stored: 0,
      duplicates: 0,
      rejected: 0,
      errors: [],
      scoringJobs: 0,
    };
    const reject = (line: number, reason: string) => {
      report.rejected++;
      if (report.errors.length < IMPORT_ERRORS_KEPT) report.errors.push({ line, reason });
    };
    const now = new Date();
    let pending: NewArticle[] = [];
    let lastLine = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      const articles = pending;
      pending = [];
      const outcome = await this.dataSource.transaction(async (manager) => {
        const stored = await this.store.store(manager, articles);
        report.scoringJobs += (
          await this.scoring.enqueue(
            manager,
            stored.stored.map((entry) => entry.id),
          )
        ).length;
        return stored;
      });
      report.stored += outcome.stored.length;
      report.duplicates += outcome.skipped.length;
      await progress.report(
        Math.min(0.99, lastLine / Math.max(1, job.data.lines)),
        `line ${lastLine}: ${report.stored} stored, ${report.duplicates} duplicates, ${report.rejected} rejected`,
      );
    };
    const accept = async (line: number, mapped: MappedRecord) => {
      report.rows++;
      lastLine = line;
      if ('problem' in mapped) reject(line, mapped.problem);
      else pending.push(mapped.article);
      if (pending.length >= SCORING_BATCH) await flush();
    };

    if (format === 'csv') {
      const csv = streamCsv(createReadStream(path), { maxErrors: IMPORT_ERRORS_KEPT });
      let checked = false;
      for await (const row of csv) {
        if (!checked) {
          const missing = [
            columns.text,
            columns.sourceId,
            columns.publishedAt,
            columns.label,
            columns.topic,
            columns.tickers,
          ]
            .filter((column): column is string => column !== undefined)
            .filter((column) => !csv.columns.includes(column));
          if (missing.length > 0) {
            throw new NonRetryableJobError(
              `no column(s) ${missing.join(', ')} in the header [${csv.columns.join(', ')}]`,
            );
          }
          checked = true;
        }
        await accept(row.line, mapCsvRecord(row.values, columns, now));
      }
      await flush();
      mergeParseErrors(report, csv.errors, csv.errorCount);
    } else {
      const jsonl = streamJsonl(createReadStream(path), { maxErrors: IMPORT_ERRORS_KEPT });
      for await (const row of jsonl) await accept(row.line, mapJsonRecord(row.value, now));
      await flush();
      mergeParseErrors(report, jsonl.errors, jsonl.errorCount);
    }
    await rm(path, { force: true });
    return report;
  }

  /** No attempt will read the upload again. */
  async failedForGood({ path }: ImportArticlesJob): Promise<void> {
    await rm(path, { force: true });
  }
}

function mergeParseErrors(
  report: ImportReport,
  errors: readonly { line: number; reason: string }[],
  count: number,
): void {
  report.rows += count;
  report.rejected += count;
  report.errors = [...report.errors, ...errors].sort((a, b) => a.line - b.line).slice(0, IMPORT_ERRORS_KEPT);
}
