import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Items per `POST /items` batch: one multi-row statement, well under PostgreSQL's parameter limit. */
export const MAX_ITEMS_PER_BATCH = 1000;

/** What a shop sends for one product; the same fields as a catalogue file's columns. */
export class ItemInputDto {
  @ApiProperty({ example: 'SKU-00042', description: "The shop's own id (SKU)" })
  @IsString()
  @Length(1, 128)
  @Matches(/^\S(.*\S)?$/, { message: 'id must not start or end with whitespace' })
  id!: string;

  @ApiProperty({ example: 'Enamel kettle' })
  @IsString()
  @Length(1, 500)
  title!: string;

  @ApiPropertyOptional({ example: 'A blue enamel kettle for cooking lovers.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ example: 'kitchen' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  category?: string;

  @ApiPropertyOptional({ type: [String], example: ['cooking', 'steel'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  tags?: string[];
}

export class ItemBatchDto {
  @ApiProperty({ type: [ItemInputDto], maxItems: MAX_ITEMS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => ItemInputDto)
  items!: ItemInputDto[];
}

/** An item as stored: every optional field resolved. */
export interface ItemRecord {
  id: string;
  title: string;
  description: string;
  category: string | null;
  tags: string[];
}

export function toItemRecord(input: ItemInputDto): ItemRecord {
  return {
    id: input.id,
    title: input.title,
    description: input.description ?? '',
    category: input.category ?? null,
    tags: [...new Set(input.tags ?? [])],
  };
}

export class UpsertItemsResultDto {
  @ApiProperty() received!: number;
  @ApiProperty({ description: 'Items new to the catalogue' }) created!: number;
  @ApiProperty({ description: 'Existing items whose fields were replaced' }) updated!: number;
}
