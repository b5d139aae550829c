import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IMPORT_FORMATS, type ImportFormat } from './import-record.mapper';

/** Query of `POST /imports`: the format (default: from the content type) and, for CSV, the columns. */
export class ImportQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_FORMATS })
  @IsOptional()
  @IsIn(IMPORT_FORMATS)
  format?: ImportFormat;

  @ApiPropertyOptional({ default: 'text' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  textColumn = 'text';

  @ApiPropertyOptional({ description: "Column of the publisher's id" })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  idColumn?: string;

  @ApiPropertyOptional({ description: 'Column of the publication time (ISO 8601)' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  timeColumn?: string;

  @ApiPropertyOptional({ description: 'Column of a sentiment label (positive/neutral/negative, bullish…)' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  labelColumn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 128)
  topicColumn?: string;

  @ApiPropertyOptional({ description: 'Column of tickers separated by spaces, commas or semicolons' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  tickersColumn?: string;
}
