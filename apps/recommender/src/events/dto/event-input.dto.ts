import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SHOP_EVENT_TYPES, type ShopEventType } from '../shop-event.entity';

export const MAX_EVENTS_PER_BATCH = 1000;

export class EventInputDto {
  @ApiProperty({ example: 'user-0042' })
  @IsString()
  @Length(1, 128)
  user!: string;

  @ApiProperty({ example: 'SKU-00017', description: 'Must already be in the catalogue' })
  @IsString()
  @Length(1, 128)
  item!: string;

  @ApiProperty({ enum: SHOP_EVENT_TYPES })
  @IsIn(SHOP_EVENT_TYPES)
  type!: ShopEventType;

  @ApiPropertyOptional({ description: 'Stars (1–5) for a rating, required there; a quantity for a purchase' })
  @ValidateIf((event: EventInputDto) => event.type === 'rating' || event.value !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  value?: number;

  @ApiPropertyOptional({ example: '2026-01-05T10:00:00Z', description: 'When it happened; default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  timestamp?: string;
}

export class EventBatchDto {
  @ApiProperty({ type: [EventInputDto], maxItems: MAX_EVENTS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENTS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => EventInputDto)
  events!: EventInputDto[];
}

export class EventBatchResultDto {
  @ApiProperty({ description: 'Events stored by this batch (all of them: a batch is all or nothing)' })
  stored!: number;

  @ApiProperty({ description: 'Ids given to the first and last stored event' })
  eventIds!: { first: string; last: string };
}
