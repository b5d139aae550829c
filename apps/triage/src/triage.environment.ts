import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PlatformEnvironment } from '@deepworks/platform';

export class TriageEnvironment extends PlatformEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  TRIAGE_PORT = 3002;
}
