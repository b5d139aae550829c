import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { JobQueue, PLATFORM_OPTIONS, type PlatformOptions } from '@deepworks/platform';
import type { ImportQueryDto } from './import.dto';
import { IMPORT_ARTICLES_QUEUE, type ImportArticlesJob } from './import-articles.job';
import type { ImportFormat } from './import-record.mapper';
import { ImportsException, ImportsExceptionCode } from './imports.exception';

/** Content types `POST /imports` accepts, and the format each means. */
export const IMPORT_CONTENT_TYPES: Readonly<Record<string, ImportFormat>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
};

/**
 * Keeps an uploaded file under `<DEEPWORKS_HOME>/imports/` (which the worker shares, as it shares the
 * model registry's directory) and queues its import; the worker deletes the file when done.
 */
@Injectable()
export class ImportsService {
  private readonly directory: string;

  constructor(
    @Inject(PLATFORM_OPTIONS) options: PlatformOptions,
    private readonly jobs: JobQueue,
  ) {
    this.directory = resolve(options.environment.DEEPWORKS_HOME, 'imports', options.app);
  }

  async start(body: Buffer, contentType: string | undefined, query: ImportQueryDto) {
    const declared = IMPORT_CONTENT_TYPES[(contentType ?? '').split(';')[0].trim().toLowerCase()];
    const format = query.format ?? declared;
    if (!format) {
      throw new ImportsException(
        ImportsExceptionCode.UnsupportedFormat,
        `Send the file as ${Object.keys(IMPORT_CONTENT_TYPES).join(' or ')}`,
      );
    }
    if (body.length === 0)
      throw new ImportsException(ImportsExceptionCode.EmptyUpload, 'The upload is empty');
    await mkdir(this.directory, { recursive: true });
    const path = join(this.directory, `${randomUUID()}.${format}`);
    await writeFile(path, body);
    const job: ImportArticlesJob = {
      path,
      format,
      columns: {
        text: query.textColumn,
        sourceId: query.idColumn,
        publishedAt: query.timeColumn,
        label: query.labelColumn,
        topic: query.topicColumn,
        tickers: query.tickersColumn,
      },
      lines: countLines(body),
    };
    try {
      return { jobId: await this.jobs.enqueue(IMPORT_ARTICLES_QUEUE, job), bytes: body.length, format };
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }
}

function countLines(body: Buffer): number {
  let lines = 0;
  for (let index = body.indexOf(0x0a); index >= 0; index = body.indexOf(0x0a, index + 1)) lines++;
  return body[body.length - 1] === 0x0a ? lines : lines + 1;
}
