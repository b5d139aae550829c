import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { SURGE_GRANULARITIES, type BucketGranularity } from '../sentiment.environment';

export class BucketQueryDto {
  @ApiPropertyOptional({ enum: SURGE_GRANULARITIES, default: 'hour' })
  @IsOptional()
  @IsIn(SURGE_GRANULARITIES)
  granularity: BucketGranularity = 'hour';

  @ApiPropertyOptional({ enum: ['topic', 'ticker', 'all'], default: 'topic' })
  @IsOptional()
  @IsIn(['topic', 'ticker', 'all'])
  dimension: 'topic' | 'ticker' | 'all' = 'topic';

  @ApiPropertyOptional({ description: 'One topic or ticker; default: every key' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  key?: string;

  @ApiPropertyOptional({ description: 'Last bucket (ISO 8601); default: the newest scored article' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Buckets back from `to`', default: 48, maximum: 1440 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  buckets = 48;
}

export class BucketPointDto {
  @ApiProperty() bucketStart!: string;
  @ApiProperty() articles!: number;
  @ApiProperty() negative!: number;
  @ApiProperty() neutral!: number;
  @ApiProperty() positive!: number;
  @ApiProperty({ description: 'Mean of p(positive) − p(negative) over the articles' }) meanPolarity!: number;
}

export class BucketSeriesDto {
  @ApiProperty() key!: string;
  @ApiProperty({ type: [BucketPointDto] }) points!: BucketPointDto[];
}

export class BucketSeriesPageDto {
  @ApiProperty() granularity!: string;
  @ApiProperty() dimension!: string;
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty({ nullable: true, type: String }) to!: string | null;
  @ApiProperty({ type: [BucketSeriesDto] }) series!: BucketSeriesDto[];
}
