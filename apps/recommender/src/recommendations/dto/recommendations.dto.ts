import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const RECOMMENDATION_SOURCES = ['model', 'popularity', 'text'] as const;
export type RecommendationSource = (typeof RECOMMENDATION_SOURCES)[number];

export class TopKQueryDto {
  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  k = 10;
}

export class RecommendationQueryDto extends TopKQueryDto {
  @ApiPropertyOptional({ default: true, description: "Leave out items already in the user's history" })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  exclude_seen = true;

  @ApiPropertyOptional({ description: 'Only items of this category' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  category?: string;

  @ApiPropertyOptional({
    description: 'Free text for a user with no history yet ("enamel kettle"): ranks by TF-IDF match',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  interest?: string;
}

export class RecommendedItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'The ranking score (model units; popularity counts; text cosine)' })
  score!: number;
  @ApiProperty({ example: 'because you viewed "Vintage kettle"' })
  explanation!: string;
}

export class RecommendationsDto {
  @ApiProperty({ type: [RecommendedItemDto] }) items!: RecommendedItemDto[];
  @ApiProperty({ enum: RECOMMENDATION_SOURCES, description: 'What ranked the items' })
  source!: RecommendationSource;
  @ApiProperty({ description: 'The registry version that served' }) modelVersion!: number;
}
