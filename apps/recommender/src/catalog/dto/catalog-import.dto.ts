import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import type { CatalogImportEntity, CatalogImportStatus } from '../catalog-import.entity';
import { CATALOGUE_FORMATS, type CatalogueFormat, type RowProblem } from '../catalogue-file.parser';

export class StartCatalogImportDto {
  @ApiProperty({ enum: CATALOGUE_FORMATS })
  @IsIn(CATALOGUE_FORMATS)
  format!: CatalogueFormat;

  @ApiProperty({
    description:
      'The file itself: CSV with a header `id,title,description,category,tags` (tags separated by |), ' +
      'or JSON Lines of item objects. Bounded by the JSON body limit (BODY_LIMIT_BYTES).',
  })
  @IsString()
  @Length(1, 512 * 1024 * 1024)
  content!: string;
}

export class CatalogImportAcceptedDto {
  @ApiProperty() importId!: string;
  @ApiProperty() jobId!: string;
}

export class CatalogImportDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CATALOGUE_FORMATS }) format!: CatalogueFormat;
  @ApiProperty({ enum: ['queued', 'applied', 'rejected'] }) status!: CatalogImportStatus;
  @ApiProperty({ nullable: true, type: String }) jobId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) rowsRead!: number | null;
  @ApiProperty({ nullable: true, type: Number }) created!: number | null;
  @ApiProperty({ nullable: true, type: Number }) updated!: number | null;
  @ApiProperty({ description: 'Malformed rows (the first 100), with their 1-based line numbers' })
  problems!: RowProblem[];
  @ApiProperty() problemCount!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;

  static from(entity: CatalogImportEntity): CatalogImportDto {
    return {
      id: entity.id,
      format: entity.format,
      status: entity.status,
      jobId: entity.jobId,
      rowsRead: entity.rowsRead,
      created: entity.createdCount,
      updated: entity.updatedCount,
      problems: entity.problems,
      problemCount: entity.problemCount,
      createdAt: entity.createdAt.toISOString(),
      finishedAt: entity.finishedAt?.toISOString() ?? null,
    };
  }
}
