import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobQueue } from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { CatalogImportEntity } from './catalog-import.entity';
import { CatalogException, CatalogExceptionCode } from './catalog.exception';
import { CatalogImportDto, type StartCatalogImportDto } from './dto/catalog-import.dto';

export const CATALOG_IMPORT_QUEUE = 'catalog-import';

export interface CatalogImportJob {
  importId: string;
}

@Injectable()
export class CatalogImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  /** Stores the file and queues its import in one transaction: no import row without its job. */
  async start(request: StartCatalogImportDto, actor: string): Promise<{ importId: string; jobId: string }> {
    const importId = randomUUID();
    return this.dataSource.transaction(async (manager) => {
      await manager.insert(CatalogImportEntity, {
        id: importId,
        format: request.format,
        content: request.content,
        status: 'queued',
        problems: [],
        problemCount: 0,
        createdBy: actor,
      });
      const jobId = await this.jobs.enqueue(CATALOG_IMPORT_QUEUE, { importId } satisfies CatalogImportJob, {
        manager,
      });
      await manager.update(CatalogImportEntity, { id: importId }, { jobId });
      return { importId, jobId };
    });
  }

  async get(id: string): Promise<CatalogImportDto> {
    const entity = await this.dataSource.manager.findOneBy(CatalogImportEntity, { id });
    if (!entity) {
      throw new CatalogException(CatalogExceptionCode.ImportNotFound, `No catalogue import ${id}`, { id });
    }
    return CatalogImportDto.from(entity);
  }
}
