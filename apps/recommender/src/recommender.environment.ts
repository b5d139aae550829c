import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformEnvironment } from '@deepworks/platform';

export class RecommenderEnvironment extends PlatformEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  RECOMMENDER_PORT = 3001;

  /** How often the API asks the registry which recommendations model is active (a one-row query). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(600_000)
  RECOMMENDER_MODEL_POLL_MS = 2000;

  /** Users whose merged history the API keeps in memory per model version (least recently used go). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RECOMMENDER_HISTORY_CACHE_USERS = 100_000;
}
