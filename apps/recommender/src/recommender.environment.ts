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

  /**
   * How often the API reads the events stored since its last read (by other processes: the events this
   * API stores count at once). Requests never query events: they read the histories kept in memory.
   */
  @Type(() => Number)
  @IsInt()
  @Min(20)
  @Max(600_000)
  RECOMMENDER_EVENTS_POLL_MS = 1000;

  /**
   * The largest catalogue EASE is trained on: its fit needs ~28 bytes per pair of items (2.8 GB at
   * 10,000) and time growing with the cube. A larger one is refused with 422 before anything is queued.
   */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(40_000)
  RECOMMENDER_EASE_MAX_ITEMS = 10_000;
}
