import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/access.decorators';
import { JobQueue } from '../jobs/job-queue.service';
import { DEMO_DATA_QUEUE, demoDataJob, SeedDemoDataDto } from './seed-demo-data.dto';

/** Added to an app's module by apps that ship a `seed-demo-data` job handler. */
@ApiTags('demo data')
@ApiSecurity('api-key')
@Controller('demo-data')
export class DemoDataController {
  constructor(private readonly jobs: JobQueue) {}

  @Post()
  @HttpCode(202)
  @RequireRole('admin')
  @ApiOperation({ summary: "Queue loading this app's generated demo data (skipped if already loaded)" })
  async seed(@Body() request: SeedDemoDataDto): Promise<{ jobId: string }> {
    return {
      jobId: await this.jobs.enqueue(DEMO_DATA_QUEUE, demoDataJob(request), { singletonKey: 'demo' }),
    };
  }
}
