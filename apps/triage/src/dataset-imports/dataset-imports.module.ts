import { Module } from '@nestjs/common';
import { DatasetImportJobHandler } from './dataset-import.job';
import { DatasetImportsController } from './dataset-imports.controller';
import { DatasetImportsService } from './dataset-imports.service';

@Module({
  controllers: [DatasetImportsController],
  providers: [DatasetImportsService, DatasetImportJobHandler],
})
export class DatasetImportsModule {}
