import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformEnvironment } from '@deepworks/platform';

export class SentimentEnvironment extends PlatformEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  SENTIMENT_PORT = 3003;
}
