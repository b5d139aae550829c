import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogImportController } from './catalog-import.controller';
import { CatalogImportEntity } from './catalog-import.entity';
import { CatalogImportJobHandler } from './catalog-import.job';
import { CatalogImportService } from './catalog-import.service';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { ItemEntity } from './item.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ItemEntity, CatalogImportEntity])],
  controllers: [CatalogController, CatalogImportController],
  providers: [CatalogService, CatalogImportService, CatalogImportJobHandler],
})
export class CatalogModule {}
