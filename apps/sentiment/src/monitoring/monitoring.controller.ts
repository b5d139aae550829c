import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { BucketQueryDto, type BucketSeriesPageDto } from './bucket.dto';
import { BucketsService } from './buckets.service';
import { MonitoringService } from './monitoring.service';
import type { SurgeParameters } from './surge.detector';

@ApiTags('monitoring')
@ApiSecurity('api-key')
@Controller('monitoring')
export class MonitoringController {
  constructor(
    private readonly buckets: BucketsService,
    private readonly monitoring: MonitoringService,
  ) {}

  @Get('buckets')
  @ApiOperation({ summary: 'Sentiment counts per topic / ticker / all, per minute, hour or day (UTC)' })
  series(@Query() query: BucketQueryDto): Promise<BucketSeriesPageDto> {
    return this.buckets.series(query);
  }

  @Get('surge-parameters')
  @ApiOperation({ summary: 'The surge detector configuration in force' })
  parameters(): SurgeParameters & { granularity: string } {
    return { granularity: this.monitoring.granularity, ...this.monitoring.parameters };
  }
}
