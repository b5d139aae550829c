import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DomainException } from '../errors/domain.exception';
import { JobQueue, type JobStatus } from './job-queue.service';

@ApiTags('jobs')
@ApiSecurity('api-key')
@Controller('jobs')
export class JobsController {
  constructor(private readonly queue: JobQueue) {}

  @Get(':id')
  @ApiOperation({ summary: 'State and progress of a background job (training, import, seeding)' })
  async status(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<JobStatus> {
    const status = await this.queue.status(id);
    if (!status) throw new DomainException('not_found', 'JOB_NOT_FOUND', `No job ${id}`);
    return status;
  }
}
