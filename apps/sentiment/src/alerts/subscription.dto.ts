import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUrl, Length } from 'class-validator';

export class CreateSubscriptionDto {
  @ApiProperty({
    description: 'Receives a POST with the alert as JSON',
    example: 'https://hooks.example/alerts',
  })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url!: string;

  @ApiPropertyOptional({ type: [String], description: 'Only these topics; empty or absent: all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  topics?: string[];
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() active!: boolean;
}

export interface SubscriptionRow {
  id: string;
  url: string;
  topics: string[];
  created_by: string;
  created_at: Date;
  active: boolean;
}

export function toSubscriptionDto(row: SubscriptionRow): SubscriptionDto {
  return {
    id: row.id,
    url: row.url,
    topics: row.topics,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    active: row.active,
  };
}
