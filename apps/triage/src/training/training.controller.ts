import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { JobQueue, RequireRole } from '@deepworks/platform';
import { StartTrainingRunDto } from './dto/training-run.dto';
import { TRAIN_CLASSIFIER_QUEUE } from './train-triage-classifier.job';

@ApiTags('training')
@ApiSecurity('api-key')
@Controller('training-runs')
export class TrainingController {
  constructor(private readonly jobs: JobQueue) {}

  @Post()
  @RequireRole('admin')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Train a classifier on the labelled studies in the worker; follow it at /jobs/:id',
  })
  async start(@Body() body: StartTrainingRunDto): Promise<{ jobId: string }> {
    return { jobId: await this.jobs.enqueue(TRAIN_CLASSIFIER_QUEUE, { ...body }, { singletonKey: 'train' }) };
  }
}
