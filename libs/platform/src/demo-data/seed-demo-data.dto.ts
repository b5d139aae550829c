import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The queue each app's demo-data seeder listens on. */
export const DEMO_DATA_QUEUE = 'seed-demo-data';

export class SeedDemoDataDto {
  @ApiPropertyOptional({ description: 'Generator seed: the same seed gives the same data', default: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seed?: number;

  @ApiPropertyOptional({ description: 'How many records of the main kind to generate', default: 200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20_000)
  size?: number;
}

export interface SeedDemoDataJob {
  seed: number;
  size: number;
}

export function demoDataJob(request: SeedDemoDataDto): SeedDemoDataJob {
  return { seed: request.seed ?? 1, size: request.size ?? 200 };
}
