import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '@deepworks/platform';

export class AlertDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['negative-surge'] }) kind!: 'negative-surge';
  @ApiProperty() topic!: string;
  @ApiProperty({ enum: ['minute', 'hour', 'day'] }) granularity!: string;
  @ApiProperty({ description: 'Start of the bucket that surged' }) bucketStart!: string;
  @ApiProperty({ description: 'Publication time of the newest article the detector had seen in it' })
  observedAt!: string;
  @ApiProperty() articles!: number;
  @ApiProperty() negative!: number;
  @ApiProperty() negativeShare!: number;
  @ApiProperty({ description: 'EWMA negative share before the bucket' }) baselineShare!: number;
  @ApiProperty() shareZ!: number;
  @ApiProperty() countZ!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedBy!: string | null;
}

export class AlertQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged', 'all'], default: 'all' })
  @IsOptional()
  @IsIn(['open', 'acknowledged', 'all'])
  status: 'open' | 'acknowledged' | 'all' = 'all';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  topic?: string;
}

export interface AlertRow {
  id: string;
  kind: 'negative-surge';
  topic: string;
  granularity: string;
  bucket_start: Date;
  observed_at: Date;
  articles: number;
  negative: number;
  negative_share: number;
  baseline_share: number;
  share_z: number;
  count_z: number;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

export function toAlertDto(row: AlertRow): AlertDto {
  return {
    id: row.id,
    kind: row.kind,
    topic: row.topic,
    granularity: row.granularity,
    bucketStart: row.bucket_start.toISOString(),
    observedAt: row.observed_at.toISOString(),
    articles: row.articles,
    negative: row.negative,
    negativeShare: row.negative_share,
    baselineShare: row.baseline_share,
    shareZ: row.share_z,
    countZ: row.count_z,
    createdAt: row.created_at.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by,
  };
}
