import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedRequest, RequireRole } from '@deepworks/platform';
import { StartTrainingDto } from './training.dto';
import { TrainingService } from './training.service';

@ApiTags('training')
@ApiSecurity('api-key')
@Controller('training-runs')
export class TrainingController {
  constructor(private readonly training: TrainingService) {}

  @Post()
  @HttpCode(202)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Train on the labelled articles; register, and promote if it beats the active model',
  })
  start(
    @Body() body: StartTrainingDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<{ jobId: string; labelledArticles: number }> {
    return this.training.start(body, request.principal?.label ?? 'anonymous');
  }
}
