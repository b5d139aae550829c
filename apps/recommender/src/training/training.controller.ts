import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedRequest, RequireRole } from '@deepworks/platform';
import {
  StartTrainingRunDto,
  type TrainingRunAcceptedDto,
  type TrainingRunDto,
} from './dto/training-run.dto';
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
    summary: 'Train, evaluate and register a recommendations model in the worker; promoted if it wins',
  })
  start(
    @Body() body: StartTrainingRunDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<TrainingRunAcceptedDto> {
    return this.training.start(body, request.principal?.label ?? 'anonymous');
  }

  @Get()
  @ApiOperation({ summary: 'The latest training runs, newest first' })
  list(): Promise<TrainingRunDto[]> {
    return this.training.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One run: status, held-out metrics, registered version, promotion decision' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<TrainingRunDto> {
    return this.training.get(id);
  }
}
